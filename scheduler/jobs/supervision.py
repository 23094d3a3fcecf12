"""Supervision (督办): generate orders (overdue milestones, stalled projects, red issues) and escalate
unanswered ones, once a working day (core/supervision/service.py)."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "supervision_sweep",
    description="督办: orders from overdue milestones, stalled projects and red issues; escalation",
    at="supervision_time",
    catch_up="latest",
    workdays_only=True,
)
async def supervision_sweep(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.supervision.sweep(day)
