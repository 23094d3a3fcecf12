"""The office's morning digest, on working days at settings.digest_time."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "office_digest",
    description="daily digest to every office chat and subscription, each in its scope",
    at="digest_time",
    catch_up="latest",
    workdays_only=True,
)
async def office_digest(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.digest.enqueue(day, late=ctx.late)
