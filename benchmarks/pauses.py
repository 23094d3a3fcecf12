"""Where a process stops: event-loop callbacks and garbage collections longer than a threshold,
written one line each to a file of the process's own in a folder (not a test; for the benchmarks).

A p99 that moves between runs of the same code is a pause somewhere — in the bot, or in the load
generator and the emulators that measure it (a full collection of the benchmark's own heap once
stalled every step for up to 0.6 s). ``python -m benchmarks.webhook --pauses FOLDER`` installs this in
its own process and, through ``benchmarks/pauses_site/sitecustomize.py`` (its folder put first on
the bots' ``PYTHONPATH``), in every process it starts, then prints a summary per process.
"""

from __future__ import annotations

import asyncio.events
import gc
import os
import sys
import time
from pathlib import Path
from typing import Any

ENV = "BENCH_PAUSES"
"""The folder to write to; a process started with it set records its pauses there."""

CALLBACK_MS = 15.0  # an event-loop callback this long or longer is written down
COLLECTION_MS = 5.0  # a garbage collection this long or longer is written down


def install(folder: str | Path) -> None:
    """Record this process's long callbacks and collections in ``folder/<pid>.log`` (first line: its
    command line). Diagnostic only: it wraps every callback of every event loop in the process."""
    out = Path(folder, f"{os.getpid()}.log").open("a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open while the process lives)
    command = " ".join(sys.orig_argv[1:])  # without the interpreter; on one line
    out.write(command.replace("\n", "\\n") + "\n")
    run = asyncio.events.Handle._run
    started = [0.0]

    def timed_run(self: asyncio.events.Handle) -> None:
        t0 = time.perf_counter()
        try:
            run(self)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            if ms >= CALLBACK_MS:
                out.write(f"{time.time():.3f} callback {ms:.1f} {self._callback!r:.160}\n")

    def collection(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
            return
        ms = (time.perf_counter() - started[0]) * 1000
        if ms >= COLLECTION_MS:
            out.write(f"{time.time():.3f} gc{info['generation']} {ms:.1f} collected {info['collected']}\n")

    asyncio.events.Handle._run = timed_run  # type: ignore[method-assign]
    gc.callbacks.append(collection)


def site_path() -> str:
    """The folder to put first on a child's ``PYTHONPATH`` so that it installs this at start-up."""
    return str(Path(__file__).with_name("pauses_site"))


def child_env(folder: str | Path, env: dict[str, str]) -> dict[str, str]:
    """``env`` for a process that records its pauses in ``folder`` from its start."""
    path = os.pathsep.join(filter(None, [site_path(), env.get("PYTHONPATH")]))
    return {**env, ENV: str(folder), "PYTHONPATH": path}


def summary(folder: str | Path) -> list[str]:
    """One line per process: its command line, and the count and longest of each kind of pause."""
    lines = []
    for log in sorted(Path(folder).glob("*.log")):
        command, *events = log.read_text(encoding="utf-8").splitlines()
        kinds: dict[str, list[float]] = {"callback": [], "gc": []}
        for event in events:
            _, kind, ms, *_ = event.split(" ", 3)
            kinds["gc" if kind.startswith("gc") else "callback"].append(float(ms))
        shown = ", ".join(
            f"{len(v)} {k} ≥ {CALLBACK_MS if k == 'callback' else COLLECTION_MS:g} ms (longest {max(v):.0f})"
            for k, v in kinds.items()
            if v
        )
        lines.append(f"{log.stem:>7} {command[:60]}: {shown or 'none'}")
    return lines
