"""Callback data of the progress report and its form (g1). The prefix is versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DbId


class ProgressAction(StrEnum):
    PICK = "p"  # report on this project
    FORM = "f"  # fill the form instead of a sentence
    CONFIRM = "c"
    EDIT = "e"
    CANCEL = "x"
    STAGE = "s"  # value = stage
    SKIP = "k"  # keep the current value, next step
    MILESTONE = "m"  # value = milestone id
    TODAY = "t"  # the milestone was done today
    NO_PROBLEMS = "n"
    MARK_YES = "y"  # the card's question: yes, the milestone it may mean is done
    MARK_NO = "o"  # no: the statement stays text
    PICK_TEXT = "q"  # progress typed without a reply: it is about this project


class ProgressButton(CallbackData, prefix="g1"):
    action: ProgressAction
    project_id: DbId = 0
    value: str = ""
