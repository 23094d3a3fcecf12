"""The campaign's working-day calendar: office entries win over chinese-calendar, then Mon–Fri."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import Invalid
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import CalendarKind
from db.tx import Tx


@dataclass(frozen=True)
class CalendarLine:
    day: dt.date
    kind: CalendarKind
    note: str | None


KIND_WORDS = {
    "holiday": CalendarKind.HOLIDAY,
    "假": CalendarKind.HOLIDAY,
    "休": CalendarKind.HOLIDAY,
    "放假": CalendarKind.HOLIDAY,
    "节假日": CalendarKind.HOLIDAY,
    "workday": CalendarKind.WORKDAY,
    "班": CalendarKind.WORKDAY,
    "上班": CalendarKind.WORKDAY,
    "补班": CalendarKind.WORKDAY,
    "调休上班": CalendarKind.WORKDAY,
    "工作日": CalendarKind.WORKDAY,
}


def parse_kind(word: str) -> CalendarKind:
    kind = KIND_WORDS.get(word.strip().lower())
    if kind is None:
        raise Invalid("calendar.bad_kind", kind=word)
    return kind


async def calendar_in(tx: Tx) -> WorkCalendar:
    """The working-day calendar read in the caller's transaction (the office's entries win)."""
    entries = await tx.calendar.all()
    return WorkCalendar({e.day: e.kind == CalendarKind.WORKDAY for e in entries})


class CalendarService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def calendar(self) -> WorkCalendar:
        async with self.db.transaction() as tx:
            return await calendar_in(tx)

    async def is_workday(self, day: dt.date) -> bool:
        return (await self.calendar()).is_workday(day)

    async def set(self, day: dt.date, kind: CalendarKind, note: str | None = None) -> None:
        async with self.db.transaction() as tx:
            await tx.calendar.set(day, kind, note)
            tx.audit.record(
                "calendar.set", "calendar", None, actor_id=None, day=day.isoformat(), kind=kind.value
            )

    async def set_many(self, lines: Iterable[CalendarLine]) -> int:
        count = 0
        async with self.db.transaction() as tx:
            for line in lines:
                await tx.calendar.set(line.day, line.kind, line.note)
                count += 1
            tx.audit.record("calendar.import", "calendar", None, actor_id=None, count=count)
        return count

    async def remove(self, day: dt.date) -> bool:
        async with self.db.transaction() as tx:
            return await tx.calendar.remove(day)

    async def entries(self) -> list[CalendarLine]:
        async with self.db.transaction() as tx:
            return [CalendarLine(e.day, e.kind, e.note) for e in await tx.calendar.all()]
