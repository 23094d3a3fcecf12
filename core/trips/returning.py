"""Coming back: closing a trip with a summary, its totals, and asking for the summary when it is due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import limits
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Recipient
from core.errors import Invalid
from core.trips.base import TripServiceBase
from core.trips.facts import count_items, itinerary_days, returned_on, trip_payload
from core.trips.plans import TripTotals, TripView, city_label
from db.enums import TripStatus
from db.models import Person, Trip
from db.tx import Tx

RETURN_TIME = dt.time(18, 0)  # a corrected return day is stored as that evening
RETURN_ASK_WINDOW = 14  # days after a trip's end within which the bot asks for the summary


class ReturningTrips(TripServiceBase):
    async def close(self, actor: Person, trip_id: int, summary: str | None) -> TripTotals:
        """The cadre is back: the trip becomes returned with a summary; the office gets the totals."""
        limits.check_text(summary, limits.TRIP_SUMMARY)
        async with self.db.transaction() as tx:
            trip = await self._own_open_begun(tx, actor, trip_id)
            trip.summary = (summary or "").strip() or None
            trip.status = TripStatus.RETURNED
            trip.returned_at = self.clock.now()
            await tx.flush()
            totals = await self._totals(tx, trip)
            payload = {**totals.trip.payload, **totals.to_payload()}
            office = await self._office_of(tx, trip)
            reopened = await self._times_reopened(tx, trip)
            key = f"trip:{trip.id}:returned" + (f":{reopened}" if reopened else "")
            await self.outbox.enqueue_many(tx, office, Notification(Kind.TRIP_RETURNED, payload), key=key)
            tx.audit.record("trip.return", "trip", trip.id, actor_id=actor.id)
            return totals

    async def reopen(self, actor: Person, trip_id: int) -> TripView:
        """A trip closed by mistake (or too early) is open again; audited, the office told once.

        Refused when a later trip of the cadre now covers the days the early return freed.
        """
        async with self.db.transaction() as tx:
            trip = await self._own_returned(tx, actor, trip_id)
            assert trip.start_date is not None and trip.end_date is not None
            clash = await self._clashes(tx, actor.id, trip.start_date, trip.end_date, exclude_id=trip.id)
            if clash:
                raise Invalid("trip.reopen_clash", start=clash[0].start_date, end=clash[0].end_date)
            before = returned_on(trip, self.clock.tz)
            reopened = await self._times_reopened(tx, trip)
            trip.status = TripStatus.PLANNED
            trip.returned_at = None
            await tx.flush()
            tx.audit.record("trip.reopen", "trip", trip.id, actor_id=actor.id, returned_on=str(before))
            view = await self._view(tx, trip)
            await self.outbox.enqueue_many(
                tx,
                await self._office_of(tx, trip),
                Notification(Kind.TRIP_REOPENED, {**view.payload, "reopened": True}),
                key=f"trip:{trip.id}:reopened:{reopened + 1}",
            )
            return view

    async def correct_return(self, actor: Person, trip_id: int, day: dt.date) -> TripView:
        """The day a returned trip ended is corrected (within the itinerary, not after today, not before
        a day already reported); audited, the office told once."""
        async with self.db.transaction() as tx:
            trip = await self._own_returned(tx, actor, trip_id)
            assert trip.start_date is not None and trip.end_date is not None
            last = min(trip.end_date, self.clock.today())
            if not trip.start_date <= day <= last:
                raise Invalid("trip.bad_return_day", day=day, start=trip.start_date, end=last)
            reported = [r.report_date for r in await tx.reports.for_trip(trip.id)]
            if reported and day < max(reported):
                raise Invalid("trip.return_before_report", day=day, reported=max(reported))
            before = returned_on(trip, self.clock.tz)
            if before == day:
                raise Invalid("trip.same_return_day", day=day)
            clash = await self._clashes(tx, actor.id, trip.start_date, day, exclude_id=trip.id)
            if clash:
                raise Invalid("trip.reopen_clash", start=clash[0].start_date, end=clash[0].end_date)
            trip.returned_at = dt.datetime.combine(day, RETURN_TIME, tzinfo=self.clock.tz)
            await tx.flush()
            tx.audit.record(
                "trip.return_corrected",
                "trip",
                trip.id,
                actor_id=actor.id,
                before=str(before),
                after=str(day),
            )
            view = await self._view(tx, trip)
            await self.outbox.enqueue_many(
                tx,
                await self._office_of(tx, trip),
                Notification(Kind.TRIP_REOPENED, {**view.payload, "returned_on": day.isoformat()}),
                key=f"trip:{trip.id}:return_corrected:{day.isoformat()}",
            )
            return view

    async def _own_returned(self, tx: Tx, actor: Person, trip_id: int) -> Trip:
        trip = await self._own(tx, actor, trip_id)
        if trip.status != TripStatus.RETURNED:
            raise Invalid("trip.not_returned")
        return trip

    @staticmethod
    async def _times_reopened(tx: Tx, trip: Trip) -> int:
        return sum(1 for a in await tx.audit.for_entity("trip", trip.id) if a.action == "trip.reopen")

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
                    Notification(Kind.TRIP_ASK_RETURN, payload),
                    key=f"trip:{trip.id}:ask_return",
                )
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
