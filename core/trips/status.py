"""One trip status, the same in /mytrips, /person, /travelling, the export and the digest.

The stored status (draft, planned, returned, cancelled) says what the cadre did; what a view shows
also depends on the day: a planned trip is upcoming before its first day, under way through its
last day, and ended (the cadre has not said /back) after it. A trip closed early ends on the day
it was closed, so it still counts as out that day.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from db.enums import TripStatus


class TripPhase(StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"  # declared, not begun
    ONGOING = "ongoing"  # out today
    ENDED = "ended"  # the itinerary is over and the cadre has not closed it (/back)
    RETURNED = "returned"
    CANCELLED = "cancelled"


# in the export and other official documents (Chinese only)
PHASE_ZH = {
    TripPhase.DRAFT: "草稿",
    TripPhase.UPCOMING: "已报备",
    TripPhase.ONGOING: "外出中",
    TripPhase.ENDED: "行程结束待返程",
    TripPhase.RETURNED: "已返回",
    TripPhase.CANCELLED: "已取消",
}


def returned_day(
    status: TripStatus | str, returned_at: dt.datetime | None, tz: dt.tzinfo | None
) -> dt.date | None:
    """The day a returned trip was closed (in the campaign's timezone), None for any other trip."""
    if TripStatus(status) != TripStatus.RETURNED or returned_at is None:
        return None
    return returned_at.astimezone(tz).date() if tz is not None else returned_at.date()


def last_out_day(
    status: TripStatus | str, end: dt.date | None, returned_on: dt.date | None
) -> dt.date | None:
    """The last day the cadre is out: the itinerary's end, or the day they came back if earlier."""
    if TripStatus(status) == TripStatus.RETURNED and returned_on is not None and end is not None:
        return min(end, returned_on)
    return end


def trip_phase(
    status: TripStatus | str,
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
    returned_on: dt.date | None = None,
) -> TripPhase:
    """The trip's status as every view shows it on ``today``."""
    stored = TripStatus(status)
    if stored == TripStatus.DRAFT:
        return TripPhase.DRAFT
    if stored == TripStatus.CANCELLED:
        return TripPhase.CANCELLED
    if stored == TripStatus.RETURNED:
        return TripPhase.RETURNED
    if start is not None and today < start:
        return TripPhase.UPCOMING
    if end is not None and today > end:
        return TripPhase.ENDED
    return TripPhase.ONGOING


def out_on(
    status: TripStatus | str,
    start: dt.date | None,
    end: dt.date | None,
    day: dt.date,
    returned_on: dt.date | None = None,
) -> bool:
    """Is the cadre out on ``day`` on this trip (a confirmed trip covering it, up to an early return)?"""
    stored = TripStatus(status)
    if stored not in (TripStatus.PLANNED, TripStatus.RETURNED) or start is None or day < start:
        return False
    last = last_out_day(stored, end, returned_on)
    return last is not None and day <= last
