"""Telegram updates taken in (idempotent, durable update handling)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessedUpdate
from db.queries._upsert import insert_ignore


class UpdateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def claim(self, update_id: int, payload: str | None = None) -> bool:
        """Record the update id as taken in (not done); False when it was taken in before."""
        values = {"update_id": update_id, "at": dt.datetime.now(dt.UTC), "done": False, "payload": payload}
        result = await self.s.execute(
            insert_ignore(ProcessedUpdate.__table__, values, conflict=["update_id"]), values
        )
        return bool(getattr(result, "rowcount", 0))

    async def unfinished(self, update_id: int) -> bool:
        row = await self.s.get(ProcessedUpdate, update_id)
        return row is not None and not row.done

    async def finish(self, update_id: int) -> None:
        """Handled: kept as an id only (the payload is dropped)."""
        await self.finish_many([update_id])

    async def finish_many(self, update_ids: Sequence[int]) -> None:
        await self.s.execute(
            sa.update(ProcessedUpdate)
            .where(ProcessedUpdate.update_id.in_(update_ids))
            .values(done=True, payload=None)
        )

    async def pending(self, taken_before: dt.datetime, limit: int = 500) -> Sequence[tuple[int, str]]:
        """Updates taken in before `taken_before` whose handling never finished, oldest first."""
        stmt = (
            sa.select(ProcessedUpdate.update_id, ProcessedUpdate.payload)
            .where(
                ProcessedUpdate.done.is_(False),
                ProcessedUpdate.payload.is_not(None),
                ProcessedUpdate.at < taken_before,
            )
            .order_by(ProcessedUpdate.update_id)
            .limit(limit)
        )
        return [(uid, payload) for uid, payload in (await self.s.execute(stmt)).all() if payload]

    async def forget_before(self, cutoff: dt.datetime) -> int:
        result = await self.s.execute(sa.delete(ProcessedUpdate).where(ProcessedUpdate.at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
