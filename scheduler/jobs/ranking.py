"""The weekly ranking notice (通报): drafted on settings.ranking_weekday at settings.ranking_time and sent
to the office for review. It runs on holidays too: the draft waits for the office."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "ranking_notice",
    description="weekly ranking notice: draft it and send it to the office for review",
    at="ranking_time",
    catch_up="latest",
    day_of_week="settings",
    workdays_only=False,
)
async def ranking_notice(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.ranking.draft(day)
