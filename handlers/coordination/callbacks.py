"""Callback data of coordination issue buttons (i1) and of the supervision loop (s1). The prefix is versioned and kept, so old buttons still work."""

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


class OrderAction(StrEnum):
    CONFIRM = "y"  # the raiser (or the office) confirms a closing
    REOPEN = "r"  # … or reopens it (a reason is asked)
    TYPE_UNIT = "t"  # type a unit's name instead of picking one
    NEW_UNIT = "k"  # create the typed unit (its name is in the form's data) and assign
    EXPORT = "x"  # /supervision: the export sheet with the full history


class OrderButton(CallbackData, prefix="s1"):
    """督办 buttons of the supervision loop (s1); the i1 buttons assign, answer and close."""

    action: OrderAction
    issue_id: DbId = 0
