"""Running jobs: on their cron times (APScheduler), at start-up when missed, again when failed, or by hand."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger

from scheduler.context import JobContext
from scheduler.registry import JobSpec, jobs

log = logging.getLogger(__name__)

MISFIRE_GRACE = 6 * 3600
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LATE_AFTER = dt.timedelta(minutes=30)  # a catch-up this much after its time is marked late

JobOutcome = Callable[[str, str], None]  # (job id, "ok" / "failed" / "skipped"): for metrics


@dataclass(frozen=True)
class JobResult:
    job_id: str
    day: dt.date
    count: int
    skipped: str | None = None  # why it did nothing (not a working day)
    late: bool = False


@dataclass(frozen=True)
class Occurrence:
    """A job's time on a day (in the campaign's timezone)."""

    spec: JobSpec
    day: dt.date
    at: dt.datetime


class JobRunner:
    def __init__(self, ctx: JobContext, *, on_outcome: JobOutcome | None = None) -> None:
        self.ctx = ctx
        self.scheduler: AsyncIOScheduler | None = None  # set by schedule(): failed runs are retried on it
        self.on_outcome = on_outcome

    def spec(self, job_id: str) -> JobSpec:
        try:
            return jobs()[job_id]
        except KeyError:
            raise LookupError(f"unknown job {job_id!r}; known: {', '.join(jobs())}") from None

    def day_of_week(self, spec: JobSpec) -> str:
        return self.ctx.settings.ranking_weekday if spec.day_of_week == "settings" else spec.day_of_week

    def time_of(self, spec: JobSpec) -> dt.time:
        return self.ctx.settings.time_of(spec.time_setting)

    def retry_delay(self, attempt: int) -> float:
        """Backoff after the `attempt`-th failure: base × 2^(attempt-1), ±25 %."""
        base = self.ctx.settings.job_retry_base_seconds * 2 ** (attempt - 1)
        return base * random.uniform(0.75, 1.25)

    async def run(self, job_id: str, day: dt.date | None = None, *, late: bool = False) -> JobResult:
        """Run one job as of `day` (default today). Safe to repeat: its dedupe keys enqueue once.

        A failure is recorded with the time of its next retry (settings.job_retry_attempts, with
        backoff); the retry is scheduled when the scheduler runs, and start-up catches up any
        failed run still in the window.
        """
        spec = self.spec(job_id)
        day = day or self.ctx.clock.today()
        if spec.workdays_only and not await self.ctx.calendar.is_workday(day):
            self._outcome(job_id, "skipped")
            return JobResult(job_id, day, 0, skipped="not a working day")
        async with self.ctx.db.transaction() as tx:
            attempt = await tx.jobs.start(job_id, day)
        ctx = dataclasses.replace(self.ctx, late=late) if late else self.ctx
        try:
            count = await spec.func(ctx, day)
        except Exception as exc:
            log.exception("job %s for %s failed (attempt %d)", job_id, day, attempt)
            retry_at = None
            if attempt <= self.ctx.settings.job_retry_attempts:
                retry_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.retry_delay(attempt))
            async with self.ctx.db.transaction() as tx:
                await tx.jobs.finish(
                    job_id, day, None, error=f"{type(exc).__name__}: {exc}"[:2000], next_retry_at=retry_at
                )
            self._outcome(job_id, "failed")
            if retry_at is not None:
                self._schedule_retry(job_id, day, retry_at, late=late)
            raise
        async with self.ctx.db.transaction() as tx:
            await tx.jobs.finish(job_id, day, count)
        self._outcome(job_id, "ok")
        log.info("job %s for %s: %d%s", job_id, day, count, " (late)" if late else "")
        return JobResult(job_id, day, count, late=late)

    def _outcome(self, job_id: str, result: str) -> None:
        if self.on_outcome is not None:
            self.on_outcome(job_id, result)

    def _schedule_retry(self, job_id: str, day: dt.date, at: dt.datetime, *, late: bool) -> None:
        if self.scheduler is None:
            return
        self.scheduler.add_job(
            self._retry,
            DateTrigger(run_date=at),
            id=f"retry:{job_id}:{day.isoformat()}",
            args=[job_id, day, late],
            replace_existing=True,
            misfire_grace_time=MISFIRE_GRACE,
        )
        log.info("job %s for %s will be retried at %s", job_id, day, at.isoformat(timespec="seconds"))

    async def _retry(self, job_id: str, day: dt.date, late: bool) -> None:
        with contextlib.suppress(Exception):  # logged (and retried again, if attempts remain) in run()
            await self.run(job_id, day, late=late)

    async def _scheduled(self, job_id: str) -> None:
        with contextlib.suppress(Exception):  # logged in run(); the scheduler keeps going
            await self.run(job_id)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        self.scheduler = scheduler
        tz = self.ctx.settings.tz
        for spec in jobs().values():
            at = self.time_of(spec)
            scheduler.add_job(
                self._scheduled,
                CronTrigger(hour=at.hour, minute=at.minute, day_of_week=self.day_of_week(spec), timezone=tz),
                id=spec.id,
                name=spec.description,
                args=[spec.id],
                replace_existing=True,
                misfire_grace_time=MISFIRE_GRACE,
                coalesce=True,
                max_instances=1,
            )

    def occurs_on(self, spec: JobSpec, day: dt.date) -> bool:
        dow = self.day_of_week(spec)
        return dow == "*" or WEEKDAYS[day.weekday()] in dow.split(",")

    def due_today(self, spec: JobSpec, now: dt.datetime) -> bool:
        return self.occurs_on(spec, now.date()) and now.time() >= self.time_of(spec)

    async def missed(self, now: dt.datetime) -> list[Occurrence]:
        """Occurrences within settings.catch_up_days (today included) whose time passed without a
        successful run, per each job's catch-up policy, in the order they were due.

        Nothing before the first day any job ran (a new installation catches up today only).
        """
        today = now.date()
        tz = self.ctx.settings.tz
        window = today - dt.timedelta(days=self.ctx.settings.catch_up_days)
        async with self.ctx.db.transaction() as tx:  # one short read: the sender may be busy writing
            first = await tx.jobs.first_day()
            done = await tx.jobs.done_since(window)
        since = today if first is None else max(window, min(first, today))
        calendar = await self.ctx.calendar.calendar()
        out: list[Occurrence] = []
        for spec in jobs().values():
            if spec.catch_up == "none":
                continue
            missed: list[Occurrence] = []
            day = since
            while day <= today:
                at = dt.datetime.combine(day, self.time_of(spec), tzinfo=tz)
                if (
                    self.occurs_on(spec, day)
                    and at <= now
                    and (spec.id, day) not in done
                    and (not spec.workdays_only or calendar.is_workday(day))
                ):
                    missed.append(Occurrence(spec, day, at))
                day += dt.timedelta(days=1)
            out += missed[-1:] if spec.catch_up == "latest" else missed
        return sorted(out, key=lambda o: (o.at, o.spec.id))

    async def catch_up(self) -> list[JobResult]:
        """Every occurrence missed while the bot was down (or failed) runs once now, oldest first,
        as of its own date; one that is more than LATE_AFTER behind its time runs marked late."""
        now = self.ctx.clock.now()
        results = []
        for occurrence in await self.missed(now):
            late = now - occurrence.at >= LATE_AFTER
            log.info(
                "catching up job %s missed on %s%s", occurrence.spec.id, occurrence.day, " (late)" * late
            )
            try:
                results.append(await self.run(occurrence.spec.id, occurrence.day, late=late))
            except Exception:
                continue
        return results
