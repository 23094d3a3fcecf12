"""jionlp, imported lazily and used under one lock."""

from __future__ import annotations

import contextlib
import functools
import io
import threading
from typing import Any

# jionlp keeps state inside its parsers: one call at a time, whichever thread makes it.
JIO_LOCK = threading.RLock()


@functools.cache
def _load_jionlp() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

    return jionlp


def jio() -> Any:
    """jionlp, imported on first use (slow-ish, prints a banner) and cached per process.

    Call its functions only while holding JIO_LOCK.
    """
    with JIO_LOCK:
        return _load_jionlp()
