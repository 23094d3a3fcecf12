"""A reminder wave through the scheduler against Telegram's global limit (not a test: prints ratios).

One process (SQLite), as a county runs it: N cadres are on a trip today and none has filed a report;
the 20:00 report reminder job (`trip_report_reminder`, through the scheduler's JobRunner) enqueues N
reminders, and the real sender renders and sends them to the emulator, which enforces Telegram's 30
messages/s in all (sliding window) and 1/s per private chat. Printed: enqueue time, delivered/N,
lost, duplicates, answers 429, and elapsed (from the job's start to the last row settled) divided by
the physical bound N/30. Target: ratio ≤ 1.10, 0 lost, 0 duplicates, 0 answers 429.

Also printed, from the emulator's arrival times: the tightest 31 consecutive messages (Telegram
refuses below 1.000 s), and how much of the pace's safety margin the run used
(1 s + ZSBOT_RATE_SAFETY_SECONDS is what the sender leaves between any 31).

    .venv/bin/python -m benchmarks.broadcast                 # N = 10000, about 6 minutes
    .venv/bin/python -m benchmarks.broadcast --n 600 --safety 0
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.runner import running_app
from bot.settings import Settings
from core.clock import SystemClock
from db.database import Database
from db.enums import Language, Role, TripStatus
from db.models import Person, PersonRole, Trip, TripLeg
from scheduler.context import JobContext
from scheduler.runner import JobRunner
from tests.conftest import TZ
from tests.e2e.conftest import TOKEN
from tests.support.outbox import outbox_settled
from tgemu.emulator import BotApiEmulator
from tgemu.faults import Stats
from tgemu.ratelimit import Limit, RateLimits

LIMIT = 30


async def add_cadres_on_trips(db: Database, emulator: BotApiEmulator, n: int, today: dt.date) -> None:
    """N bound cadres, each on a trip to Shenzhen that covers today, none with a report (bulk insert)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    people, roles, trips, legs = [], [], [], []
    for i in range(1, n + 1):
        user = emulator.add_user(f"干部{i:05d}")
        stamp = {"created_at": now, "updated_at": now}
        people.append(
            {"id": i, "name": f"干部{i:05d}", "telegram_id": user.id, "language": Language.ZH.value} | stamp
        )
        roles.append({"person_id": i, "role": Role.CADRE.value})
        start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=2)
        trips.append(
            {"id": i, "cadre_id": i, "status": TripStatus.PLANNED.value, "start_date": start, "end_date": end}
            | {"purpose": "招商", "version": 1}
            | stamp
        )
        legs.append(
            {
                "trip_id": i,
                "seq": 0,
                "province": "广东省",
                "city": "深圳市",
                "start_date": start,
                "end_date": end,
            }
        )
    async with db.engine.begin() as conn:
        for model, rows in ((Person, people), (PersonRole, roles), (Trip, trips), (TripLeg, legs)):
            for first in range(0, len(rows), 500):
                await conn.execute(sa.insert(model.__table__), rows[first : first + 500])  # type: ignore[attr-defined]


def delivered(emulator: BotApiEmulator) -> tuple[int, int]:
    """(chats that got the reminder, duplicates)."""
    got, duplicates = 0, 0
    for user in emulator.users.values():
        count = sum(1 for m in emulator.bot_messages(user.id) if "日报" in (m.body or ""))
        got += count > 0
        duplicates += max(0, count - 1)
    return got, duplicates


def margin_used(stats: Stats, limit: int) -> dict[str, float]:
    """How close the sends came to Telegram's window: the spans of limit+1 consecutive sends offered."""
    spans = sorted(stats.spans(limit + 1))
    if not spans:
        return {}
    return {"tightest": spans[0], "p001": spans[len(spans) // 1000], "p01": spans[len(spans) // 100]}


async def run(n: int, folder: Path, safety: float | None) -> dict[str, Any]:
    emulator = BotApiEmulator(TOKEN)
    emulator.faults.enforce_rate_limits(
        RateLimits(global_limit=Limit(LIMIT, 1.0), private_chat=Limit(1, 1.0), group_chat=Limit(20, 60.0))
    )
    api_url = await emulator.start()
    url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    extra = {} if safety is None else {"rate_safety_seconds": safety}
    settings = Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_url=api_url,
        database_url=url,
        scheduler_enabled=False,  # the job is run below, at a known moment
        **extra,  # type: ignore[arg-type]
    )
    clock = SystemClock(TZ)
    try:
        db = Database(url)
        await db.create_all()
        await add_cadres_on_trips(db, emulator, n, clock.today())
        async with running_app(settings, clock=clock, migrate=False) as app:
            start = time.monotonic()
            result = await JobRunner(JobContext(app.services)).run("trip_report_reminder", clock.today())
            enqueued = time.monotonic() - start
            assert app.sender is not None
            app.sender.wake()
            counts = await outbox_settled(db, done=n, timeout=3600, poll=0.5)
            elapsed = time.monotonic() - start
        await db.dispose()
        got, duplicates = delivered(emulator)
        spans = margin_used(emulator.stats, LIMIT)
        return {
            "n": n,
            "enqueued": result.count,
            "enqueue_s": enqueued,
            "sent": counts.get("sent", 0),
            "delivered": got,
            "duplicates": duplicates,
            "rate_limited": emulator.stats.rate_limited,
            "busiest": emulator.stats.max_in_window(1.0),
            "spans": spans,
            "safety": settings.rate_safety_seconds,
            "elapsed": elapsed,
            "first": min(emulator.stats.offered) - start,
            "last": max(emulator.stats.offered) - start,
            "bound": n / LIMIT,
        }
    finally:
        with contextlib.suppress(Exception):
            await emulator.stop()


def report(r: dict[str, Any]) -> None:
    ratio = r["elapsed"] / r["bound"]
    lost = r["n"] - r["delivered"]
    what = r.get("enqueue_what", "reminders (trip_report_reminder)")
    print(f"enqueued           {r['enqueued']} {what} in {r['enqueue_s']:.2f} s")
    by = f"  ({r['by']})" if r.get("by") else ""
    print(f"delivered/N        {r['delivered']}/{r['n']}{by}")
    print(f"lost               {lost}")
    print(f"duplicates         {r['duplicates']}")
    print(f"429 answers        {r['rate_limited']}")
    print(f"busiest second     {r['busiest']} messages (limit {LIMIT})")
    if spans := r["spans"]:
        paced = 1 + r["safety"]
        print(
            f"{LIMIT + 1} in a row      tightest {spans['tightest']:.3f} s, 0.1% {spans['p001']:.3f} s, 1% {spans['p01']:.3f} s"
            f" (429 below 1.000 s; paced ≥ {paced:.3f} s: margin {r['safety']:.3f} s, the send path"
            f" used {paced - spans['tightest']:.3f} s)"
        )
    rate = (r["n"] - 1) / (r["last"] - r["first"])
    print(
        f"timeline           first send at {r['first']:.2f} s, last at {r['last']:.2f} s:"
        f" {rate:.2f} messages/s in between"
    )
    print(f"elapsed            {r['elapsed']:.2f} s")
    print(f"bound N/{LIMIT}/s       {r['bound']:.2f} s")
    met = ratio <= 1.10 and lost == 0 and r["duplicates"] == 0 and r["rate_limited"] == 0
    print(
        f"ratio              {ratio:.3f}  (target ≤ 1.10, 0 lost, 0 duplicates, 0 429s: {'met' if met else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="reminders in the wave (default 10000)")
    parser.add_argument(
        "--safety", type=float, default=None, help="ZSBOT_RATE_SAFETY_SECONDS (default: the setting's)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(asyncio.run(run(args.n, Path(folder), args.safety)))


if __name__ == "__main__":
    main()
