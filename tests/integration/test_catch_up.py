"""Catch-up across days: occurrences missed while the bot was down run once, in order, as of their own
date, where running late still makes sense; failed runs are retried with backoff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import build_services
from bot.settings import Settings
from core.clock import FixedClock
from core.delivery.outbox import Notification, Recipient
from core.reports import ReportInput
from db.database import Database
from handlers.shared.notifications import render
from scheduler import registry
from scheduler.context import JobContext
from scheduler.runner import JobRunner
from tests.conftest import TZ
from tests.support.factories import add_person
from tests.support.office import bind_chat
from tests.support.trips import add_trip, services

D = dt.date


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> FixedClock:
    return FixedClock(dt.datetime(2026, month, day, hour, minute, tzinfo=TZ))


def runner(db: Database, clock: FixedClock, **settings: object) -> JobRunner:
    return JobRunner(JobContext(build_services(Settings(**settings), db, clock)))  # type: ignore[arg-type]


async def mark_ran(db: Database, job_id: str, day: dt.date) -> None:
    """The bot was up on `day`: the job ran then (catch-up looks no further back than a first run)."""
    async with db.transaction() as tx:
        await tx.jobs.start(job_id, day)
        await tx.jobs.finish(job_id, day, 0)


def ran(results: list, job_id: str) -> list[tuple[dt.date, bool]]:  # type: ignore[type-arg]
    return [(r.day, r.late) for r in results if r.job_id == job_id]


async def test_a_night_down_sends_the_evening_reminder_next_morning_only_if_still_owed(db: Database) -> None:
    """Down Tue 19:00 → Wed 08:00: Tuesday's 20:00 reminder goes out Wednesday morning, for Tuesday,
    to whoever still owes Tuesday's report."""
    zhang = await add_person(db, "张三", telegram_id=11)
    li = await add_person(db, "李四", telegram_id=12)
    await add_trip(db, zhang, D(2026, 11, 23), D(2026, 11, 26))
    trip_li = await add_trip(db, li, D(2026, 11, 23), D(2026, 11, 26))
    await mark_ran(db, "trip_report_reminder", D(2026, 11, 23))
    _, reports = services(db, at(25, 7))  # 李四 files Tuesday's report before the bot comes back
    await reports.submit(li, ReportInput(trip_li.id, D(2026, 11, 24), city="深圳", visits="华为"))

    results = await runner(db, at(25, 8)).catch_up()

    assert ran(results, "trip_report_reminder") == [(D(2026, 11, 24), True)]  # not Wednesday's: not 20:00 yet
    async with db.transaction() as tx:
        keys = [m.dedupe_key for m in await tx.outbox.with_key_prefix("report:")]
    assert len(keys) == 1 and f":{zhang.id}:2026-11-24:remind" in keys[0]  # 李四 filed: nothing for him
    assert ran(await runner(db, at(25, 8, 5)).catch_up(), "trip_report_reminder") == []  # once


async def test_a_weekend_down_runs_each_missed_evening_in_order_and_one_late_digest(db: Database) -> None:
    """Down Fri 19:00 → Mon 08:40 (the 30th): Fri, Sat and Sun reminders in that order; the digest only
    for Monday (08:30, ten minutes ago: not late) — Friday's ran before the bot went down."""
    await mark_ran(db, "trip_report_reminder", D(2026, 11, 26))
    await mark_ran(db, "office_digest", D(2026, 11, 27))
    results = await runner(db, at(30, 8, 40)).catch_up()
    assert ran(results, "trip_report_reminder") == [
        (D(2026, 11, 27), True),
        (D(2026, 11, 28), True),
        (D(2026, 11, 29), True),
    ]
    assert ran(results, "office_digest") == [(D(2026, 11, 30), False)]
    order = [(r.job_id, r.day) for r in results]
    assert order.index(("trip_report_reminder", D(2026, 11, 29))) < order.index(
        ("office_digest", D(2026, 11, 30))
    )


async def test_missed_digests_are_sent_once_marked_late_and_the_window_bounds_catch_up(db: Database) -> None:
    """Down Thu 08:00 → Mon 23:00 with a 3-day window: one digest (Monday's, marked late), not Thu/Fri's;
    reminders only for Fri, Sat, Sun, Mon (the window: Fri 27th … Mon 30th)."""
    office = await add_person(db, "王主任", telegram_id=21)
    await bind_chat(db, -100123)
    await mark_ran(db, "office_digest", D(2026, 11, 25))
    await mark_ran(db, "trip_report_reminder", D(2026, 11, 25))
    results = await runner(db, at(30, 23)).catch_up()
    assert ran(results, "office_digest") == [(D(2026, 11, 30), True)]
    assert [d for d, _ in ran(results, "trip_report_reminder")] == [
        D(2026, 11, 27),
        D(2026, 11, 28),
        D(2026, 11, 29),
        D(2026, 11, 30),
    ]
    async with db.transaction() as tx:
        digests = await tx.outbox.with_key_prefix("digest:")
    assert [d.dedupe_key.split(">")[0] for d in digests] == ["digest:2026-11-30"]
    assert digests[0].payload["late"] is True
    assert office.id  # the office exists; the digest went to the bound chat
    zh = render(digests[0].kind, digests[0].payload, "zh").text
    en = render(digests[0].kind, digests[0].payload, "en").text
    assert "补发：本简报原定于 2026年11月30日 发送" in zh
    assert "Sent late: this digest was due on" in en
    on_time = render(digests[0].kind, {**digests[0].payload, "late": False}, "zh").text
    assert "补发" not in on_time


async def test_catch_up_window_setting_and_a_fresh_install_catches_up_today_only(db: Database) -> None:
    results = await runner(db, at(30, 23)).catch_up()  # nothing ever ran: no history to catch up
    assert {r.day for r in results} == {D(2026, 11, 30)}
    await mark_ran(db, "trip_report_reminder", D(2026, 11, 20))
    none = await runner(db, at(30, 23, 5), catch_up_days=0).catch_up()
    assert ran(none, "trip_report_reminder") == []  # today's already ran above; the window is today only


@pytest.fixture
def flaky_job() -> Iterator[list[int]]:
    calls: list[int] = []

    @registry.job("test_flaky", description="test", at="digest_time", workdays_only=False)
    async def flaky(ctx: JobContext, day: dt.date) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        async with ctx.db.transaction() as tx:
            people = await tx.people.all()
            return sum(
                [
                    await ctx.outbox.enqueue(
                        tx, Recipient(person_id=p.id), Notification("test.ping"), key=f"flaky:{day}"
                    )
                    for p in people
                ]
            )

    registry.jobs()
    yield calls
    registry._registry.pop("test_flaky", None)


async def test_a_failed_run_is_retried_with_backoff_and_shows_as_failing(
    db: Database, flaky_job: list[int]
) -> None:
    await add_person(db, "甲", telegram_id=1)
    clock = at(25, 9)
    jobs = runner(db, clock, job_retry_base_seconds=60)
    scheduler = AsyncIOScheduler(timezone=TZ)
    jobs.scheduler = scheduler  # as schedule() sets it; not started: we look at what it would run

    with pytest.raises(RuntimeError):
        await jobs.run("test_flaky", D(2026, 11, 25))
    async with db.transaction() as tx:
        failing = await tx.jobs.failing()
    assert [(r.job_id, r.attempts, r.error) for r in failing] == [
        ("test_flaky", 1, "RuntimeError: database hiccup")
    ]
    retry_at = failing[0].next_retry_at
    assert retry_at is not None
    assert dt.timedelta(seconds=44) <= retry_at - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=76)
    retry = scheduler.get_job("retry:test_flaky:2026-11-25")
    assert retry is not None

    # a failed run does not count as "has run": the retry (or the next start-up) runs it again
    await retry.func(*retry.args)
    async with db.transaction() as tx:
        run = await tx.jobs.get("test_flaky", D(2026, 11, 25))
        assert await tx.jobs.failing() == []
        assert len(await tx.outbox.with_key_prefix("flaky:")) == 1
    assert run is not None and run.attempts == 2 and run.error is None and run.result == 1
    assert len(flaky_job) == 2


async def test_a_failed_run_is_caught_up_at_the_next_start(db: Database, flaky_job: list[int]) -> None:
    await add_person(db, "甲", telegram_id=1)
    with pytest.raises(RuntimeError):
        await runner(db, at(25, 9)).run("test_flaky", D(2026, 11, 25))
    results = await runner(db, at(25, 9, 5)).catch_up()  # restarted before the retry came due
    assert [(r.job_id, r.count) for r in results if r.job_id == "test_flaky"] == [("test_flaky", 1)]


async def test_retries_stop_after_the_configured_attempts(db: Database) -> None:
    @registry.job("test_broken", description="test", at="digest_time", workdays_only=False)
    async def broken(ctx: JobContext, day: dt.date) -> int:
        raise ValueError("always")

    try:
        jobs = runner(db, at(25, 9), job_retry_attempts=2)
        for attempt in (1, 2, 3):
            with pytest.raises(ValueError):
                await jobs.run("test_broken", D(2026, 11, 25))
            async with db.transaction() as tx:
                run = await tx.jobs.get("test_broken", D(2026, 11, 25))
            assert run is not None and run.attempts == attempt
            assert (run.next_retry_at is None) == (attempt == 3)
    finally:
        registry._registry.pop("test_broken", None)


def test_jobs_list_shows_failing_runs(tmp_path: Path) -> None:
    import asyncio

    from typer.testing import CliRunner

    from bot.cli.commands import app
    from db.migrate import upgrade_async

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def fail_one() -> None:
        await upgrade_async(url)
        db = Database(url)
        async with db.transaction() as tx:
            await tx.jobs.start("office_digest", D(2026, 11, 25))
            await tx.jobs.finish(
                "office_digest",
                D(2026, 11, 25),
                None,
                error="OperationalError: disk full",
                next_retry_at=dt.datetime(2026, 11, 25, 1, 2, tzinfo=dt.UTC),
            )
        await db.dispose()

    asyncio.run(fail_one())
    result = CliRunner().invoke(app, ["jobs", "list"], env={"ZSBOT_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    assert (
        "FAILING office_digest for 2026-11-25 (attempt 1, retry at 2026-11-25 01:02 UTC): "
        "OperationalError: disk full"
    ) in result.output
    assert "last 2026-11-25 → ERROR" in result.output
