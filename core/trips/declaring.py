"""Declaring a trip: a draft from a sentence or the form, confirming it, changing and cancelling it.

Confirming tells the office and the companions through the outbox, as do later changes and cancellations
(their keys carry the trip's version)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.delivery.kinds import Kind
from core.errors import Conflict, Invalid
from core.parsing import parse_trip
from core.parsing.chinese_text import normalize_text
from core.parsing.worker import parse_off_loop
from core.roles import require_any
from core.trips.facts import trip_payload
from core.trips.plans import TripPlan, TripQuestion, TripView
from core.trips.validation import DRAFT_TTL, TripInput, question_for
from db.enums import Role, TripStatus
from db.models import Person, Trip, TripLeg
from db.tx import Tx


class DeclaringTrips(TripInput):
    async def draft_from_text(self, actor: Person, text: str, *, split: int | None = None) -> TripView:
        """Parse a trip sentence into a stored draft for the cadre to confirm; bad input stores nothing.

        ``split``: the way (an index of `TripQuestion.options`) to divide a date range shared by
        several cities. A line that leaves something open raises Invalid: `understand` asks instead."""
        found = await self.understand(actor, text, split=split, ask=False)
        assert isinstance(found, TripView)
        return found

    async def understand(
        self, actor: Person, text: str, *, split: int | None = None, ask: bool = True
    ) -> TripView | TripQuestion:
        """A draft from a trip line, or the question it leaves open (missing dates or place, how
        several cities share the days): nothing is stored until nothing is left to guess."""
        require_any(actor, Role.CADRE)
        text = text.strip()
        async with self.db.read() as tx:  # the people the line can name (as it is, or as parsed)
            people = await tx.trips.active_names(within=sorted({text, normalize_text(text)}))
        known = [name for pid, name in people if pid != actor.id]
        # jionlp is CPU work (and slow to load the first time): keep it off the event loop
        parsed = await parse_off_loop(parse_trip, text, self.clock.today(), known)
        question = question_for(parsed, text) if ask else None
        if question is not None and not (question.missing == "split" and split is not None):
            return question
        plan = self._plan_from_parse(parsed, people, actor, text, split)
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
            return await self._publish(tx, actor, trip, Kind.TRIP_CANCELLED, audit="trip.cancel")

    async def _drop_stale_drafts(self, tx: Tx, actor: Person) -> None:
        for draft in await tx.trips.drafts_created_before(actor.id, self.clock.now() - DRAFT_TTL):
            await tx.trips.delete(draft)

    async def _store(self, tx: Tx, cadre_id: int, plan: TripPlan, trip: Trip | None) -> Trip:
        fields = {"purpose": plan.purpose, "start_date": plan.start, "end_date": plan.end}
        if plan.source_text is not None:
            fields["source_text"] = plan.source_text
        if trip is None:  # inserted with its fields (set after the insert, they cost an UPDATE)
            trip = await tx.trips.add(
                Trip(cadre_id=cadre_id, status=TripStatus.DRAFT, created_at=self.clock.now(), **fields)
            )
        else:
            for name, value in fields.items():
                setattr(trip, name, value)
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
        return await self._publish(tx, actor, trip, Kind.TRIP_DECLARED, audit="trip.confirm")

    async def _publish(
        self,
        tx: Tx,
        actor: Person,
        trip: Trip,
        kind: Kind,
        *,
        audit: str,
        before: dict[str, Any] | None = None,
        also: Iterable[int] = (),
    ) -> TripView:
        """The trip as it now stands, told to the office and the companions (and `also`), and audited;
        a change carries the trip as it was `before`."""
        await tx.flush()
        view = await self._view(tx, trip)
        payload = view.payload if before is None else {**view.payload, "before": before}
        details = {} if before is None else {"before": before["legs"]}
        await self._announce(tx, trip, kind, payload, also=also)
        tx.audit.record(audit, "trip", trip.id, actor_id=actor.id, version=trip.version, **details)
        return view

    async def _change(self, tx: Tx, actor: Person, trip: Trip, plan: TripPlan) -> TripView:
        await self._check_plan(tx, actor, plan, trip=trip)
        before = await trip_payload(tx, trip)
        old_companions = [c.person_id for c in trip.companions]
        await self._store(tx, actor.id, plan, trip)
        trip.version += 1
        return await self._publish(
            tx, actor, trip, Kind.TRIP_CHANGED, audit="trip.change", before=before, also=old_companions
        )
