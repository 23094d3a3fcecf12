"""Two replicas sharing Telegram's limit (not a test: prints ratios).

The production topology on this machine (tests/support/topology.py): Caddy in front of 2 webhook
replicas of `zsbot run`, PostgreSQL, Redis (the shared limiter), and the emulator enforcing 30
messages/s in all. N notifications to N people are enqueued at once; both replicas claim and send.
Printed: delivered/N, lost, duplicates, 429 answers, the busiest second, and elapsed / (N / 30).
Target: ratio ≤ 1.10, 0 lost, 0 duplicates (429s: goal 0).

    .venv/bin/python -m benchmarks.replicas            # N = 2000, about 75 s
    .venv/bin/python -m benchmarks.replicas --n 300
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import tests.support.renderers  # noqa: F401 - registers the test.ping renderer
from core.clock import SystemClock
from tests.conftest import TZ
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tests.support.outbox import outbox_settled
from tests.support.topology import Topology


async def run(n: int, folder: Path) -> dict[str, float]:
    async with Topology(folder) as topo:
        assert topo.db is not None
        await topo.wait_for_one_leader()
        people = await add_recipients(topo.db, topo.emulator, n)
        start = time.monotonic()
        await enqueue_pings(topo.db, SystemClock(TZ), people, 1)
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
        return {
            "n": n,
            "sent": counts["sent"],
            "delivered": len(delivered),
            "duplicates": sum(c - 1 for c in delivered.values()),
            "rate_limited": topo.emulator.stats.rate_limited,
            "busiest": topo.emulator.stats.max_in_window(1.0),
            "elapsed": elapsed,
            "bound": n / topo.limit,
            "replica1": sent_by[0],
            "replica2": sent_by[1],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="notifications to send (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        r = asyncio.run(run(args.n, Path(folder)))
    ratio = r["elapsed"] / r["bound"]
    lost = r["n"] - r["delivered"]
    print(
        f"delivered/N        {r['delivered']:.0f}/{r['n']:.0f}  (sent by replica 1: {r['replica1']:.0f}, 2: {r['replica2']:.0f})"
    )
    print(f"lost               {lost:.0f}")
    print(f"duplicates         {r['duplicates']:.0f}")
    print(f"429 answers        {r['rate_limited']:.0f}")
    print(f"busiest second     {r['busiest']:.0f} messages (limit 30)")
    print(f"elapsed            {r['elapsed']:.2f} s")
    print(f"bound N/30/s       {r['bound']:.2f} s")
    met = ratio <= 1.10 and lost == 0 and r["duplicates"] == 0
    print(
        f"ratio              {ratio:.3f}  (target ≤ 1.10, 0 lost, 0 duplicates: {'met' if met else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
