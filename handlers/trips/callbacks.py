"""Callback data of trip buttons: the draft card and form (t1), /mytrips (t2). Prefixes are versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DbId


class TripAction(StrEnum):
    CONFIRM = "c"  # draft card: confirm
    EDIT = "e"  # draft card: open the form on it
    DISCARD = "x"  # draft card: throw it away
    FORM = "f"  # start a blank form
    KEEP = "k"  # form step: keep the current value
    SKIP = "s"  # form step: leave it empty
    SAVE = "v"  # form review: save
    REDO = "r"  # form review: go through the steps again
    ADD_LEG = "a"  # form review: one more leg
    ABORT = "q"  # leave the form
    BACK = "b"  # close a trip (/back, the ask-return notification)
    NO_SUMMARY = "n"  # close without a summary


class TripCb(CallbackData, prefix="t1"):
    action: TripAction
    trip_id: DbId = 0


class MyTripAction(StrEnum):
    LIST = "l"
    VIEW = "v"
    EDIT = "e"
    CANCEL = "c"
    CANCEL_YES = "y"


class MyTripCb(CallbackData, prefix="t2"):
    action: MyTripAction
    trip_id: DbId = 0


class TripSplitCb(CallbackData, prefix="t3"):
    """How several cities share a trip line's dates: the chosen way (an index of the options)."""

    option: int
