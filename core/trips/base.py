"""What every trip use case shares: storage, the clock, the outbox, ownership and announcements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from core.clock import Clock, grace_start
from core.delivery.audience import office_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Invalid, NotFound, NotYours
from core.policy import trip_members
from core.trips.facts import last_day, trip_payload
from core.trips.plans import TripPlan, TripView
from db.database import Database
from db.enums import TripStatus
from db.models import Person, Trip
from db.tx import Tx


class TripServiceBase:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, grace_days: int = 1) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.grace_days = grace_days

    def earliest_start(self) -> dt.date:
        """The earliest departure day a new trip may have (a grace day for declaring late)."""
        return grace_start(self.clock.today(), self.grace_days)

    async def _own(self, tx: Tx, actor: Person, trip_id: int) -> Trip:
        trip = await tx.trips.get(trip_id)
        if trip is None:
            raise NotFound()
        if trip.cadre_id != actor.id:
            raise NotYours()
        return trip

    async def _own_open_begun(self, tx: Tx, actor: Person, trip_id: int) -> Trip:
        """The actor's own trip that has begun and is still open (the one /back closes)."""
        trip = await self._own(tx, actor, trip_id)
        if trip.status != TripStatus.PLANNED:
            raise Invalid("trip.closed")
        if trip.start_date is not None and trip.start_date > self.clock.today():
            raise Invalid("trip.not_started", start=trip.start_date)
        return trip

    async def _clashes(
        self, tx: Tx, cadre_id: int, start: dt.date, end: dt.date, *, exclude_id: int | None
    ) -> list[Trip]:
        """The cadre's confirmed trips sharing a day with [start, end]; a trip closed early frees the days
        after the cadre came back (core.trips.status.last_out_day)."""
        found = await tx.trips.overlapping(cadre_id, start, end, exclude_id=exclude_id)
        return [other for other in found if (last_day(other, self.clock.tz) or start) >= start]

    async def _office_of(self, tx: Tx, trip: Trip) -> list[Recipient]:
        """The office in the cadre's scope (not the cadre, should they be in it)."""
        cadre = await tx.people.get(trip.cadre_id)
        office = await office_recipients(tx, work_group_id=cadre.work_group_id if cadre else None)
        return [r for r in office if r.person_id != trip.cadre_id]

    async def _view(self, tx: Tx, trip: Trip) -> TripView:
        return TripView(
            id=trip.id,
            status=trip.status,
            version=trip.version,
            cadre_id=trip.cadre_id,
            plan=TripPlan.of(trip),
            payload=await trip_payload(tx, trip, self.clock.tz),
        )

    async def _announce(
        self, tx: Tx, trip: Trip, kind: Kind, payload: dict[str, Any], *, also: Iterable[int] = ()
    ) -> int:
        """The office in the cadre's scope and every companion (old ones too, on a change)."""
        key = f"trip:{trip.id}:v{trip.version}:{kind.removeprefix('trip.')}"
        office = await self._office_of(tx, trip)
        companions = [
            Recipient(person_id=pid)
            for pid in dict.fromkeys([*trip_members(trip)[1:], *also])
            if pid != trip.cadre_id
        ]
        sent = await self.outbox.enqueue_many(
            tx, companions, Notification(kind, {**payload, "companion": True}), key=key
        )
        sent += await self.outbox.enqueue_many(tx, office, Notification(kind, payload), key=key)
        return sent
