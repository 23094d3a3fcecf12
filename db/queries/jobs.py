"""Runs of scheduled jobs, one row per job and day: done, failed (and when to retry), or running."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobRun
from db.queries._upsert import insert_ignore


class JobRunRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def start(self, job_id: str, day: dt.date) -> int:
        """Record an attempt at a job's run for a day; returns the attempt's number (1 = first)."""
        now = dt.datetime.now(dt.UTC)
        values = {"job_id": job_id, "run_day": day, "started_at": now, "attempts": 1}
        stmt = insert_ignore(JobRun.__table__, values, conflict=["job_id", "run_day"])
        if getattr(await self.s.execute(stmt, values), "rowcount", 0):
            return 1
        run = await self.get(job_id, day)
        assert run is not None
        run.attempts += 1
        run.started_at = now
        run.finished_at = None
        run.error = None
        run.next_retry_at = None
        await self.s.flush()
        return run.attempts

    async def get(self, job_id: str, day: dt.date) -> JobRun | None:
        return await self.s.scalar(sa.select(JobRun).where(JobRun.job_id == job_id, JobRun.run_day == day))

    async def finish(
        self,
        job_id: str,
        day: dt.date,
        result: int | None,
        error: str | None = None,
        next_retry_at: dt.datetime | None = None,
    ) -> None:
        await self.s.execute(
            sa.update(JobRun)
            .where(JobRun.job_id == job_id, JobRun.run_day == day)
            .values(
                finished_at=dt.datetime.now(dt.UTC), result=result, error=error, next_retry_at=next_retry_at
            )
        )

    async def has_run(self, job_id: str, day: dt.date) -> bool:
        """Any attempt was made for that day (done, failed or running)."""
        stmt = sa.select(JobRun.id).where(JobRun.job_id == job_id, JobRun.run_day == day)
        return (await self.s.scalar(stmt)) is not None

    async def done_since(self, since: dt.date) -> set[tuple[str, dt.date]]:
        """(job, day) of every run from `since` on that finished without an error."""
        stmt = sa.select(JobRun.job_id, JobRun.run_day).where(
            JobRun.run_day >= since, JobRun.finished_at.is_not(None), JobRun.error.is_(None)
        )
        return {(job_id, day) for job_id, day in (await self.s.execute(stmt)).all()}

    async def first_day(self) -> dt.date | None:
        """The first day any job ran: the bot did not exist before it (nothing to catch up)."""
        return await self.s.scalar(sa.select(sa.func.min(JobRun.run_day)))

    async def failing(self) -> Sequence[JobRun]:
        """Runs whose last attempt failed, newest first."""
        stmt = (
            sa.select(JobRun).where(JobRun.error.is_not(None)).order_by(JobRun.run_day.desc(), JobRun.job_id)
        )
        return (await self.s.scalars(stmt)).all()

    async def last_runs(self) -> Sequence[JobRun]:
        latest = (
            sa.select(JobRun.job_id, sa.func.max(JobRun.run_day).label("day"))
            .group_by(JobRun.job_id)
            .subquery()
        )
        stmt = sa.select(JobRun).join(
            latest, sa.and_(JobRun.job_id == latest.c.job_id, JobRun.run_day == latest.c.day)
        )
        return (await self.s.scalars(stmt)).all()
