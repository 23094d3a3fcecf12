"""Coming back: closing a trip with a summary, its totals, and asking for the summary when it is due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import limits
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Recipient
from core.trips.base import TripServiceBase
from core.trips.facts import count_items, itinerary_days, trip_payload
from core.trips.plans import TripTotals, city_label
from db.enums import TripStatus
from db.models import Person, Trip
from db.tx import Tx

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
            await self.outbox.enqueue_many(
                tx, office, Notification(Kind.TRIP_RETURNED, payload), key=f"trip:{trip.id}:returned"
            )
            tx.audit.record("trip.return", "trip", trip.id, actor_id=actor.id)
            return totals

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
