"""Runs of scheduled jobs, one row per job and day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobRun
from db.queries._upsert import insert_ignore


class JobRunRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def start(self, job_id: str, day: dt.date) -> bool:
        """Claim today's run of a job; False if it already ran (or runs) for that day."""
        stmt = insert_ignore(
            self.dialect,
            JobRun.__table__,
            {"job_id": job_id, "run_day": day, "started_at": dt.datetime.now(dt.UTC)},
            conflict=["job_id", "run_day"],
        )
        return bool(getattr(await self.s.execute(stmt), "rowcount", 0))

    async def finish(self, job_id: str, day: dt.date, result: int | None, error: str | None = None) -> None:
        await self.s.execute(
            sa.update(JobRun)
            .where(JobRun.job_id == job_id, JobRun.run_day == day)
            .values(finished_at=dt.datetime.now(dt.UTC), result=result, error=error)
        )

    async def has_run(self, job_id: str, day: dt.date) -> bool:
        stmt = sa.select(JobRun.id).where(JobRun.job_id == job_id, JobRun.run_day == day)
        return (await self.s.scalar(stmt)) is not None

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
