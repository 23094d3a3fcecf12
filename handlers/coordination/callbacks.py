"""Callback data of coordination issue buttons (i1). The prefix is versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DbId


class IssueAction(StrEnum):
    VIEW = "v"
    ASSIGN = "a"  # show the units
    UNIT = "u"  # assign to unit_id
    ANSWER = "n"
    CLOSE = "c"
    RAISE = "r"  # confirm a drafted issue
    DROP = "x"  # cancel a drafted issue


class IssueButton(CallbackData, prefix="i1"):
    action: IssueAction
    issue_id: DbId = 0
    unit_id: DbId = 0
