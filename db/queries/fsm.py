"""Rows behind the database-backed aiogram FSM storage."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FsmRecord


class FsmRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, key: str) -> FsmRecord | None:
        return await self.s.get(FsmRecord, key)

    async def set_state(self, key: str, state: str | None) -> None:
        record = await self.s.get(FsmRecord, key)
        if record is None and state is None:
            return  # nothing to keep (a form cleared that was never started)
        if record is None:
            self.s.add(FsmRecord(key=key, state=state, data={}))
        else:
            record.state = state
        await self._drop_if_empty(key)

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        record = await self.s.get(FsmRecord, key)
        if record is None and not data:
            return
        if record is None:
            self.s.add(FsmRecord(key=key, state=None, data=dict(data)))
        else:
            record.data = dict(data)
        await self._drop_if_empty(key)

    async def _drop_if_empty(self, key: str) -> None:
        await self.s.flush()
        record = await self.s.get(FsmRecord, key)
        if record is not None and record.state is None and not record.data:
            await self.s.delete(record)
