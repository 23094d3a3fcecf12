"""An hour of load on one zsbot process: does its memory settle? (not a test: prints figures).

One `zsbot run` in webhook mode (as :mod:`benchmarks.webhook` starts it: the emulator in this
process with no rate limit, a county of :mod:`benchmarks.datasets`, the scheduler off) gets a
steady mix of ``/help``, button presses and one-line trips, taken in turn, at ``--rate`` updates/s
in all (default 20: modest, the machine is shared) for ``--minutes``. Every ``--every`` minutes,
and at the end, it prints the RSS of the main process and of each parsing worker (from /proc),
the rate answered over that window, p50/p99 (update sent → its answer; an unanswered update counts
as the slowest) and the CPU ms per update (the process and its workers).

Goal (issue 18): RSS < 300 MB per process after an hour.

    .venv/bin/python -m benchmarks.soak --minutes 60                     # SQLite
    .venv/bin/python -m benchmarks.soak --minutes 5 --every 1 --backend postgres

Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import tempfile
import time
from pathlib import Path

from benchmarks.webhook import (
    PATHS,
    Step,
    TimedEmulator,
    cadre_users,
    prepared_database,
    rss_each_mb,
    run_step,
    start_side,
    zsbot,
)

WINDOW = 30.0  # seconds per measured slice of the load (answers are awaited at its end)


def rss_line(pid: int) -> str:
    """The main process's RSS, each parsing worker's, and multiprocessing's resource tracker's."""
    each = rss_each_mb(pid)
    own = each.pop(pid, 0.0)
    workers: list[str] = []
    others: list[str] = []
    for child, mb in sorted(each.items()):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        (others if b"resource_tracker" in command else workers).append(f"{mb:.0f}")
    line = f"RSS {own:5.0f} MB"
    if workers:
        line += f", workers {' + '.join(workers)} MB"
    if others:
        line += f" (+ tracker {' + '.join(others)} MB)"
    return line


def window_line(steps: list[Step]) -> str:
    latencies = sorted(x for s in steps for x in s.latencies)
    sent = sum(s.sent for s in steps)
    elapsed = sum(s.elapsed for s in steps)
    cpu = sum(s.cpu for s in steps)
    merged = Step(None, latencies, sent, elapsed, cpu)
    return (
        f"{len(latencies)}/{sent} answered, {merged.rate:5.1f}/s, p50 {merged.pct(0.5) * 1000:6.1f} ms, "
        f"p99 {merged.pct(0.99) * 1000:7.1f} ms, CPU {cpu / max(sent, 1) * 1000:5.1f} ms/update"
    )


async def soak(args: argparse.Namespace, folder: Path) -> None:
    url, drop = await prepared_database(args.backend, folder)
    emu = TimedEmulator()
    await emu.start()
    bot = zsbot(emu.api_url, url, folder)
    try:
        side = await start_side(bot, emu, cadre_users(emu), list(PATHS))
        assert side.run is not None
        print(f"{args.backend}: zsbot ready in {side.run.ready:.2f} s, {rss_line(bot.pid)}", flush=True)
        warm = await run_step(side.load, bot, PATHS, args.rate, args.warmup, 0)
        print(f"  warm-up {args.warmup:g} s (not counted): {window_line([warm])}", flush=True)
        start = time.monotonic()
        end = start + args.minutes * 60
        every: list[Step] = []
        everything: list[Step] = []
        next_report = start + args.every * 60
        while (now := time.monotonic()) < end:
            seconds = min(WINDOW, end - now)
            step = await run_step(side.load, bot, PATHS, args.rate, seconds, 0)
            every.append(step)
            everything.append(step)
            if time.monotonic() >= next_report or time.monotonic() >= end:
                minute = (time.monotonic() - start) / 60
                load1 = os.getloadavg()[0]
                print(
                    f"  {minute:5.1f} min: {rss_line(bot.pid)}; {window_line(every)}; load {load1:.2f}",
                    flush=True,
                )
                every = []
                next_report += args.every * 60
        print(f"{args.backend}: after {args.minutes:g} min at {args.rate:g}/s offered:", flush=True)
        print(f"  {rss_line(bot.pid)}", flush=True)
        print(f"  whole run: {window_line(everything)}", flush=True)
    finally:
        bot.stop()
        await emu.stop()
        await drop()


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="length of the load (default 60)")
    parser.add_argument("--rate", type=float, default=20.0, help="updates/s offered in all (default 20)")
    parser.add_argument("--every", type=float, default=5.0, help="minutes between reports (default 5)")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds of load first, not counted")
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)  # the bot is stopped on the way out
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(soak(args, Path(folder)))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
