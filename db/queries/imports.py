"""Import staging: the rows of a spreadsheet being imported, kept between its short batch
transactions and its one final transaction (see core.importing.Staging)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ImportStagingRow


class ImportStagingRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def stage(self, import_id: str, rows: Sequence[tuple[int, str]], at: dt.datetime) -> None:
        """One batch of rows (spreadsheet row number, cells as JSON), in one INSERT."""
        if rows:
            await self.s.execute(
                sa.insert(ImportStagingRow),
                [{"import_id": import_id, "row_number": n, "data": d, "created_at": at} for n, d in rows],
            )

    async def batch(self, import_id: str, after_id: int, limit: int) -> list[tuple[int, int, str]]:
        """The next staged rows (id, row number, JSON) after ``after_id``, in file order."""
        result = await self.s.execute(
            sa.select(ImportStagingRow.id, ImportStagingRow.row_number, ImportStagingRow.data)
            .where(ImportStagingRow.import_id == import_id, ImportStagingRow.id > after_id)
            .order_by(ImportStagingRow.id)
            .limit(limit)
        )
        return [(r.id, r.row_number, r.data) for r in result]

    async def count(self, import_id: str | None = None) -> int:
        stmt = sa.select(sa.func.count()).select_from(ImportStagingRow)
        if import_id is not None:
            stmt = stmt.where(ImportStagingRow.import_id == import_id)
        return int(await self.s.scalar(stmt) or 0)

    async def drop(self, import_id: str) -> int:
        result = await self.s.execute(
            sa.delete(ImportStagingRow).where(ImportStagingRow.import_id == import_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def purge(self, before: dt.datetime | None = None) -> int:
        """Staged rows left by imports that were cut short (all, or those staged before ``before``)."""
        stmt = sa.delete(ImportStagingRow)
        if before is not None:
            stmt = stmt.where(ImportStagingRow.created_at < before)
        result = await self.s.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)
