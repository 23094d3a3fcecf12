"""The scheduler as a running service: leadership, APScheduler, catch-up at start."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.context import JobContext
from scheduler.leader import Leadership
from scheduler.runner import JobOutcome, JobRunner

log = logging.getLogger(__name__)


class SchedulerService:
    def __init__(
        self, ctx: JobContext, *, leader_interval: float = 20.0, on_outcome: JobOutcome | None = None
    ) -> None:
        self.ctx = ctx
        self.runner = JobRunner(ctx, on_outcome=on_outcome)
        self.scheduler: AsyncIOScheduler | None = None
        self.leadership = Leadership(ctx.db, self._start_jobs, self._stop_jobs, interval=leader_interval)
        self.caught_up: asyncio.Event = asyncio.Event()

    async def _start_jobs(self) -> None:
        scheduler = AsyncIOScheduler(timezone=self.ctx.settings.tz)
        self.runner.schedule(scheduler)
        scheduler.start()
        self.scheduler = scheduler
        try:
            await self.runner.catch_up()
        finally:
            self.caught_up.set()

    async def _stop_jobs(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[SchedulerService]:
        task = asyncio.create_task(self.leadership.run(), name="scheduler-leadership")
        try:
            yield self
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self._stop_jobs()
