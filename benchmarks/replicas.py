"""Two replicas sharing Telegram's limit (not a test: prints ratios).

The production topology on this machine (tests/support/topology.py): Caddy in front of 2 webhook
replicas of `zsbot run`, PostgreSQL, Redis (the shared limiter), and the emulator enforcing 30
messages/s in all. N notifications to N people are enqueued at once; both replicas claim and send.
Printed as by `benchmarks.broadcast`: delivered/N, lost, duplicates, 429 answers, the busiest second,
the tightest 31 sends in a row against the pace's safety margin, and elapsed / (N / 30), elapsed from
the enqueue to the last row settled. Target: ratio ≤ 1.10, 0 lost, 0 duplicates, 0 answers 429.

    .venv/bin/python -m benchmarks.replicas            # N = 2000, about 75 s
    .venv/bin/python -m benchmarks.replicas --n 300 --safety 0.02
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import tests.support.renderers  # noqa: F401 - registers the test.ping renderer
from benchmarks.broadcast import margin_used, report
from bot.settings import Settings
from core.clock import SystemClock
from tests.conftest import TZ
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tests.support.outbox import outbox_settled
from tests.support.topology import Topology


async def run(n: int, folder: Path, safety: float | None) -> dict[str, Any]:
    async with Topology(folder, safety=safety) as topo:
        assert topo.db is not None
        await topo.wait_for_one_leader()
        people = await add_recipients(topo.db, topo.emulator, n)
        start = time.monotonic()
        await enqueue_pings(topo.db, SystemClock(TZ), people, 1)
        enqueued = time.monotonic() - start
        # counted in SQL every half second: the emulator shares this process's loop, and loading
        # every row often would delay its answers (and bunch the arrivals it times)
        counts = await outbox_settled(topo.db, done=n, timeout=max(120, n / 10), poll=0.5)
        elapsed = time.monotonic() - start
        delivered = delivered_texts(topo.emulator, [u.id for u in topo.emulator.users.values()])
        sent_by = []
        for replica in topo.replicas:
            text = await topo.metrics(replica)
            line = next(x for x in text.splitlines() if x.startswith('zsbot_sends_total{result="sent"}'))
            sent_by.append(float(line.split()[-1]))
        offered = topo.emulator.stats.offered
        return {
            "n": n,
            "enqueued": n,
            "enqueue_s": enqueued,
            "enqueue_what": "notifications",
            "sent": counts["sent"],
            "delivered": len(delivered),
            "duplicates": sum(c - 1 for c in delivered.values()),
            "rate_limited": topo.emulator.stats.rate_limited,
            "busiest": topo.emulator.stats.max_in_window(1.0),
            "spans": margin_used(topo.emulator.stats, topo.limit),
            "safety": Settings.model_fields["rate_safety_seconds"].default if safety is None else safety,
            "elapsed": elapsed,
            "first": min(offered) - start,
            "last": max(offered) - start,
            "bound": n / topo.limit,
            "by": f"sent by replica 1: {sent_by[0]:.0f}, 2: {sent_by[1]:.0f}",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="notifications to send (default 2000)")
    parser.add_argument(
        "--safety", type=float, default=None, help="ZSBOT_RATE_SAFETY_SECONDS (default: the setting's)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(asyncio.run(run(args.n, Path(folder), args.safety)))


if __name__ == "__main__":
    main()
