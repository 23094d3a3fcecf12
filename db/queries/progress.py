"""Progress updates, their photos, stage history and the money ledger of projects."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import LedgerKind
from db.models import Attachment, LedgerEntry, ProgressUpdate, StageChange


class ProgressRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, update: ProgressUpdate) -> ProgressUpdate:
        self.s.add(update)
        await self.s.flush()
        return update

    async def get(self, progress_id: int) -> ProgressUpdate | None:
        return await self.s.get(ProgressUpdate, progress_id)

    async def of_project(self, project_id: int, *, limit: int = 20) -> Sequence[ProgressUpdate]:
        stmt = (
            sa.select(ProgressUpdate)
            .where(ProgressUpdate.project_id == project_id)
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    def add_photo(self, attachment: Attachment) -> None:
        self.s.add(attachment)

    async def photos(self, progress_id: int) -> Sequence[Attachment]:
        stmt = sa.select(Attachment).where(Attachment.progress_id == progress_id).order_by(Attachment.id)
        return (await self.s.scalars(stmt)).all()

    def add_stage_change(self, change: StageChange) -> None:
        self.s.add(change)

    async def stage_changes(self, project_id: int) -> Sequence[StageChange]:
        stmt = sa.select(StageChange).where(StageChange.project_id == project_id).order_by(StageChange.id)
        return (await self.s.scalars(stmt)).all()

    def add_ledger(self, entry: LedgerEntry) -> None:
        self.s.add(entry)

    async def ledger(self, project_id: int, kind: LedgerKind | None = None) -> Sequence[LedgerEntry]:
        stmt = sa.select(LedgerEntry).where(LedgerEntry.project_id == project_id).order_by(LedgerEntry.id)
        if kind is not None:
            stmt = stmt.where(LedgerEntry.kind == kind)
        return (await self.s.scalars(stmt)).all()
