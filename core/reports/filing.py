"""Filing a daily report (日报): the form's slots and defaults, a new report or a same-day edit, joint reports.

A report for a past day is late (补报). Leads typed in a report become projects (core.reports.leads);
every filing and edit is audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core import limits
from core.errors import Invalid, NotFound, NotYours
from core.parsing import parse_span
from core.parsing.geo import km_from_city, place_at
from core.parsing.places import parse_place
from core.parsing.worker import parse_off_loop
from core.policy import trip_members
from core.reports.base import ReportServiceBase
from core.reports.forms import PinnedPlace, ReportInput, ReportResult, ReportSlot, ReportStart
from core.reports.leads import add_leads
from core.trips import city_label, city_on, itinerary_days
from db.enums import AttachmentKind
from db.models import Attachment, DailyReport, Person, Trip
from db.queries.trips import CONFIRMED
from db.tx import Tx

_EDITABLE_FIELDS = ("city", "location_text", "latitude", "longitude", "visits", "outcome")


def _fields(report: DailyReport) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(report, name) for name in _EDITABLE_FIELDS}
    values["coauthors"] = sorted(c.person_id for c in report.coauthors)
    return values


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


class FilingReports(ReportServiceBase):
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

    async def pin(self, latitude: float, longitude: float, city: str | None) -> PinnedPlace:
        """A shared location as a place name (offline), and how far it is from ``city`` (the
        itinerary's city of the day) when that is more than ``mismatch_km``."""
        place = await parse_off_loop(place_at, latitude, longitude)
        km = await parse_off_loop(km_from_city, latitude, longitude, None, city) if city else None
        far = km if km is not None and km > self.mismatch_km else None
        return PinnedPlace(place.label if place is not None else None, far)

    async def open_slots(self, actor: Person, day: dt.date | None = None) -> list[ReportSlot]:
        """What /report offers: today's slots (to file or edit) and unfiled days within the grace window;
        with ``day``, only that day's (a day out of the window or not a trip day is answered why)."""
        today = self.clock.today()
        if day is not None:
            if day > today:
                raise Invalid("report.future_day", day=day)
            if day < self.earliest_day():
                raise Invalid("report.too_late", day=day, earliest=self.earliest_day(), days=self.grace_days)
        slots = [s for s in await self.slots(actor) if s.day == today or not s.done]
        if day is None:
            return slots
        found = [s for s in slots if s.day == day]
        if not found:
            covered = [s for s in await self.slots(actor) if s.day == day]
            raise Invalid("report.day_done" if covered else "report.no_trip_on", day=day)
        return found

    async def day_from_text(self, text: str) -> dt.date:
        """The day typed after /report (``昨天``, ``11月30日``)."""
        span = await parse_off_loop(parse_span, text, self.clock.today())
        if span is None or span.start != span.end:
            raise Invalid("report.bad_day", text=text.strip()[:40])
        return span.start

    async def slots(self, actor: Person) -> list[ReportSlot]:
        """The actor's trip days from the grace window's start up to today, each filed or not; today first."""
        today = self.clock.today()
        since = self.earliest_day()
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
            created, known = await add_leads(tx, actor, trip, report, data.leads, now=now, today=today)
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
        if day < self.earliest_day():
            raise Invalid("report.too_late", day=day, earliest=self.earliest_day(), days=self.grace_days)
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
