from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import CalendarKind
from db.models import CalendarEntry


class CalendarRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def all(self) -> Sequence[CalendarEntry]:
        return (await self.s.scalars(sa.select(CalendarEntry).order_by(CalendarEntry.day))).all()

    async def set(self, day: dt.date, kind: CalendarKind, note: str | None = None) -> None:
        entry = await self.s.get(CalendarEntry, day)
        if entry is None:
            self.s.add(CalendarEntry(day=day, kind=kind, note=note))
        else:
            entry.kind, entry.note = kind, note
        await self.s.flush()

    async def remove(self, day: dt.date) -> bool:
        entry = await self.s.get(CalendarEntry, day)
        if entry is None:
            return False
        await self.s.delete(entry)
        return True
