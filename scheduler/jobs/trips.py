"""Trips: asking cadres whose itinerary has ended to close the trip with a summary."""

from __future__ import annotations

import datetime as dt

from scheduler.context import JobContext
from scheduler.registry import job


@job(
    "trip_return_prompt",
    description="ask cadres whose trip has ended for a short summary",
    at="report_escalation_time",
    workdays_only=False,
)
async def ask_return(ctx: JobContext, day: dt.date) -> int:
    return await ctx.services.trips.ask_return(day)
