"""Attachments and their copies in the media store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Attachment


class MediaRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def unstored(self, *, after: int, limit: int, max_attempts: int) -> Sequence[Attachment]:
        """Attachments (id above `after`) without a stored copy that have not failed `max_attempts`
        times, in id order."""
        stmt = (
            sa.select(Attachment)
            .where(
                Attachment.id > after,
                Attachment.stored_key.is_(None),
                Attachment.store_attempts < max_attempts,
            )
            .order_by(Attachment.id)
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    async def mark_stored(self, attachment_id: int, key: str, now: dt.datetime) -> None:
        await self.s.execute(
            sa.update(Attachment)
            .where(Attachment.id == attachment_id)
            .values(stored_key=key, stored_at=now, store_attempts=Attachment.store_attempts + 1)
        )

    async def mark_failed(self, attachment_id: int) -> None:
        await self.s.execute(
            sa.update(Attachment)
            .where(Attachment.id == attachment_id)
            .values(store_attempts=Attachment.store_attempts + 1)
        )

    async def add(self, attachment: Attachment) -> Attachment:
        self.s.add(attachment)
        await self.s.flush()
        return attachment

    async def get(self, attachment_id: int) -> Attachment | None:
        return await self.s.get(Attachment, attachment_id)
