"""Daily trip reports: the evening reminder on every itinerary day, and the next working morning's
escalation of reports still missing to the group leader and the office."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "trip_report_reminder",
    description="remind people on a trip who have not filed today's report (every itinerary day)",
    at="report_reminder_time",
    workdays_only=False,  # trips go on through weekends and holidays
)
async def remind_reports(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.reports.remind(day)


@job(
    "trip_report_escalation",
    description="tell group leaders and the office about trip reports still missing (Monday covers the weekend)",
    at="report_escalation_time",
    workdays_only=True,
)
async def escalate_reports(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.reports.escalate(day, await ctx.calendar.calendar())
