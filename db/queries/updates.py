"""Processed Telegram update ids (idempotent update handling)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProcessedUpdate
from db.queries._upsert import insert_ignore


class UpdateRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def claim(self, update_id: int) -> bool:
        """Record the update id; False when it was processed (or claimed) before."""
        stmt = insert_ignore(
            self.dialect,
            ProcessedUpdate.__table__,
            {"update_id": update_id, "at": dt.datetime.now(dt.UTC)},
            conflict=["update_id"],
        )
        result = await self.s.execute(stmt)
        return bool(getattr(result, "rowcount", 0))

    async def forget_before(self, cutoff: dt.datetime) -> int:
        result = await self.s.execute(sa.delete(ProcessedUpdate).where(ProcessedUpdate.at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
