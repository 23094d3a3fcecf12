"""Forget processed update ids after a week (they only guard against redelivery), and drop the
staged rows of imports a crash cut short (a replica that never restarts still cleans them)."""

from __future__ import annotations

import datetime as dt

from core.importing import purge_staging
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
    forgotten = await ctx.services.journal.forget_older_than(dt.timedelta(days=7))
    await purge_staging(ctx.services.db)
    return forgotten
