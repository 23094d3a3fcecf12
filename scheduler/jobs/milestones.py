"""Milestone reminders: T-7/T-3/T-1/T-0 (settings.milestone_offsets), then overdue with escalation."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "milestone_reminders",
    description="remind project leads ahead of each milestone; overdue reminders and escalation",
    at="milestone_reminder_time",
    catch_up="latest",
    workdays_only=True,
)
async def milestone_reminders(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.projects.remind_milestones(day, await ctx.calendar.calendar())
