"""Promotion trips (外出招商): declare, confirm, change, cancel, close, and who is out today.

The campaign's reporting rule: a cadre going out to promote investment reports the itinerary to
the command office at once, so the office knows where everyone is. A trip is declared from one
line of Chinese (``明天去深圳拜访华为,4月5日返回``, parsed into a draft shown back for
confirmation) or from a step-by-step form; confirming it tells the office and the companions
through the outbox, as do later changes and cancellations (their keys carry the trip's version).
"""

from core.parsing.trip_text import MAX_TRIP_DAYS
from core.trips.declaring import DeclaringTrips
from core.trips.facts import city_on, count_items, itinerary_days, last_day, trip_payload
from core.trips.plans import LegPlan, TripPlan, TripQuestion, TripTotals, TripView, city_label, place_label
from core.trips.reading import ReadingTrips, TravelRow
from core.trips.returning import ReturningTrips
from core.trips.text import looks_like_trip, near_miss

__all__ = [
    "MAX_TRIP_DAYS",
    "LegPlan",
    "TravelRow",
    "TripPlan",
    "TripQuestion",
    "TripService",
    "TripTotals",
    "TripView",
    "city_label",
    "city_on",
    "count_items",
    "itinerary_days",
    "last_day",
    "looks_like_trip",
    "near_miss",
    "place_label",
    "trip_payload",
]


class TripService(DeclaringTrips, ReadingTrips, ReturningTrips):
    """Every trip use case: declaring (and changing), reading, and returning."""
