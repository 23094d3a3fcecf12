"""Job runs: working days, once-a-day records, catch-up at start-up."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app import build_services
from bot.settings import Settings
from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Notification, Recipient
from db.database import Database
from db.enums import CalendarKind
from scheduler import registry
from scheduler.context import JobContext
from scheduler.runner import JobRunner
from tests.conftest import TZ
from tests.support.factories import add_person


@pytest.fixture
def ping_job() -> None:
    @registry.job("test_ping", description="test", at="digest_time")
    async def ping(ctx: JobContext, day: dt.date) -> int:
        async with ctx.db.transaction() as tx:
            people = await tx.people.all()
            return sum(
                [
                    await ctx.outbox.enqueue(
                        tx, Recipient(person_id=p.id), Notification("test.ping"), key=f"ping:{day}"
                    )
                    for p in people
                ]
            )

    registry.jobs()
    yield
    registry._registry.pop("test_ping", None)


def _ctx(db: Database, clock: FixedClock) -> JobContext:
    return JobContext(build_services(Settings(), db, clock))


async def test_a_job_run_twice_enqueues_once(db: Database, clock: FixedClock, ping_job: None) -> None:
    await add_person(db, "甲", telegram_id=1)
    runner = JobRunner(_ctx(db, clock))
    assert (await runner.run("test_ping")).count == 1
    assert (await runner.run("test_ping")).count == 0


async def test_holidays_and_make_up_days(db: Database, clock: FixedClock, ping_job: None) -> None:
    runner = JobRunner(_ctx(db, clock))
    assert (await runner.run("test_ping", dt.date(2026, 10, 1))).skipped  # National Day
    assert (await runner.run("test_ping", dt.date(2026, 11, 28))).skipped  # a Saturday
    await CalendarService(db).set(dt.date(2026, 11, 28), CalendarKind.WORKDAY)
    assert not (await runner.run("test_ping", dt.date(2026, 11, 28))).skipped
    await CalendarService(db).set(dt.date(2027, 3, 3), CalendarKind.HOLIDAY)  # beyond the library
    assert (await runner.run("test_ping", dt.date(2027, 3, 3))).skipped
    assert not (await runner.run("test_ping", dt.date(2027, 3, 4))).skipped  # Mon–Fri fallback


async def test_catch_up_runs_a_missed_job_once(db: Database, ping_job: None) -> None:
    await add_person(db, "甲", telegram_id=1)
    before = FixedClock(dt.datetime(2026, 11, 25, 8, 0, tzinfo=TZ))
    assert [r.job_id for r in await JobRunner(_ctx(db, before)).catch_up()] == []  # not yet due
    after = FixedClock(dt.datetime(2026, 11, 25, 11, 0, tzinfo=TZ))
    first = await JobRunner(_ctx(db, after)).catch_up()
    assert "test_ping" in [r.job_id for r in first]
    second = await JobRunner(_ctx(db, after)).catch_up()
    assert "test_ping" not in [r.job_id for r in second]
    async with db.transaction() as tx:
        assert len(await tx.outbox.with_key_prefix("ping:")) == 1
