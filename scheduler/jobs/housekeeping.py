"""Forget processed update ids after a week (they only guard against redelivery)."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "housekeeping",
    description="forget processed update ids older than 7 days",
    at="digest_time",
    catch_up="latest",
    workdays_only=False,
)
async def housekeeping(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.journal.forget_older_than(dt.timedelta(days=7))
