"""Facts about a stored trip: its days, where the itinerary puts the cadre, and its render payload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from core.trips.plans import TripPlan, city_label
from core.trips.status import last_out_day, returned_day
from db.models import Trip
from db.tx import Tx

_ONE_DAY = dt.timedelta(days=1)


def last_day(trip: Trip, tz: dt.tzinfo) -> dt.date | None:
    """The trip's last day; a trip closed early ends on the day it was closed."""
    return last_out_day(trip.status, trip.end_date, returned_on(trip, tz))


def itinerary_days(trip: Trip, tz: dt.tzinfo) -> list[dt.date]:
    """Every day some leg covers (trips go on through weekends), up to the trip's last day."""
    final = last_day(trip, tz)
    days: set[dt.date] = set()
    for leg in trip.legs:
        day = leg.start_date
        while day <= leg.end_date and (final is None or day <= final):
            days.add(day)
            day += _ONE_DAY
    return sorted(days)


def city_on(trip: Trip, day: dt.date) -> str:
    """Where the itinerary puts the cadre that day (on a travel day, the place travelled to)."""
    legs = [
        leg for leg in sorted(trip.legs, key=lambda leg: leg.seq) if leg.start_date <= day <= leg.end_date
    ]
    if not legs:
        return ""
    leg = legs[-1]
    return city_label(leg.province, leg.city, leg.place)


_ITEM_SPLIT = re.compile(r"[、,，;；\n]+")


def count_items(text: str | None) -> int:
    """Visits written as a list (``华为、比亚迪；腾讯``) counted one by one."""
    if not text:
        return 0
    return len([part for part in _ITEM_SPLIT.split(text) if part.strip()])


async def trip_payload(tx: Tx, trip: Trip, tz: dt.tzinfo | None = None) -> dict[str, Any]:
    """Everything needed to render the trip, in any language, now or later (JSON values)."""
    companion_ids = [c.person_id for c in trip.companions]
    people = await tx.trips.names_and_groups([trip.cadre_id, *companion_ids])
    cadre, group = people.get(trip.cadre_id, ("", None))
    plan = TripPlan.of(trip)
    return {
        "trip_id": trip.id,
        "version": trip.version,
        "status": trip.status.value,
        "cadre_id": trip.cadre_id,
        "cadre": cadre,
        "group": group,
        "purpose": trip.purpose,
        "start": plan.start.isoformat() if plan.legs else None,
        "end": plan.end.isoformat() if plan.legs else None,
        "legs": [leg.card_payload() for leg in plan.legs],
        "companions": [people[pid][0] for pid in companion_ids if pid in people],
        "returned_on": back.isoformat() if (back := returned_on(trip, tz)) else None,
    }


def returned_on(trip: Trip, tz: dt.tzinfo | None) -> dt.date | None:
    """The day a returned trip was closed (in the campaign's timezone)."""
    return returned_day(trip.status, trip.returned_at, tz)


def first_place(trip: Trip) -> tuple[str | None, str | None, str | None, str | None]:
    if not trip.legs:
        return None, None, None, None
    leg = sorted(trip.legs, key=lambda leg: leg.seq)[0]
    return leg.province, leg.city, leg.district, leg.place
