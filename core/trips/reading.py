"""Reading trips: one trip (for its members, the office and the leaders supervising the cadre), the
actor's own trips, and who is out today (/travelling)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.clock import day_start
from core.errors import Invalid, NotFound, NotYours
from core.policy import may_read_trip, resolve_scope
from core.roles import require_any
from core.trips.base import TripServiceBase
from core.trips.facts import city_on, returned_on
from core.trips.plans import TripView
from core.trips.status import TripPhase, last_out_day, out_on, trip_phase
from db.enums import Role, TripStatus
from db.models import Person


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
    phase: TripPhase = TripPhase.ONGOING  # returned: came back that day


class ReadingTrips(TripServiceBase):
    async def view(self, actor: Person, trip_id: int) -> TripView:
        """The cadre, a companion, the office, or the cadre's group leader may look at a trip."""
        async with self.db.transaction() as tx:
            trip = await tx.trips.get(trip_id)
            if trip is None or (trip.status == TripStatus.DRAFT and trip.cadre_id != actor.id):
                raise NotFound()
            if not await may_read_trip(tx, actor, trip):
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
            return await self._view(tx, await self._own_open_begun(tx, actor, trip_id))

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

    async def travelling(self, actor: Person, day: dt.date | None = None) -> list[TravelRow]:
        """Everyone out on a confirmed trip that day, in the actor's scope.

        Office and admin see all; a group leader sees the people of every group they supervise.
        """
        require_any(actor, Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER)
        day = day or self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)  # the actor's groups, within the chat's
            out = [
                (trip, person)
                for trip, person in await tx.trips.members_out(
                    day, work_group_ids=scope.work_group_ids, day_starts_at=day_start(day, self.clock.tz)
                )
                if out_on(trip.status, trip.start_date, trip.end_date, day, returned_on(trip, self.clock.tz))
            ]
            cadres = await tx.trips.people(trip.cadre_id for trip, _ in out)
            latest = await tx.reports.latest_for(person.id for _, person in out)
            rows: list[TravelRow] = []
            for trip, person in out:
                cadre = cadres.get(trip.cadre_id)
                report = latest.get(person.id)
                rows.append(
                    TravelRow(
                        person_id=person.id,
                        name=person.name,
                        group=person.work_group.name if person.work_group else None,
                        trip_id=trip.id,
                        where=city_on(trip, day),
                        until=last_out_day(trip.status, trip.end_date, returned_on(trip, self.clock.tz))
                        or day,
                        with_cadre=cadre.name if cadre is not None and person.id != trip.cadre_id else None,
                        last_report_day=report.report_date if report else None,
                        last_report_city=report.city if report else None,
                        phase=trip_phase(
                            trip.status, trip.start_date, trip.end_date, day, returned_on(trip, self.clock.tz)
                        ),
                    )
                )
        return sorted(rows, key=lambda r: (r.group or "", r.name, r.trip_id))
