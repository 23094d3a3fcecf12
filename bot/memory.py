"""The process's native memory (issue 18: RSS after an hour of load).

The C heap behind Python's objects is glibc's malloc. Under load the process's threads (each SQLite
connection's, the default executor's) take arenas of their own, and what is freed in an arena is
kept for its reuse: the process's RSS grew about 1 KB an update with no Python object left behind.
Capping the arenas (``MALLOC_ARENA_MAX=2``) stopped the growth but made the threads wait on each
other's locks (p99 at 100 updates/s from 14 to 60–80 ms). Instead, every few minutes the pages
free in every arena are handed back to the system (``malloc_trim``, glibc only).
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache

log = logging.getLogger(__name__)

TRIM_EVERY = 120.0
"""Seconds between two trims of the C heap."""


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def trim_native_heap() -> bool:
    """Hand the C heap's free pages back to the system; True when some were (glibc only)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@asynccontextmanager
async def trimming_native_heap(every: float = TRIM_EVERY) -> AsyncIterator[None]:
    """:func:`trim_native_heap` every `every` seconds while the block runs."""
    if _malloc_trim() is None:
        yield
        return

    async def trim_now_and_then() -> None:
        while True:
            await asyncio.sleep(every)
            started = time.perf_counter()
            released = trim_native_heap()
            log.debug("C heap trimmed (%s) in %.1f ms", released, (time.perf_counter() - started) * 1000)

    task = asyncio.create_task(trim_now_and_then(), name="trim-native-heap")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
