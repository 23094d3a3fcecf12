"""The process's native memory: glibc's malloc arenas capped (issue 18: RSS after an hour of load).

glibc gives a thread that finds the arenas busy an arena of its own, up to 8 per core, and an arena
keeps what was freed in it for its own reuse. zsbot's threads (each SQLite connection's, the
default executor's, the chart renderer's) malloc at once whenever they release the GIL: under load
the process gained a new arena of 2–3 MB every minute or so (RSS growing about 1 KB an update with
no Python object left behind). With two, those threads share; they hold the GIL for most of their
work, so contention stays low. The same cap as ``MALLOC_ARENA_MAX=2``, a common setting for
threaded servers, without asking every deployment to set it.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2


def cap_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas for the threads started from now on; True when set. Nothing on
    another C library or platform, nor when MALLOC_ARENA_MAX is set (the operator's choice wins)."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1
