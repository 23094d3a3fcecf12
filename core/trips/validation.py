"""Input for a trip (typed dates, places, companions, a parsed sentence) and the rules a plan must meet."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from core import limits
from core.errors import Invalid
from core.parsing import LegParse, TripParse, parse_place, parse_span
from core.parsing.trip_text import (
    MAX_TRIP_DAYS,
    PROBLEM_END_BEFORE_START,
    PROBLEM_LEGS_OVERLAP,
    PROBLEM_NO_DATES,
    PROBLEM_NO_PLACE,
    PROBLEM_NO_START,
    PROBLEM_SPLIT_DAYS,
    PROBLEM_TOO_LONG,
    PROBLEM_VAGUE_DATES,
)
from core.parsing.worker import parse_off_loop
from core.trips.base import TripServiceBase
from core.trips.facts import first_place
from core.trips.plans import LegPlan, TripPlan, TripQuestion, place_label
from db.enums import TripStatus
from db.models import Person, Trip
from db.tx import Tx

DRAFT_TTL = dt.timedelta(days=7)  # unconfirmed drafts older than this are dropped
_PLACE_LIST = re.compile(r"\s*(?:、|,|，|;|；|/|以及|及|和|与)\s*")
_NAME_SPLIT = re.compile(r"[\s、,，;；/]+|和|及|与")
_PARSE_PROBLEMS = (
    (PROBLEM_NO_PLACE, "trip.no_place"),
    (PROBLEM_NO_DATES, "trip.no_dates"),
    (PROBLEM_NO_START, "trip.no_dates"),
    (PROBLEM_LEGS_OVERLAP, "trip.legs_overlap"),
)
_NO_DATES = frozenset({PROBLEM_NO_DATES, PROBLEM_NO_START, PROBLEM_VAGUE_DATES})
MAX_SPLIT_OPTIONS = 6


def split_options(days: int, legs: int) -> list[tuple[int, ...]]:
    """The ways to give ``legs`` cities one or more of ``days`` days each, in order (at most
    MAX_SPLIT_OPTIONS + 1, so that "too many" can be seen)."""
    found: list[tuple[int, ...]] = []

    def walk(prefix: tuple[int, ...], left: int) -> None:
        if len(found) > MAX_SPLIT_OPTIONS:
            return
        if len(prefix) == legs - 1:
            if left >= 1:
                found.append((*prefix, left))
            return
        for take in range(1, left - (legs - len(prefix) - 1) + 1):
            walk((*prefix, take), left - take)

    if legs >= 2:
        walk((), days)
    return found


def question_for(parsed: TripParse, text: str) -> TripQuestion | None:
    """The question a parsed line needs before it can become a draft, or None.

    A line with neither a place nor a date is not answered with a question (it is not a trip line).
    """
    places = tuple(leg.place.label for leg in parsed.legs if leg.place is not None)
    dated = not (_NO_DATES & set(parsed.problems))
    if PROBLEM_NO_PLACE in parsed.problems and dated and not places:
        return TripQuestion("place", text, start=parsed.start, end=parsed.end)
    if not dated and places and PROBLEM_NO_PLACE not in parsed.problems:
        return TripQuestion("dates", text, places=places)
    if PROBLEM_SPLIT_DAYS in parsed.problems and not set(parsed.problems) & ({PROBLEM_NO_PLACE} | _NO_DATES):
        options: list[tuple[LegPlan, ...]] = []
        if len(parsed.shared) == 1:
            group = [parsed.legs[i] for i in parsed.shared[0]]
            start, end = group[0].start, group[0].end
            assert start is not None and end is not None
            for days in split_options((end - start).days + 1, len(group)):
                options.append(_divided(group, days))
        return TripQuestion(
            "split",
            text,
            places=places,
            start=parsed.start,
            end=parsed.end,
            options=tuple(options) if len(options) <= MAX_SPLIT_OPTIONS else (),
        )
    return None


def _divided(group: Sequence[LegParse], days: Sequence[int]) -> tuple[LegPlan, ...]:
    start = group[0].start
    assert start is not None
    legs: list[LegPlan] = []
    for leg, count in zip(group, days, strict=True):
        assert leg.place is not None
        end = start + dt.timedelta(days=count - 1)
        legs.append(
            LegPlan(
                start,
                end,
                leg.place.province,
                leg.place.city,
                leg.place.district,
                targets="、".join(leg.targets) or None,
            )
        )
        start = end + dt.timedelta(days=1)
    return tuple(legs)


class TripInput(TripServiceBase):
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

    @staticmethod
    async def places_from_text(text: str) -> list[LegPlan]:
        """The form's destination step: ``苏州、无锡`` / ``苏州和无锡`` is one leg per city (none is
        dropped); anything else is one place as `place_from_text` reads it."""
        pieces = [p.strip() for p in _PLACE_LIST.split(text.strip()) if p.strip()]
        if len(pieces) > 1:
            places = [await parse_off_loop(parse_place, piece) for piece in pieces]
            if all(place is not None for place in places):
                today = dt.date.min
                return [
                    LegPlan(today, today, place.province, place.city, place.district)
                    for place in places
                    if place is not None
                ]
        return [await TripInput.place_from_text(text)]

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

    def _plan_from_parse(
        self,
        parsed: TripParse,
        people: Sequence[tuple[int, str]],
        actor: Person,
        text: str,
        split: int | None = None,
    ) -> TripPlan:
        if PROBLEM_VAGUE_DATES in parsed.problems:
            raise Invalid("trip.no_dates")
        divided: dict[int, LegPlan] = {}
        if PROBLEM_SPLIT_DAYS in parsed.problems:
            question = question_for(parsed, text)
            if split is None or question is None or not 0 <= split < len(question.options):
                raise Invalid("trip.split_days")
            divided = dict(zip(parsed.shared[0], question.options[split], strict=True))
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
        for index, leg in enumerate(parsed.legs):
            if index in divided:
                legs.append(divided[index])
                continue
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

    async def check_start(
        self, actor: Person, day: dt.date, *, trip_id: int | None, after: dt.date | None = None
    ) -> None:
        """The trip form's start step: not before the grace day (a changed trip may keep its start), and
        a later leg not before the previous one ends (``after``)."""
        if after is not None and day < after:
            raise Invalid("trip.legs_overlap")
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id) if trip_id else None
            self._check_start(day, trip)

    async def check_legs(self, actor: Person, legs: Sequence[LegPlan], *, trip_id: int | None) -> None:
        """The trip form's end step, as soon as a leg's dates are known: the legs so far must meet the
        date rules (end after start, legs in order, length, past start, no clash with the cadre's trips)."""
        if not legs:
            return
        async with self.db.transaction() as tx:
            trip = await self._own(tx, actor, trip_id) if trip_id else None
            await self._check_dates(tx, actor, legs, trip=trip)

    def _check_start(self, start: dt.date, trip: Trip | None) -> None:
        earliest = self.earliest_start()
        kept_start = trip is not None and trip.status == TripStatus.PLANNED and trip.start_date == start
        if start < earliest and not kept_start:
            raise Invalid("trip.start_in_past", start=start, earliest=earliest)

    async def _check_dates(
        self, tx: Tx, actor: Person, legs: Sequence[LegPlan], *, trip: Trip | None
    ) -> None:
        """The date rules of a trip (or of the legs entered so far); the first broken one is the answer."""
        for leg in legs:
            if leg.end < leg.start:
                raise Invalid("trip.end_before_start", start=leg.start, end=leg.end)
        ordered = sorted(legs, key=lambda leg: leg.start)
        for first, second in itertools.pairwise(ordered):
            if second.start < first.end:
                raise Invalid("trip.legs_overlap")
        start, end = ordered[0].start, max(leg.end for leg in legs)
        if (end - start).days + 1 > MAX_TRIP_DAYS:
            raise Invalid("trip.too_long", start=start, end=end, limit=MAX_TRIP_DAYS)
        self._check_start(start, trip)
        clash = await self._clashes(tx, actor.id, start, end, exclude_id=trip.id if trip else None)
        if clash:
            other = clash[0]
            raise Invalid(
                "trip.overlaps_own",
                start=other.start_date,
                end=other.end_date,
                place=place_label(*first_place(other)),
            )

    async def _check_plan(self, tx: Tx, actor: Person, plan: TripPlan, *, trip: Trip | None) -> None:
        """Every rule a trip must meet; the first broken one is the answer, and nothing is stored."""
        if not plan.legs or not all(leg.has_place for leg in plan.legs):
            raise Invalid("trip.no_place")
        limits.check_text(plan.purpose, limits.TRIP_PURPOSE)
        for leg in plan.legs:
            limits.check_text(leg.targets, limits.TRIP_TARGETS)
        await self._check_dates(tx, actor, plan.legs, trip=trip)
        active = await tx.trips.active_among(plan.companion_ids)
        missing = [pid for pid in plan.companion_ids if pid not in active]
        if missing:
            raise Invalid("trip.unknown_companions", names="、".join(str(pid) for pid in missing))
