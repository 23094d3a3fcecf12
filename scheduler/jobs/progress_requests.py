"""Weekly progress request for projects without an update in settings.progress_stale_days."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "progress_requests",
    description="ask leads of projects without news for a progress update (once a week)",
    at="progress_request_time",
    catch_up="latest",
    workdays_only=True,
)
async def progress_requests(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.progress.request_stale(day)
