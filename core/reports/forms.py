"""What a daily report is made of, and what the report form is shown and told back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.reports.leads import LeadInput


@dataclass(frozen=True)
class PhotoInput:
    file_id: str
    file_unique_id: str | None = None
    caption: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "caption": self.caption}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PhotoInput:
        return cls(data["file_id"], data.get("file_unique_id"), data.get("caption"))


@dataclass(frozen=True)
class ReportInput:
    trip_id: int
    day: dt.date
    city: str | None = None
    location_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    visits: str | None = None
    outcome: str | None = None
    leads: tuple[LeadInput, ...] = ()
    photos: tuple[PhotoInput, ...] = ()
    coauthor_ids: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "trip_id": self.trip_id,
            "day": self.day.isoformat(),
            "city": self.city,
            "location_text": self.location_text,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "visits": self.visits,
            "outcome": self.outcome,
            "leads": [lead.to_json() for lead in self.leads],
            "photos": [photo.to_json() for photo in self.photos],
            "coauthor_ids": list(self.coauthor_ids),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportInput:
        return cls(
            trip_id=int(data["trip_id"]),
            day=dt.date.fromisoformat(data["day"]),
            city=data.get("city"),
            location_text=data.get("location_text"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            visits=data.get("visits"),
            outcome=data.get("outcome"),
            leads=tuple(LeadInput.from_json(lead) for lead in data.get("leads", [])),
            photos=tuple(PhotoInput.from_json(photo) for photo in data.get("photos", [])),
            coauthor_ids=tuple(int(pid) for pid in data.get("coauthor_ids", [])),
        )


@dataclass(frozen=True)
class ReportSlot:
    """A trip day the person owes (or has filed) a report for."""

    trip_id: int
    day: dt.date
    city: str
    done: bool
    late: bool


@dataclass(frozen=True)
class ReportStart:
    """What the report form needs: defaults, the report being edited, who may co-sign."""

    trip_id: int
    day: dt.date
    is_late: bool
    default_city: str
    cadre: str
    existing: ReportInput | None
    report_id: int | None
    candidates: tuple[tuple[int, str], ...]  # trip members without their own report that day
    known_leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportResult:
    report_id: int
    trip_id: int
    day: dt.date
    is_late: bool
    edited: bool
    coauthors: tuple[str, ...]
    leads_created: tuple[tuple[str, Decimal | None], ...]
    leads_known: tuple[str, ...]
    photos_added: int


@dataclass(frozen=True)
class PinnedPlace:
    """A shared location, as people see it: the place name (None: not in China), and the distance
    in km from the itinerary's city when it is beyond the allowed one (None: close enough, or unknown)."""

    label: str | None
    km_away: int | float | None = None
