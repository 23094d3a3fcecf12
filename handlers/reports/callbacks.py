"""Callback data of the daily report buttons (r1). The prefix is versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DayOrdinal, DbId


class ReportAction(StrEnum):
    FILL = "f"  # start the report for a trip day
    HERE = "h"  # where: the itinerary's city
    KEEP = "k"  # keep the value of the report being edited
    SKIP = "s"
    DONE = "d"
    TOGGLE = "t"  # joint report: (un)select a companion
    SUBMIT = "v"
    DISCARD = "x"
    FIELD = "e"  # review: change one field (arg: its index in REPORT_FIELDS) without the whole form


REPORT_FIELDS = ("place", "visits", "outcome", "leads", "photos")


class ReportCb(CallbackData, prefix="r1"):
    action: ReportAction
    trip_id: DbId = 0
    day: DayOrdinal = 0
    arg: DbId = 0  # a person id (TOGGLE)
