from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditLog


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def record(
        self, action: str, entity: str, entity_id: int | None, *, actor_id: int | None, **details: Any
    ) -> None:
        self.s.add(
            AuditLog(action=action, entity=entity, entity_id=entity_id, actor_id=actor_id, details=details)
        )

    async def for_entity(self, entity: str, entity_id: int) -> Sequence[AuditLog]:
        stmt = (
            sa.select(AuditLog)
            .where(AuditLog.entity == entity, AuditLog.entity_id == entity_id)
            .order_by(AuditLog.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def recent(self, action_prefix: str = "", limit: int = 50) -> Sequence[AuditLog]:
        stmt = sa.select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
        if action_prefix:
            stmt = stmt.where(AuditLog.action.startswith(action_prefix))
        return (await self.s.scalars(stmt)).all()
