"""Promotion trips (外出招商): declare, confirm, change, cancel, close, and who is out today.

The campaign's reporting rule: a cadre going out to promote investment reports the itinerary to
the command office at once, so the office knows where everyone is. A trip is declared from one
line of Chinese (``明天去深圳拜访华为,4月5日返回``, parsed into a draft shown back for
confirmation) or from a step-by-step form; confirming it tells the office and the companions
through the outbox, as do later changes and cancellations (their keys carry the trip's version).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from core import limits
from core.audience import office_recipients
from core.clock import Clock
from core.errors import Conflict, Invalid, NotFound, NotYours
from core.outbox import Notification, Outbox, Recipient
from core.parsing import Place, TripParse, parse_place, parse_span, parse_trip
from core.parsing.dates import normalize_text
from core.parsing.trip_text import (
    MAX_TRIP_DAYS,
    PROBLEM_END_BEFORE_START,
    PROBLEM_LEGS_OVERLAP,
    PROBLEM_NO_DATES,
    PROBLEM_NO_PLACE,
    PROBLEM_NO_START,
    PROBLEM_TOO_LONG,
)
from core.parsing.worker import parse_off_loop
from core.roles import is_office, require_any
from db.database import Database
from db.enums import Role, TripStatus
from db.models import Person, Trip, TripLeg
from db.tx import Tx

__all__ = [
    "MAX_TRIP_DAYS",
    "LegPlan",
    "TravelRow",
    "TripPlan",
    "TripService",
    "TripTotals",
    "TripView",
    "city_on",
    "count_items",
    "itinerary_days",
    "looks_like_trip",
    "trip_members",
]

_ONE_DAY = dt.timedelta(days=1)
DRAFT_TTL = dt.timedelta(days=7)  # unconfirmed drafts older than this are dropped
RETURN_ASK_WINDOW = 14  # days after a trip's end within which the bot asks for the summary

# ---------------------------------------------------------------------------------------------
# recognising a trip sentence typed without a command
# ---------------------------------------------------------------------------------------------

_TRAVEL_VERB = re.compile(r"(?<![过失回])去(?![年世除掉向])|赴|前往|飞往|出差|到(?![位期账达了底场手点])")
_PLACE_WINDOW = 8


def looks_like_trip(text: str) -> bool:
    """A travel verb directly followed by a place (``去深圳``, ``赴上海浦东``, ``出差成都``).

    Deliberately narrow: other free text (progress replies, questions) must reach other features.
    CPU work (jionlp): from async code, call it through ``parse_off_loop``.
    """
    text = normalize_text(text).strip()
    if not text or text.startswith("/") or len(text) > 300:
        return False
    for match in _TRAVEL_VERB.finditer(text):
        window = text[match.end() : match.end() + _PLACE_WINDOW]
        if parse_place(window) is not None:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# plans: what a trip will be, before it is stored
# ---------------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class TravelRow:
    """One person out today: where, until when, and their last report."""

    person_id: int
    name: str
    group: str | None
    trip_id: int
    where: str
    until: dt.date
    with_cadre: str | None  # the trip's cadre, when this person is a companion
    last_report_day: dt.date | None
    last_report_city: str | None


# ---------------------------------------------------------------------------------------------
# facts about a stored trip
# ---------------------------------------------------------------------------------------------


def trip_members(trip: Trip) -> list[int]:
    """The cadre first, then the companions: everyone who owes a daily report."""
    return [trip.cadre_id, *(c.person_id for c in trip.companions if c.person_id != trip.cadre_id)]


def last_day(trip: Trip, tz: dt.tzinfo) -> dt.date | None:
    """The trip's last day; a trip closed early ends on the day it was closed."""
    if trip.end_date is None:
        return None
    if trip.status == TripStatus.RETURNED and trip.returned_at is not None:
        return min(trip.end_date, trip.returned_at.astimezone(tz).date())
    return trip.end_date


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


def _names(people: dict[int, Person], ids: Iterable[int]) -> list[str]:
    return [people[pid].name for pid in ids if pid in people]


async def trip_payload(tx: Tx, trip: Trip) -> dict[str, Any]:
    """Everything needed to render the trip, in any language, now or later (JSON values)."""
    companion_ids = [c.person_id for c in trip.companions]
    people = await tx.trips.people([trip.cadre_id, *companion_ids])
    cadre = people.get(trip.cadre_id)
    group = cadre.work_group.name if cadre is not None and cadre.work_group is not None else None
    plan = TripPlan.of(trip)
    return {
        "trip_id": trip.id,
        "version": trip.version,
        "status": trip.status.value,
        "cadre_id": trip.cadre_id,
        "cadre": cadre.name if cadre is not None else "",
        "group": group,
        "purpose": trip.purpose,
        "start": plan.start.isoformat() if plan.legs else None,
        "end": plan.end.isoformat() if plan.legs else None,
        "legs": [
            {
                "place": leg.label,
                "start": leg.start.isoformat(),
                "end": leg.end.isoformat(),
                "targets": leg.targets,
            }
            for leg in plan.legs
        ],
        "companions": _names(people, companion_ids),
    }


# ---------------------------------------------------------------------------------------------
# the use cases
# ---------------------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"[\s、,，;；/]+|和|及|与")
_PARSE_PROBLEMS = (
    (PROBLEM_NO_PLACE, "trip.no_place"),
    (PROBLEM_NO_DATES, "trip.no_dates"),
    (PROBLEM_NO_START, "trip.no_dates"),
    (PROBLEM_LEGS_OVERLAP, "trip.legs_overlap"),
)


class TripService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, grace_days: int = 1) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.grace_days = grace_days

    # ------------------------------------------------------------------ parsing helpers (no storage)

    def earliest_start(self) -> dt.date:
        """The earliest departure day a new trip may have (a grace day for declaring late)."""
        return self.clock.today() - dt.timedelta(days=self.grace_days)

    async def day_from_text(self, text: str) -> dt.date:
        """A single date typed in the form (``4月8日``, ``下周一``, ``12.3``)."""
        span = await parse_off_loop(parse_span, text, self.clock.today())
        if span is None:
            raise Invalid("trip.bad_date", text=text.strip()[:40])
        return span.start

    @staticmethod
    async def place_from_text(text: str) -> LegPlan:
        """A destination typed in the form; an unrecognised one (abroad) is kept as written.

        The dates of the returned leg are placeholders: the form asks for them next.
        """
        text = text.strip()
        if not text or len(text) > 60:
            raise Invalid("trip.no_place")
        place = await parse_off_loop(parse_place, text)
        today = dt.date.min
        if place is None:
            return LegPlan(today, today, place=text)
        return LegPlan(today, today, place.province, place.city, place.district)

    async def resolve_companions(self, actor: Person, text: str) -> list[tuple[int, str]]:
        """Names typed in the form (``李四、王五``) → registered people; unknown names are refused."""
        found: list[tuple[int, str]] = []
        unknown: list[str] = []
        async with self.db.transaction() as tx:
            for name in dict.fromkeys(n.strip() for n in _NAME_SPLIT.split(text) if n.strip()):
                matches = [p for p in await tx.people.by_name(name) if p.active]
                if not matches:
                    unknown.append(name)
                elif len(matches) > 1:
                    raise Invalid("trip.ambiguous_companion", name=name, count=len(matches))
                elif matches[0].id != actor.id and matches[0].id not in {pid for pid, _ in found}:
                    found.append((matches[0].id, matches[0].name))
        if unknown:
            raise Invalid("trip.unknown_companions", names="、".join(unknown))
        return found

    # ------------------------------------------------------------------ declaring

    async def draft_from_text(self, actor: Person, text: str) -> TripView:
        """Parse a trip sentence into a stored draft for the cadre to confirm; bad input stores nothing."""
        require_any(actor, Role.CADRE)
        text = text.strip()
        async with self.db.transaction() as tx:
            people = await tx.trips.active_names()
        known = [name for pid, name in people if pid != actor.id]
        # jionlp is CPU work (and slow to load the first time): keep it off the event loop
        parsed = await parse_off_loop(parse_trip, text, self.clock.today(), known)
        plan = self._plan_from_parse(parsed, people, actor, text)
        async with self.db.transaction() as tx:
            await self._check_plan(tx, actor, plan, trip=None)
            await self._drop_stale_drafts(tx, actor)
            trip = await self._store(tx, actor.id, plan, None)
            tx.audit.record("trip.draft", "trip", trip.id, actor_id=actor.id, source="text")
            return await self._view(tx, trip)

    async def confirm(self, actor: Person, trip_id: int) -> TripView:
        """The cadre confirms a draft: the trip is declared and the office told at once."""
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status != TripStatus.DRAFT:
                raise Invalid("trip.already_confirmed")
            await self._check_plan(tx, actor, TripPlan.of(trip), trip=trip)
            return await self._declare(tx, actor, trip)

    async def save(
        self, actor: Person, plan: TripPlan, *, trip_id: int | None = None, version: int | None = None
    ) -> TripView:
        """The form's 确认: declare a new trip, confirm an edited draft, or change a confirmed trip."""
        require_any(actor, Role.CADRE)
        plan = self._normalised(plan, actor)
        async with self.db.transaction() as tx:
            if trip_id is None:
                await self._check_plan(tx, actor, plan, trip=None)
                trip = await self._store(tx, actor.id, plan, None)
                return await self._declare(tx, actor, trip)
            trip = await self._own(tx, actor, trip_id)
            if trip.status == TripStatus.DRAFT:
                await self._check_plan(tx, actor, plan, trip=trip)
                await self._store(tx, actor.id, plan, trip)
                return await self._declare(tx, actor, trip)
            if trip.status != TripStatus.PLANNED:
                raise Invalid("trip.closed")
            if version is not None and version != trip.version:
                raise Conflict("trip.changed_meanwhile")
            return await self._change(tx, actor, trip, plan)

    async def discard(self, actor: Person, trip_id: int) -> None:
        """Throw away an unconfirmed draft (the card's 取消)."""
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status != TripStatus.DRAFT:
                raise Invalid("trip.already_confirmed")
            await tx.trips.delete(trip)

    async def cancel(self, actor: Person, trip_id: int) -> TripView:
        """Cancel a confirmed trip that has no reports yet; the office and companions are told."""
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status != TripStatus.PLANNED:
                raise Invalid("trip.closed")
            if await tx.reports.count_for_trip(trip.id):
                raise Invalid("trip.cancel_has_reports")
            trip.status = TripStatus.CANCELLED
            trip.cancelled_at = self.clock.now()
            await tx.flush()
            view = await self._view(tx, trip)
            await self._announce(tx, trip, "cancelled", view.payload)
            tx.audit.record("trip.cancel", "trip", trip.id, actor_id=actor.id, version=trip.version)
            return view

    # ------------------------------------------------------------------ reading

    async def view(self, actor: Person, trip_id: int) -> TripView:
        """The cadre, a companion, the office, or the cadre's group leader may look at a trip."""
        async with self.db.transaction() as tx:
            trip = await tx.trips.get(trip_id)
            if trip is None or (trip.status == TripStatus.DRAFT and trip.cadre_id != actor.id):
                raise NotFound()
            if not await self._may_read(tx, actor, trip):
                raise NotYours()
            return await self._view(tx, trip)

    async def editable(self, actor: Person, trip_id: int) -> TripView:
        """A trip the actor may change (their own draft or confirmed trip), to prefill the form."""
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status not in (TripStatus.DRAFT, TripStatus.PLANNED):
                raise Invalid("trip.closed")
            return await self._view(tx, trip)

    async def closable(self, actor: Person, trip_id: int) -> TripView:
        """The cadre's own trip that has begun and is still open (the one /back closes)."""
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status != TripStatus.PLANNED:
                raise Invalid("trip.closed")
            if trip.start_date is not None and trip.start_date > self.clock.today():
                raise Invalid("trip.not_started", start=trip.start_date)
            return await self._view(tx, trip)

    async def mine(self, actor: Person, *, limit: int = 10) -> list[TripView]:
        """The actor's trips (as cadre or companion): current and coming first, then the latest past."""
        today = self.clock.today()
        statuses = (TripStatus.PLANNED, TripStatus.RETURNED, TripStatus.CANCELLED)
        async with self.db.transaction() as tx:
            trips = await tx.trips.of_person(actor.id, statuses=statuses, limit=limit)
            views = [await self._view(tx, trip) for trip in trips]

        def order(view: TripView) -> tuple[bool, int]:
            current = view.status == TripStatus.PLANNED and view.end >= today
            return (not current, view.start.toordinal() if current else -view.start.toordinal())

        return sorted(views, key=order)

    async def returnable(self, actor: Person) -> list[TripView]:
        """The cadre's trips that have begun and are not closed: candidates for /back."""
        async with self.db.transaction() as tx:
            trips = await tx.trips.started_open(actor.id, self.clock.today())
            return [await self._view(tx, trip) for trip in trips]

    async def names_of(self, person_ids: Iterable[int]) -> dict[int, str]:
        async with self.db.transaction() as tx:
            return {pid: p.name for pid, p in (await tx.trips.people(person_ids)).items()}

    # ------------------------------------------------------------------ returning

    async def close(self, actor: Person, trip_id: int, summary: str | None) -> TripTotals:
        """The cadre is back: the trip becomes returned with a summary; the office gets the totals."""
        limits.check_text(summary, limits.TRIP_SUMMARY)
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            if trip.status != TripStatus.PLANNED:
                raise Invalid("trip.closed")
            if trip.start_date is not None and trip.start_date > self.clock.today():
                raise Invalid("trip.not_started", start=trip.start_date)
            trip.summary = (summary or "").strip() or None
            trip.status = TripStatus.RETURNED
            trip.returned_at = self.clock.now()
            await tx.flush()
            totals = await self._totals(tx, trip)
            payload = {**totals.trip.payload, **totals.to_payload()}
            cadre = await tx.people.get(trip.cadre_id)
            office = await office_recipients(tx, work_group_id=cadre.work_group_id if cadre else None)
            office = [r for r in office if r.person_id != trip.cadre_id]
            await self.outbox.enqueue_many(
                tx, office, Notification("trip.returned", payload), key=f"trip:{trip.id}:returned"
            )
            tx.audit.record("trip.return", "trip", trip.id, actor_id=actor.id)
            return totals

    async def totals(self, actor: Person, trip_id: int) -> TripTotals:
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id)
            return await self._totals(tx, trip)

    async def ask_return(self, day: dt.date) -> int:
        """Job: a cadre whose trip ended before ``day`` and is not closed is asked for the summary."""
        sent = 0
        async with self.db.transaction() as tx:
            since = day - dt.timedelta(days=RETURN_ASK_WINDOW)
            for trip in await tx.trips.ended_open(since, day):
                payload = await trip_payload(tx, trip)
                sent += await self.outbox.enqueue(
                    tx,
                    Recipient(person_id=trip.cadre_id),
                    Notification("trip.ask_return", payload),
                    key=f"trip:{trip.id}:ask_return",
                )
        return sent

    # ------------------------------------------------------------------ who is out

    async def travelling(self, actor: Person, day: dt.date | None = None) -> list[TravelRow]:
        """Everyone out on a confirmed trip that day, in the actor's scope.

        Office and admin see all; a group leader sees the people of the group(s) they lead.
        """
        require_any(actor, Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER)
        day = day or self.clock.today()
        async with self.db.transaction() as tx:
            scope = None if is_office(actor) else await self._led_groups(tx, actor)
            trips = [t for t in await tx.trips.between(day, day) if t.status == TripStatus.PLANNED]
            members = {t.id: trip_members(t) for t in trips}
            people = await tx.trips.people(pid for ids in members.values() for pid in ids)
            latest = await tx.reports.latest_for(people)
            rows: list[TravelRow] = []
            for trip in trips:
                cadre = people.get(trip.cadre_id)
                for pid in members[trip.id]:
                    person = people.get(pid)
                    if person is None or not person.active:
                        continue
                    if scope is not None and person.work_group_id not in scope:
                        continue
                    report = latest.get(pid)
                    rows.append(
                        TravelRow(
                            person_id=pid,
                            name=person.name,
                            group=person.work_group.name if person.work_group else None,
                            trip_id=trip.id,
                            where=city_on(trip, day),
                            until=trip.end_date or day,
                            with_cadre=cadre.name if cadre is not None and pid != trip.cadre_id else None,
                            last_report_day=report.report_date if report else None,
                            last_report_city=report.city if report else None,
                        )
                    )
        return sorted(rows, key=lambda r: (r.group or "", r.name, r.trip_id))

    # ------------------------------------------------------------------ internals

    async def _led_groups(self, tx: Tx, actor: Person) -> set[int]:
        groups = {g.id for g in await tx.org.group_led_by(actor.id)}
        if not groups and actor.work_group_id is not None:
            groups = {actor.work_group_id}
        return groups

    async def _may_read(self, tx: Tx, actor: Person, trip: Trip) -> bool:
        if actor.id in trip_members(trip) or is_office(actor):
            return True
        if Role.GROUP_LEADER not in actor.role_set:
            return False
        cadre = await tx.people.get(trip.cadre_id)
        return cadre is not None and cadre.work_group_id in await self._led_groups(tx, actor)

    async def _own(self, tx: Tx, actor: Person, trip_id: int) -> Trip:
        trip = await tx.trips.get(trip_id)
        if trip is None:
            raise NotFound()
        if trip.cadre_id != actor.id:
            raise NotYours()
        return trip

    async def _view(self, tx: Tx, trip: Trip) -> TripView:
        return TripView(
            id=trip.id,
            status=trip.status,
            version=trip.version,
            cadre_id=trip.cadre_id,
            plan=TripPlan.of(trip),
            payload=await trip_payload(tx, trip),
        )

    def _plan_from_parse(
        self, parsed: TripParse, people: Sequence[tuple[int, str]], actor: Person, text: str
    ) -> TripPlan:
        for problem, key in _PARSE_PROBLEMS:
            if problem in parsed.problems:
                raise Invalid(key)
        if PROBLEM_END_BEFORE_START in parsed.problems:
            leg = next(leg for leg in parsed.legs if leg.start and leg.end and leg.end < leg.start)
            raise Invalid("trip.end_before_start", start=leg.start, end=leg.end)
        if PROBLEM_TOO_LONG in parsed.problems:
            raise Invalid("trip.too_long", start=parsed.start, end=parsed.end, limit=MAX_TRIP_DAYS)
        if parsed.unknown_companions:
            raise Invalid("trip.unknown_companions", names="、".join(parsed.unknown_companions))
        ids: list[int] = []
        for name in parsed.companions:
            matches = [pid for pid, known in people if known == name and pid != actor.id]
            if len(matches) > 1:
                raise Invalid("trip.ambiguous_companion", name=name, count=len(matches))
            ids.extend(matches)
        legs = []
        for leg in parsed.legs:
            assert leg.place is not None and leg.start is not None and leg.end is not None
            legs.append(
                LegPlan(
                    leg.start,
                    leg.end,
                    leg.place.province,
                    leg.place.city,
                    leg.place.district,
                    targets="、".join(leg.targets) or None,
                )
            )
        return TripPlan(tuple(legs), parsed.purpose, tuple(ids), source_text=text)

    @staticmethod
    def _normalised(plan: TripPlan, actor: Person) -> TripPlan:
        return replace(
            plan,
            legs=tuple(sorted(plan.legs, key=lambda leg: (leg.start, leg.end))),
            purpose=(plan.purpose or "").strip() or None,
            companion_ids=tuple(dict.fromkeys(pid for pid in plan.companion_ids if pid != actor.id)),
        )

    async def _check_plan(self, tx: Tx, actor: Person, plan: TripPlan, *, trip: Trip | None) -> None:
        """Every rule a trip must meet; the first broken one is the answer, and nothing is stored."""
        if not plan.legs or not all(leg.has_place for leg in plan.legs):
            raise Invalid("trip.no_place")
        limits.check_text(plan.purpose, limits.TRIP_PURPOSE)
        for leg in plan.legs:
            limits.check_text(leg.targets, limits.TRIP_TARGETS)
        for leg in plan.legs:
            if leg.end < leg.start:
                raise Invalid("trip.end_before_start", start=leg.start, end=leg.end)
        for first, second in itertools.pairwise(sorted(plan.legs, key=lambda leg: leg.start)):
            if second.start < first.end:
                raise Invalid("trip.legs_overlap")
        if (plan.end - plan.start).days + 1 > MAX_TRIP_DAYS:
            raise Invalid("trip.too_long", start=plan.start, end=plan.end, limit=MAX_TRIP_DAYS)
        earliest = self.earliest_start()
        kept_start = trip is not None and trip.status == TripStatus.PLANNED and trip.start_date == plan.start
        if plan.start < earliest and not kept_start:
            raise Invalid("trip.start_in_past", start=plan.start, earliest=earliest)
        clash = await tx.trips.overlapping(
            actor.id, plan.start, plan.end, exclude_id=trip.id if trip else None
        )
        if clash:
            other = clash[0]
            raise Invalid(
                "trip.overlaps_own",
                start=other.start_date,
                end=other.end_date,
                place=place_label(*_first_place(other)),
            )
        companions = await tx.trips.people(plan.companion_ids)
        missing = [pid for pid in plan.companion_ids if pid not in companions or not companions[pid].active]
        if missing:
            raise Invalid("trip.unknown_companions", names="、".join(str(pid) for pid in missing))

    async def _drop_stale_drafts(self, tx: Tx, actor: Person) -> None:
        cutoff = self.clock.now() - DRAFT_TTL
        for draft in await tx.trips.drafts_of(actor.id):
            if draft.created_at < cutoff:
                await tx.trips.delete(draft)

    async def _store(self, tx: Tx, cadre_id: int, plan: TripPlan, trip: Trip | None) -> Trip:
        if trip is None:
            trip = await tx.trips.add(
                Trip(cadre_id=cadre_id, status=TripStatus.DRAFT, created_at=self.clock.now())
            )
        trip.purpose = plan.purpose
        trip.start_date = plan.start
        trip.end_date = plan.end
        if plan.source_text is not None:
            trip.source_text = plan.source_text
        tx.trips.set_legs(
            trip,
            [
                TripLeg(
                    province=leg.province,
                    city=leg.city,
                    district=leg.district,
                    place=leg.place,
                    start_date=leg.start,
                    end_date=leg.end,
                    targets=leg.targets,
                )
                for leg in sorted(plan.legs, key=lambda leg: (leg.start, leg.end))
            ],
        )
        tx.trips.set_companions(trip, plan.companion_ids)
        await tx.flush()
        return trip

    async def _declare(self, tx: Tx, actor: Person, trip: Trip) -> TripView:
        trip.status = TripStatus.PLANNED
        trip.confirmed_at = self.clock.now()
        await tx.flush()
        view = await self._view(tx, trip)
        await self._announce(tx, trip, "declared", view.payload)
        tx.audit.record("trip.confirm", "trip", trip.id, actor_id=actor.id, version=trip.version)
        return view

    async def _change(self, tx: Tx, actor: Person, trip: Trip, plan: TripPlan) -> TripView:
        await self._check_plan(tx, actor, plan, trip=trip)
        before = await trip_payload(tx, trip)
        old_companions = [c.person_id for c in trip.companions]
        await self._store(tx, actor.id, plan, trip)
        trip.version += 1
        await tx.flush()
        view = await self._view(tx, trip)
        payload = {**view.payload, "before": before}
        await self._announce(tx, trip, "changed", payload, also=old_companions)
        tx.audit.record(
            "trip.change", "trip", trip.id, actor_id=actor.id, version=trip.version, before=before["legs"]
        )
        return view

    async def _announce(
        self, tx: Tx, trip: Trip, event: str, payload: dict[str, Any], *, also: Iterable[int] = ()
    ) -> int:
        """The office in the cadre's scope and every companion (old ones too, on a change)."""
        cadre = await tx.people.get(trip.cadre_id)
        key = f"trip:{trip.id}:v{trip.version}:{event}"
        office = [
            r
            for r in await office_recipients(tx, work_group_id=cadre.work_group_id if cadre else None)
            if r.person_id != trip.cadre_id
        ]
        companions = [
            Recipient(person_id=pid)
            for pid in dict.fromkeys([*trip_members(trip)[1:], *also])
            if pid != trip.cadre_id
        ]
        kind = f"trip.{event}"
        sent = await self.outbox.enqueue_many(
            tx, companions, Notification(kind, {**payload, "companion": True}), key=key
        )
        sent += await self.outbox.enqueue_many(tx, office, Notification(kind, payload), key=key)
        return sent

    async def _totals(self, tx: Tx, trip: Trip) -> TripTotals:
        reports = await tx.reports.for_trip(trip.id)
        leads = await tx.reports.leads_of_trip(trip.id)
        days = itinerary_days(trip, self.clock.tz)
        cities = dict.fromkeys(
            [city_label(leg.province, leg.city, leg.place) for leg in trip.legs]
            + [r.city for r in reports if r.city]
        )
        return TripTotals(
            trip=await self._view(tx, trip),
            days=len(days),
            cities=tuple(c for c in cities if c),
            reports=len(reports),
            visits=sum(count_items(r.visits) for r in reports),
            leads=len(leads),
            investment_wan=sum((p.planned_investment_wan or Decimal(0) for p in leads), Decimal(0)),
            summary=trip.summary,
        )


def _first_place(trip: Trip) -> tuple[str | None, str | None, str | None, str | None]:
    if not trip.legs:
        return None, None, None, None
    leg = sorted(trip.legs, key=lambda leg: leg.seq)[0]
    return leg.province, leg.city, leg.district, leg.place
