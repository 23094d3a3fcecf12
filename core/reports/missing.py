"""Missing daily reports: who owes one, the evening reminder, the next working day's escalation.

Everyone on a confirmed trip (the cadre and each companion) owes one report for every day the
itinerary covers, weekends included; a joint report counts for its coauthors too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.delivery.audience import supervisor_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Recipient
from core.policy import trip_members
from core.reports.base import ReportServiceBase
from core.trips import city_on, itinerary_days
from core.workdays import WorkCalendar
from db.models import Person
from db.tx import Tx


@dataclass(frozen=True)
class Owed:
    """A missing report: who, for which trip and day, and where the itinerary put them."""

    trip_id: int
    person_id: int
    day: dt.date
    city: str
    cadre_id: int


class MissingReports(ReportServiceBase):
    async def remind(self, day: dt.date) -> int:
        """Job (evening of every itinerary day): each member without a report that day gets a [填报]."""
        async with self.db.transaction() as tx:
            owed = await self._owed(tx, day, day)
            # the cadre's name only for companions' reminders ("with 张三"): a wave of 10,000 cadres
            # on their own trips loads nobody again
            people = await tx.trips.people({o.cadre_id for o in owed if o.cadre_id != o.person_id})
            wave = []
            for item in owed:
                cadre = people.get(item.cadre_id)
                payload = {
                    "trip_id": item.trip_id,
                    "day": item.day.isoformat(),
                    "city": item.city,
                    "cadre": cadre.name if cadre and item.cadre_id != item.person_id else None,
                }
                wave.append(
                    (
                        Recipient(person_id=item.person_id),
                        Notification(Kind.REPORT_REMIND, payload),
                        f"report:{item.trip_id}:{item.person_id}:{item.day.isoformat()}:remind",
                    )
                )
            return await self.outbox.enqueue_batch(tx, wave)

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
                for recipient in await supervisor_recipients(tx, group_id):
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
                    Notification(Kind.REPORT_ESCALATION, payload),
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
        active = await tx.trips.active_ids(pid for trip in trips for pid in trip_members(trip))
        owed: list[Owed] = []
        for trip in trips:
            for day in itinerary_days(trip, self.clock.tz):
                if not first <= day <= last:
                    continue
                for pid in trip_members(trip):
                    if pid not in active or (trip.id, pid, day) in covered:
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
