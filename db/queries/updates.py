"""Telegram updates taken in (idempotent, durable update handling): what replay and clean-up read
and delete; the claim and the mark "done" are db/intake.py's (one trip per update)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessedUpdate


class UpdateRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def unfinished(self, update_id: int) -> bool:
        row = await self.s.get(ProcessedUpdate, update_id)
        return row is not None and not row.done

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
