"""Trips (外出招商): itineraries with legs and companions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import TripStatus
from db.models import Person, Trip, TripCompanion, TripLeg, WorkGroup
from db.queries.rows import in_groups

CONFIRMED = (TripStatus.PLANNED, TripStatus.RETURNED)
"""Trips the office knows about (a draft is not declared yet, a cancelled one never happens)."""


class TripRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, trip_id: int) -> Trip | None:
        return await self.s.get(Trip, trip_id)

    async def add(self, trip: Trip) -> Trip:
        for name in ("legs", "companions"):
            if name not in trip.__dict__:
                setattr(trip, name, [])  # a new trip: no lazy load after the flush
        self.s.add(trip)
        await self.s.flush()
        return trip

    async def delete(self, trip: Trip) -> None:
        await self.s.delete(trip)
        await self.s.flush()

    def set_legs(self, trip: Trip, legs: Iterable[TripLeg]) -> None:
        trip.legs[:] = list(legs)
        for seq, leg in enumerate(trip.legs):
            leg.seq = seq

    def set_companions(self, trip: Trip, person_ids: Iterable[int]) -> None:
        """Keep the rows of people who stay (their primary key must not be re-inserted)."""
        wanted = list(dict.fromkeys(person_ids))
        trip.companions[:] = [c for c in trip.companions if c.person_id in wanted]
        have = {c.person_id for c in trip.companions}
        trip.companions.extend(TripCompanion(person_id=pid) for pid in wanted if pid not in have)

    async def overlapping(
        self, cadre_id: int, start: dt.date, end: dt.date, *, exclude_id: int | None = None
    ) -> Sequence[Trip]:
        """The cadre's own confirmed trips that share a day with [start, end]."""
        stmt = sa.select(Trip).where(
            Trip.cadre_id == cadre_id,
            Trip.status.in_(CONFIRMED),
            Trip.start_date <= end,
            Trip.end_date >= start,
        )
        if exclude_id is not None:
            stmt = stmt.where(Trip.id != exclude_id)
        return (await self.s.scalars(stmt.order_by(Trip.start_date))).all()

    async def of_person(
        self,
        person_id: int,
        *,
        statuses: Iterable[TripStatus] = CONFIRMED,
        ending_after: dt.date | None = None,
        limit: int = 20,
    ) -> Sequence[Trip]:
        """Trips the person leads or travels on as a companion, latest start first."""
        companion = sa.select(TripCompanion.trip_id).where(TripCompanion.person_id == person_id)
        stmt = sa.select(Trip).where(
            sa.or_(Trip.cadre_id == person_id, Trip.id.in_(companion)),
            Trip.status.in_(list(statuses)),
        )
        if ending_after is not None:
            stmt = stmt.where(Trip.end_date >= ending_after)
        stmt = stmt.order_by(Trip.start_date.desc(), Trip.id.desc()).limit(limit)
        return (await self.s.scalars(stmt)).all()

    async def between(self, first: dt.date, last: dt.date) -> Sequence[Trip]:
        """Confirmed trips with a leg on any day of [first, last]."""
        legs = sa.select(TripLeg.trip_id).where(TripLeg.start_date <= last, TripLeg.end_date >= first)
        stmt = (
            sa.select(Trip)
            .where(Trip.status.in_(CONFIRMED), Trip.id.in_(legs))
            .order_by(Trip.start_date, Trip.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def members_out(
        self, day: dt.date, *, work_group_ids: Collection[int] | None, day_starts_at: dt.datetime
    ) -> Sequence[tuple[Trip, Person]]:
        """Every active member (cadre or companion) of a trip with a leg on ``day`` that is planned or was
        closed that day (core.trips.status.out_on decides), with the trip, among the people of the given
        work groups (None: everyone)."""
        legs = sa.select(TripLeg.trip_id).where(TripLeg.start_date <= day, TripLeg.end_date >= day)
        members = sa.union(
            sa.select(Trip.id.label("trip_id"), Trip.cadre_id.label("person_id")),
            sa.select(TripCompanion.trip_id, TripCompanion.person_id),
        ).subquery()
        stmt = (
            sa.select(Trip, Person)
            .join(members, members.c.trip_id == Trip.id)
            .join(Person, Person.id == members.c.person_id)
            .where(
                sa.or_(
                    Trip.status == TripStatus.PLANNED,
                    sa.and_(Trip.status == TripStatus.RETURNED, Trip.returned_at >= day_starts_at),
                ),
                Trip.id.in_(legs),
                Person.active.is_(True),
            )
            .where(*in_groups(Person.work_group_id, work_group_ids))
            .order_by(Trip.start_date, Trip.id, Person.id)
        )
        return [(trip, person) for trip, person in (await self.s.execute(stmt)).all()]

    async def ended_open(self, since: dt.date, before: dt.date) -> Sequence[Trip]:
        """Planned trips whose last day is in [since, before): back, but not closed yet."""
        stmt = (
            sa.select(Trip)
            .where(Trip.status == TripStatus.PLANNED, Trip.end_date >= since, Trip.end_date < before)
            .order_by(Trip.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def started_open(self, cadre_id: int, today: dt.date) -> Sequence[Trip]:
        """The cadre's planned trips that have begun (they can be closed with a summary)."""
        stmt = (
            sa.select(Trip)
            .where(Trip.cadre_id == cadre_id, Trip.status == TripStatus.PLANNED, Trip.start_date <= today)
            .order_by(Trip.start_date, Trip.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def drafts_created_before(self, cadre_id: int, cutoff: dt.datetime) -> Sequence[Trip]:
        """The cadre's unconfirmed drafts made before `cutoff` (only those: a cadre may hold many
        recent drafts, and loading each with its legs and companions on every new line made one
        more SQL text for each count of them)."""
        stmt = sa.select(Trip).where(
            Trip.cadre_id == cadre_id, Trip.status == TripStatus.DRAFT, Trip.created_at < cutoff
        )
        return (await self.s.scalars(stmt.order_by(Trip.id))).all()

    async def active_ids(self, person_ids: Iterable[int]) -> set[int]:
        """Which of these people are active (ids only: no Person objects, no relationships loaded)."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return set()
        rows = await self.s.scalars(sa.select(Person.id).where(Person.id.in_(ids), Person.active))
        return set(rows.all())

    async def people(self, person_ids: Iterable[int]) -> dict[int, Person]:
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return {}
        rows = (await self.s.scalars(sa.select(Person).where(Person.id.in_(ids)))).all()
        return {p.id: p for p in rows}

    async def active_among(self, person_ids: Iterable[int]) -> set[int]:
        """Those of `person_ids` who are active people."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return set()
        stmt = sa.select(Person.id).where(Person.id.in_(ids), Person.active.is_(True))
        return {int(pid) for pid in (await self.s.scalars(stmt)).all()}

    async def names_and_groups(self, person_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
        """Each person's name and work group's name: what a trip's card shows of its people, in one
        statement (a `Person` brings its roles, unit and work group in three more)."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return {}
        stmt = (
            sa.select(Person.id, Person.name, WorkGroup.name)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .where(Person.id.in_(ids))
        )
        return {int(pid): (str(name), group) for pid, name, group in (await self.s.execute(stmt)).all()}

    async def active_names(self, within: Sequence[str] | None = None) -> Sequence[tuple[int, str]]:
        """(id, name) of every active person: the companions a trip sentence may name; with
        `within`, only those whose name occurs in one of those texts (``LIKE``: a ``%`` or ``_`` in
        a name may let a few more through, never fewer), not the whole campaign per trip line."""
        stmt = sa.select(Person.id, Person.name).where(Person.active.is_(True)).order_by(Person.id)
        if within is not None:
            stmt = stmt.where(
                sa.or_(sa.false(), *(sa.literal(text).contains(Person.name) for text in within))
            )
        return [(int(pid), str(name)) for pid, name in (await self.s.execute(stmt)).all()]
