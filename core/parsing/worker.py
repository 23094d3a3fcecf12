"""Where parsing runs: off the event loop, in worker processes (or on one thread of its own).

jionlp keeps state inside its parsers and is not safe to call from several threads together,
and its first call imports models (about a second), so async code never calls a parser directly:
it awaits `parse_off_loop(parse_trip, text, today)`.

By default (tests, the sandbox, the CLI) parsing runs on one dedicated thread, never two parses at
once. `zsbot run` calls :func:`use_processes` with ``ZSBOT_PARSE_WORKERS`` (default: one per core):
then each parse runs in one of that many worker processes (jionlp is not thread-safe, processes
are), so parsing scales with the machine and leaves the event loop's interpreter alone. The
parsers are pure functions of their arguments, so where one runs changes no answer
(tests/unit/test_parsing_speed.py parses the corpus both ways). `warm_up()` pays jionlp's import
in every worker before the first user needs it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

log = logging.getLogger(__name__)

_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zsbot-parse")
_executor: Executor = _thread
_workers = 0


async def parse_off_loop(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor, functools.partial(func, *args, **kwargs))


def _worker_started(parent: int) -> None:
    """In each worker: leave when the bot's process is gone (a SIGKILL gives the pool no chance to
    stop its workers, which would wait for work forever), then warm jionlp."""
    threading.Thread(target=_exit_with, args=(parent,), name="zsbot-parent-watch", daemon=True).start()
    _warm()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _warm() -> None:
    from core.parsing.dates import parse_span
    from core.parsing.geo import place_at
    from core.parsing.places import parse_place

    parse_span("明天", dt.date(2026, 1, 1))
    parse_place("去成都")
    place_at(30.66, 104.07)  # the offline adcodes (cpca's CSV)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def use_processes(workers: int | None) -> int:
    """Parse in `workers` processes from now on (None: one per core; 0: the one thread). Returns
    the number of worker processes."""
    global _executor, _workers
    workers = default_workers() if workers is None else workers
    if workers == _workers:
        return workers
    use_thread()
    if workers > 0:
        # spawned, not forked: the bot's process has threads and an event loop a fork would copy
        _executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_started,
            initargs=(os.getpid(),),
        )
        _workers = workers
    return workers


def use_thread() -> None:
    """Back to the one parsing thread; a process pool in use is shut down."""
    global _executor, _workers
    previous, _executor, _workers = _executor, _thread, 0
    if previous is not _thread:
        previous.shutdown(wait=False, cancel_futures=True)


async def warm_up() -> None:
    """Import jionlp and its dictionaries where parsing runs (every worker process) before the
    first user needs them."""
    await asyncio.gather(*(parse_off_loop(_warm) for _ in range(max(1, _workers))))
