"""Broadcast throughput against Telegram's global limit (not a test: prints ratios).

N notifications to N people go through the real sender and the emulator, which enforces 30
messages/s (and 1/s per private chat). Printed: delivered/N, duplicates, and elapsed time divided
by the physical bound N/30. Target: ratio ≤ 1.10 with zero loss.

    .venv/bin/python -m benchmarks.broadcast --n 600
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from pathlib import Path

import tests.support.renderers  # noqa: F401 - registers the test.ping renderer
from bot.runner import running_app
from bot.settings import Settings
from core.clock import SystemClock
from db.database import Database
from tests.conftest import TZ
from tests.e2e.conftest import TOKEN
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tests.support.outbox import outbox_settled
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits

LIMIT = 30


async def run(n: int, folder: Path) -> dict[str, float]:
    emulator = BotApiEmulator(TOKEN)
    emulator.faults.enforce_rate_limits(
        RateLimits(global_limit=Limit(LIMIT, 1.0), private_chat=Limit(1, 1.0), group_chat=Limit(20, 60.0))
    )
    api_url = await emulator.start()
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    settings = Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_url=api_url,
        database_url=url,
        scheduler_enabled=False,
        rate_global_per_second=LIMIT,
    )
    try:
        db = Database(url)
        await db.create_all()
        people = await add_recipients(db, emulator, n)
        async with running_app(settings, clock=SystemClock(TZ), migrate=False):
            start = time.monotonic()
            await enqueue_pings(db, SystemClock(TZ), people, 1)
            await outbox_settled(db, done=n, timeout=3600)
            elapsed = time.monotonic() - start
        await db.dispose()
        delivered = delivered_texts(emulator, list(emulator.stats.delivered))
        return {
            "n": n,
            "delivered": len(delivered),
            "duplicates": sum(c - 1 for c in delivered.values()),
            "rate_limited": emulator.stats.rate_limited,
            "elapsed": elapsed,
            "bound": n / LIMIT,
        }
    finally:
        with contextlib.suppress(Exception):
            await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="notifications to send (default 600)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(run(args.n, Path(folder)))
    ratio = result["elapsed"] / result["bound"]
    print(f"delivered/N      {result['delivered']:.0f}/{result['n']:.0f}")
    print(f"duplicates       {result['duplicates']:.0f}")
    print(f"429 answers      {result['rate_limited']:.0f}")
    print(f"elapsed          {result['elapsed']:.2f} s")
    print(f"bound N/{LIMIT}/s     {result['bound']:.2f} s")
    print(
        f"ratio            {ratio:.3f}  (target ≤ 1.10, zero loss: {'met' if ratio <= 1.10 and result['delivered'] == result['n'] else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
