"""Plans: what a trip will be before it is stored, and the views of a stored trip its readers get."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.parsing import Place
from db.enums import TripStatus
from db.models import Trip, TripLeg


def place_label(province: str | None, city: str | None, district: str | None, place: str | None) -> str:
    if province or city or district:
        return Place(province, city, district).label
    return place or ""


def city_label(province: str | None, city: str | None, place: str | None) -> str:
    """The city a report defaults to (a district is too fine for "where today")."""
    if province or city:
        return Place(province, city, None).label
    return place or ""


@dataclass(frozen=True)
class LegPlan:
    start: dt.date
    end: dt.date
    province: str | None = None
    city: str | None = None
    district: str | None = None
    place: str | None = None  # free-form, when no administrative place was recognised (abroad)
    targets: str | None = None

    @property
    def label(self) -> str:
        return place_label(self.province, self.city, self.district, self.place)

    @property
    def city_label(self) -> str:
        return city_label(self.province, self.city, self.place)

    @property
    def has_place(self) -> bool:
        return bool(self.province or self.city or self.district or self.place)

    def card_payload(self) -> dict[str, Any]:
        """The leg as the trip card shows it (JSON values): label, dates, targets."""
        return {
            "place": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "targets": self.targets,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "place": self.place,
            "targets": self.targets,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LegPlan:
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            province=data.get("province"),
            city=data.get("city"),
            district=data.get("district"),
            place=data.get("place"),
            targets=data.get("targets"),
        )

    @classmethod
    def of(cls, leg: TripLeg) -> LegPlan:
        return cls(leg.start_date, leg.end_date, leg.province, leg.city, leg.district, leg.place, leg.targets)


@dataclass(frozen=True)
class TripPlan:
    legs: tuple[LegPlan, ...]
    purpose: str | None = None
    companion_ids: tuple[int, ...] = ()
    source_text: str | None = None

    @property
    def start(self) -> dt.date:
        return min(leg.start for leg in self.legs)

    @property
    def end(self) -> dt.date:
        return max(leg.end for leg in self.legs)

    def to_json(self) -> dict[str, Any]:
        return {
            "legs": [leg.to_json() for leg in self.legs],
            "purpose": self.purpose,
            "companion_ids": list(self.companion_ids),
            "source_text": self.source_text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TripPlan:
        return cls(
            legs=tuple(LegPlan.from_json(leg) for leg in data.get("legs", [])),
            purpose=data.get("purpose"),
            companion_ids=tuple(int(pid) for pid in data.get("companion_ids", [])),
            source_text=data.get("source_text"),
        )

    @classmethod
    def of(cls, trip: Trip) -> TripPlan:
        return cls(
            legs=tuple(LegPlan.of(leg) for leg in sorted(trip.legs, key=lambda leg: leg.seq)),
            purpose=trip.purpose,
            companion_ids=tuple(c.person_id for c in trip.companions),
            source_text=trip.source_text,
        )


@dataclass(frozen=True)
class TripQuestion:
    """What a trip line left open, to be asked before anything is stored.

    ``missing``: ``dates`` / ``place`` (the answer is joined to ``text``) or ``split`` (several
    cities share one range: ``options`` are the ways to divide the days, in order; none when there
    are too many, then the form or a line that says how is the way). ``places`` and ``start``/``end``
    are what was understood, to show in the question.
    """

    missing: str
    text: str
    places: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    options: tuple[tuple[LegPlan, ...], ...] = ()


@dataclass(frozen=True)
class TripView:
    """A trip as its readers see it; ``payload`` is the render-ready snapshot (JSON values)."""

    id: int
    status: TripStatus
    version: int
    cadre_id: int
    plan: TripPlan
    payload: dict[str, Any] = field(compare=False)

    @property
    def start(self) -> dt.date:
        return self.plan.start

    @property
    def end(self) -> dt.date:
        return self.plan.end


@dataclass(frozen=True)
class TripTotals:
    trip: TripView
    days: int
    cities: tuple[str, ...]
    reports: int
    visits: int
    leads: int
    investment_wan: Decimal
    summary: str | None

    def to_payload(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "cities": list(self.cities),
            "reports": self.reports,
            "visits": self.visits,
            "leads": self.leads,
            "investment_wan": str(self.investment_wan),
            "summary": self.summary,
        }
