"""Running jobs: on their cron times (APScheduler), once at start-up when missed, or by hand."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from scheduler.context import JobContext
from scheduler.registry import JobSpec, jobs

log = logging.getLogger(__name__)

MISFIRE_GRACE = 6 * 3600
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class JobResult:
    job_id: str
    day: dt.date
    count: int
    skipped: str | None = None  # why it did nothing (not a working day)


class JobRunner:
    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx

    def spec(self, job_id: str) -> JobSpec:
        try:
            return jobs()[job_id]
        except KeyError:
            raise LookupError(f"unknown job {job_id!r}; known: {', '.join(jobs())}") from None

    def day_of_week(self, spec: JobSpec) -> str:
        return self.ctx.settings.ranking_weekday if spec.day_of_week == "settings" else spec.day_of_week

    def time_of(self, spec: JobSpec) -> dt.time:
        return self.ctx.settings.time_of(spec.time_setting)

    async def run(self, job_id: str, day: dt.date | None = None) -> JobResult:
        """Run one job as of `day` (default today). Safe to repeat: its dedupe keys enqueue once."""
        spec = self.spec(job_id)
        day = day or self.ctx.clock.today()
        if spec.workdays_only and not await self.ctx.calendar.is_workday(day):
            return JobResult(job_id, day, 0, skipped="not a working day")
        async with self.ctx.db.transaction() as tx:
            await tx.jobs.start(job_id, day)
        try:
            count = await spec.func(self.ctx, day)
        except Exception as exc:
            log.exception("job %s for %s failed", job_id, day)
            async with self.ctx.db.transaction() as tx:
                await tx.jobs.finish(job_id, day, None, error=f"{type(exc).__name__}: {exc}")
            raise
        async with self.ctx.db.transaction() as tx:
            await tx.jobs.finish(job_id, day, count)
        log.info("job %s for %s: %d", job_id, day, count)
        return JobResult(job_id, day, count)

    async def _scheduled(self, job_id: str) -> None:
        with contextlib.suppress(Exception):  # logged in run(); the scheduler keeps going
            await self.run(job_id)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
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

    def due_today(self, spec: JobSpec, now: dt.datetime) -> bool:
        dow = self.day_of_week(spec)
        if dow != "*" and WEEKDAYS[now.weekday()] not in dow.split(","):
            return False
        return now.time() >= self.time_of(spec)

    async def catch_up(self) -> list[JobResult]:
        """Every job whose time today passed without a run (the bot was down) runs once now."""
        now = self.ctx.clock.now()
        today = now.date()
        results = []
        for spec in jobs().values():
            if not spec.catch_up or not self.due_today(spec, now):
                continue
            async with self.ctx.db.transaction() as tx:
                if await tx.jobs.has_run(spec.id, today):
                    continue
            log.info("catching up job %s missed today", spec.id)
            try:
                results.append(await self.run(spec.id, today))
            except Exception:
                continue
        return results
