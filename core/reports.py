"""Daily trip reports (日报): filing, same-day edits, joint reports, leads, reminders, escalation.

Everyone on a confirmed trip (the cadre and each companion) owes one report for every day the
itinerary covers, weekends included. A joint report (联合日报) names coauthors and counts as
theirs too. A report for a past day is late (补报). Leads typed in a report become projects in
stage ``lead`` linked to the trip, the reporter and the report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core import limits
from core.audience import group_leader_recipients, office_recipients
from core.clock import Clock
from core.errors import Invalid, NotFound, NotYours
from core.outbox import Notification, Outbox, Recipient
from core.parsing.dates import normalize_text
from core.parsing.money import find_amounts
from core.parsing.places import parse_place
from core.parsing.worker import parse_off_loop
from core.trips import city_label, city_on, itinerary_days, trip_members
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import AttachmentKind, ProjectCategory, ProjectStage
from db.models import Attachment, DailyReport, Person, Project, Trip
from db.queries.trips import CONFIRMED
from db.tx import Tx

__all__ = [
    "LeadInput",
    "Owed",
    "PhotoInput",
    "ReportInput",
    "ReportResult",
    "ReportService",
    "ReportSlot",
    "ReportStart",
    "parse_leads",
]

SLOT_WINDOW_DAYS = 30  # /report offers late reports (补报) for trip days this far back

# ---------------------------------------------------------------------------------------------
# leads typed in a report: one a line, "company industry amount" in any order after the company
# ---------------------------------------------------------------------------------------------

_LEAD_LINES = re.compile(r"[\n;；]+")
_LEAD_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.、)）]|[-•·*])\s*")
_LEAD_WORDS = re.compile(
    r"(?:公司名称|企业名称|公司|企业|名称|所属产业|产业|行业|领域)\s*[:：]"
    r"|意向投资额?|拟投资额?|计划投资额?|总投资额?|投资额|投资|意向|金额|[:：]"
)
_LEAD_SPLIT = re.compile(r"[\s,，、/|]+")
MAX_COMPANY = 100
MAX_INDUSTRY = 64


@dataclass(frozen=True)
class LeadInput:
    company: str
    industry: str | None = None
    investment_wan: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        wan = None if self.investment_wan is None else str(self.investment_wan)
        return {"company": self.company, "industry": self.industry, "investment_wan": wan}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LeadInput:
        wan = data.get("investment_wan")
        return cls(data["company"], data.get("industry"), Decimal(wan) if wan is not None else None)


def parse_leads(text: str) -> tuple[LeadInput, ...]:
    """``比亚迪 新能源汽车 约5亿元`` (one lead a line) → company, industry, intended amount in 万元."""
    leads: list[LeadInput] = []
    for raw in _LEAD_LINES.split(normalize_text(text)):
        line = _LEAD_NUMBERING.sub("", raw).strip()
        if not line:
            continue
        amounts = [a for a in find_amounts(line) if a.currency == "CNY"]
        rest = line
        if amounts:
            rest = line[: amounts[0].start] + " " + line[amounts[0].end :]
        parts = [p for p in _LEAD_SPLIT.split(_LEAD_WORDS.sub(" ", rest)) if p]
        if not parts or len(parts[0]) > MAX_COMPANY:
            raise Invalid("report.lead_unreadable", line=line[:60])
        industry = "".join(parts[1:])[:MAX_INDUSTRY] or None
        leads.append(LeadInput(parts[0], industry, amounts[0].wan if amounts else None))
    return tuple(leads)


# ---------------------------------------------------------------------------------------------
# what a report is made of
# ---------------------------------------------------------------------------------------------


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
class Owed:
    """A missing report: who, for which trip and day, and where the itinerary put them."""

    trip_id: int
    person_id: int
    day: dt.date
    city: str
    cadre_id: int


_EDITABLE_FIELDS = ("city", "location_text", "latitude", "longitude", "visits", "outcome")


def _fields(report: DailyReport) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(report, name) for name in _EDITABLE_FIELDS}
    values["coauthors"] = sorted(c.person_id for c in report.coauthors)
    return values


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


class ReportService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox

    # ------------------------------------------------------------------ filing

    @staticmethod
    async def place_from_text(text: str) -> tuple[str | None, str | None]:
        """Where the reporter says they were → (city, location as written)."""
        text = text.strip()[:255]
        if not text:
            return None, None
        place = await parse_off_loop(parse_place, text)
        if place is None or not (place.city or place.province):
            return text[:32], text
        city = city_label(place.province, place.city, None)
        return city, (text if text != city else None)

    async def slots(self, actor: Person) -> list[ReportSlot]:
        """The actor's trip days up to today (recent ones), each filed or not; today first."""
        today = self.clock.today()
        since = today - dt.timedelta(days=SLOT_WINDOW_DAYS)
        async with self.db.transaction() as tx:
            trips = await tx.trips.of_person(actor.id, statuses=CONFIRMED, ending_after=since, limit=20)
            covered = await tx.reports.covered([t.id for t in trips], since, today)
        slots = [
            ReportSlot(trip.id, day, city_on(trip, day), (trip.id, actor.id, day) in covered, day < today)
            for trip in trips
            for day in itinerary_days(trip, self.clock.tz)
            if since <= day <= today
        ]
        return sorted(slots, key=lambda s: (s.day != today, -s.day.toordinal(), s.trip_id))

    async def begin(self, actor: Person, trip_id: int, day: dt.date) -> ReportStart:
        """Open the report for that trip day (a new one, or today's own report to edit)."""
        async with self.db.transaction() as tx:
            trip, own = await self._check(tx, actor, trip_id, day)
            members = trip_members(trip)
            people = await tx.trips.people(members)
            candidates = [
                (pid, people[pid].name)
                for pid in members
                if pid != actor.id and pid in people and await tx.reports.by_author(trip.id, pid, day) is None
            ]
            existing = None
            known: tuple[str, ...] = ()
            if own is not None:
                existing = ReportInput(
                    trip_id=trip.id,
                    day=day,
                    city=own.city,
                    location_text=own.location_text,
                    latitude=own.latitude,
                    longitude=own.longitude,
                    visits=own.visits,
                    outcome=own.outcome,
                    coauthor_ids=tuple(c.person_id for c in own.coauthors),
                )
                known = tuple(p.name for p in await tx.reports.leads_of_report(own.id))
            cadre = people.get(trip.cadre_id)
            return ReportStart(
                trip_id=trip.id,
                day=day,
                is_late=day < self.clock.today(),
                default_city=city_on(trip, day),
                cadre=cadre.name if cadre else "",
                existing=existing,
                report_id=own.id if own else None,
                candidates=tuple(candidates),
                known_leads=known,
            )

    async def submit(self, actor: Person, data: ReportInput) -> ReportResult:
        """File (or edit, the same day) the actor's report; leads become projects; edits are audited."""
        limits.check_text(data.visits, limits.REPORT_TEXT)
        limits.check_text(data.outcome, limits.REPORT_TEXT)
        limits.check_photos(len(data.photos), limits.REPORT_PHOTOS)
        now = self.clock.now()
        today = self.clock.today()
        async with self.db.transaction() as tx:
            trip, own = await self._check(tx, actor, data.trip_id, data.day)
            others = {pid for pid in trip_members(trip) if pid != actor.id}
            if not set(data.coauthor_ids) <= others:
                raise Invalid("report.bad_coauthor")
            coauthors = [
                pid for pid in data.coauthor_ids if await tx.reports.by_author(trip.id, pid, data.day) is None
            ]
            before = _fields(own) if own is not None else None
            report = own or await tx.reports.add(
                DailyReport(
                    trip_id=trip.id,
                    author_id=actor.id,
                    report_date=data.day,
                    is_late=data.day < today,
                    created_at=now,
                    updated_at=now,
                )
            )
            report.city = _clean(data.city)
            report.location_text = _clean(data.location_text)
            report.latitude = data.latitude
            report.longitude = data.longitude
            report.visits = _clean(data.visits)
            report.outcome = _clean(data.outcome)
            report.updated_at = now
            tx.reports.set_coauthors(report, coauthors)
            for photo in data.photos:
                await tx.reports.add_attachment(
                    Attachment(
                        kind=AttachmentKind.PHOTO,
                        file_id=photo.file_id,
                        file_unique_id=photo.file_unique_id,
                        caption=photo.caption,
                        report_id=report.id,
                        uploaded_by_id=actor.id,
                        created_at=now,
                    )
                )
            created, known = await self._add_leads(tx, actor, trip, report, data.leads)
            await tx.flush()
            self._audit(tx, actor, report, before, created, len(data.photos))
            names = await tx.trips.people(coauthors)
            return ReportResult(
                report_id=report.id,
                trip_id=trip.id,
                day=data.day,
                is_late=report.is_late,
                edited=before is not None,
                coauthors=tuple(names[pid].name for pid in coauthors if pid in names),
                leads_created=tuple(created),
                leads_known=tuple(known),
                photos_added=len(data.photos),
            )

    # ------------------------------------------------------------------ jobs

    async def remind(self, day: dt.date) -> int:
        """Job (evening of every itinerary day): each member without a report that day gets a [填报]."""
        sent = 0
        async with self.db.transaction() as tx:
            owed = await self._owed(tx, day, day)
            people = await tx.trips.people({o.cadre_id for o in owed})
            for item in owed:
                cadre = people.get(item.cadre_id)
                payload = {
                    "trip_id": item.trip_id,
                    "day": item.day.isoformat(),
                    "city": item.city,
                    "cadre": cadre.name if cadre and item.cadre_id != item.person_id else None,
                }
                sent += await self.outbox.enqueue(
                    tx,
                    Recipient(person_id=item.person_id),
                    Notification("report.remind", payload),
                    key=f"report:{item.trip_id}:{item.person_id}:{item.day.isoformat()}:remind",
                )
        return sent

    async def escalate(self, day: dt.date, calendar: WorkCalendar) -> int:
        """Job (working-day mornings): reports still missing since the previous working day
        (a Monday covers the weekend) go once to each missing person's group leader and to the
        office, one message per recipient listing them all."""
        first = calendar.previous_workday(day)
        last = day - dt.timedelta(days=1)
        if last < first:
            return 0
        async with self.db.transaction() as tx:
            owed = await self._owed(tx, first, last)
            people = await tx.trips.people({o.person_id for o in owed} | {o.cadre_id for o in owed})
            lists: dict[str, tuple[Recipient, list[dict[str, Any]]]] = {}
            for item in owed:
                person = people[item.person_id]
                entry = self._escalation_item(item, person, people.get(item.cadre_id))
                group_id = person.work_group_id
                recipients = await group_leader_recipients(tx, group_id)
                recipients += await office_recipients(tx, work_group_id=group_id)
                for recipient in recipients:
                    lists.setdefault(recipient.key, (recipient, []))[1].append(entry)
            sent = 0
            for recipient, items in lists.values():
                items.sort(key=lambda e: (e["group"] or "", e["name"], e["day"]))
                payload = {
                    "day": day.isoformat(),
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                    "items": items,
                }
                sent += await self.outbox.enqueue(
                    tx,
                    recipient,
                    Notification("report.escalation", payload),
                    key=f"report:escalation:{day.isoformat()}",
                )
            return sent

    async def owed(self, first: dt.date, last: dt.date) -> list[Owed]:
        async with self.db.transaction() as tx:
            return await self._owed(tx, first, last)

    # ------------------------------------------------------------------ internals

    async def _owed(self, tx: Tx, first: dt.date, last: dt.date) -> list[Owed]:
        trips = await tx.trips.between(first, last)
        covered = await tx.reports.covered([t.id for t in trips], first, last)
        people = await tx.trips.people(pid for trip in trips for pid in trip_members(trip))
        owed: list[Owed] = []
        for trip in trips:
            for day in itinerary_days(trip, self.clock.tz):
                if not first <= day <= last:
                    continue
                for pid in trip_members(trip):
                    person = people.get(pid)
                    if person is None or not person.active or (trip.id, pid, day) in covered:
                        continue
                    owed.append(Owed(trip.id, pid, day, city_on(trip, day), trip.cadre_id))
        return owed

    @staticmethod
    def _escalation_item(item: Owed, person: Person, cadre: Person | None) -> dict[str, Any]:
        return {
            "name": person.name,
            "group": person.work_group.name if person.work_group else None,
            "day": item.day.isoformat(),
            "city": item.city,
            "trip_id": item.trip_id,
            "with_cadre": cadre.name if cadre is not None and cadre.id != person.id else None,
        }

    async def _check(
        self, tx: Tx, actor: Person, trip_id: int, day: dt.date
    ) -> tuple[Trip, DailyReport | None]:
        """The trip day must be the actor's, confirmed, not in the future; returns their own report."""
        trip = await tx.trips.get(trip_id)
        if trip is None:
            raise NotFound()
        if actor.id not in trip_members(trip):
            raise NotYours()
        if trip.status not in CONFIRMED:
            raise Invalid("report.trip_not_open")
        today = self.clock.today()
        if day > today:
            raise Invalid("report.future_day", day=day)
        if day not in itinerary_days(trip, self.clock.tz):
            raise Invalid("report.not_trip_day", day=day)
        report = await tx.reports.covering(trip.id, actor.id, day)
        if report is None:
            return trip, None
        if report.author_id != actor.id:
            author = await tx.people.get(report.author_id)
            raise Invalid("report.covered", day=day, name=author.name if author else "")
        if report.created_at.astimezone(self.clock.tz).date() != today:
            raise Invalid("report.edit_closed", day=day)
        return trip, report

    async def _add_leads(
        self, tx: Tx, actor: Person, trip: Trip, report: DailyReport, leads: tuple[LeadInput, ...]
    ) -> tuple[list[tuple[str, Decimal | None]], list[str]]:
        created: list[tuple[str, Decimal | None]] = []
        known: list[str] = []
        now = self.clock.now()
        for lead in leads:
            name = lead.company.strip()[:MAX_COMPANY]
            if await tx.reports.project_named(name, actor.work_group_id) is not None:
                known.append(name)
                continue
            await tx.reports.add_lead_project(
                Project(
                    name=name,
                    category=ProjectCategory.LEAD,
                    stage=ProjectStage.LEAD,
                    industry=lead.industry,
                    work_group_id=actor.work_group_id,
                    lead_id=actor.id,
                    planned_investment_wan=lead.investment_wan,
                    found_trip_id=trip.id,
                    found_by_id=actor.id,
                    found_report_id=report.id,
                    created_at=now,
                    updated_at=now,
                ),
                on=self.clock.today(),
                by_id=actor.id,
            )
            created.append((name, lead.investment_wan))
        return created, known

    @staticmethod
    def _audit(
        tx: Tx,
        actor: Person,
        report: DailyReport,
        before: dict[str, Any] | None,
        leads: list[tuple[str, Decimal | None]],
        photos: int,
    ) -> None:
        extra: dict[str, Any] = {"leads": [name for name, _ in leads], "photos": photos}
        if before is None:
            tx.audit.record(
                "report.create", "daily_report", report.id, actor_id=actor.id, late=report.is_late, **extra
            )
            return
        report.edit_count += 1
        after = _fields(report)
        changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
        tx.audit.record("report.edit", "daily_report", report.id, actor_id=actor.id, changes=changes, **extra)
