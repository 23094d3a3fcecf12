"""Callback data of trip buttons: the draft card and form (t1), /mytrips (t2). Prefixes are versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from handlers.shared.callback_fields import DayOrdinal, DbId

MAX_LEGS = 20  # a leg index in callback data (a forged larger one fails to unpack)


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
    CLOSE = "y"  # /back: the summary is right, close the trip
    RESUMMARISE = "w"  # /back: write the summary again


class TripCb(CallbackData, prefix="t1"):
    action: TripAction
    trip_id: DbId = 0


class MyTripAction(StrEnum):
    LIST = "l"
    VIEW = "v"
    EDIT = "e"
    CANCEL = "c"
    CANCEL_YES = "y"
    REOPEN = "o"  # a returned trip is open again
    FIX_RETURN = "d"  # choose the day the cadre really came back


class MyTripCb(CallbackData, prefix="t2"):
    action: MyTripAction
    trip_id: DbId = 0


class ReturnDayCb(CallbackData, prefix="t3"):
    """The day a returned trip really ended (/mytrips → correct the return day)."""

    trip_id: DbId
    day: DayOrdinal


class TripField(StrEnum):
    """One field of the trip form, changed alone from the review card (no re-walking of the form)."""

    PLACE = "p"
    DATES = "d"
    TARGETS = "t"
    PURPOSE = "u"
    COMPANIONS = "c"


class TripFieldCb(CallbackData, prefix="t4"):
    field: TripField
    leg: Annotated[int, Field(ge=0, le=MAX_LEGS)] = 0


class TripSplitCb(CallbackData, prefix="t5"):
    """How several cities share a trip line's dates: the chosen way (an index of the options)."""

    option: int
