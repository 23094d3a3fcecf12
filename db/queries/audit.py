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

    async def about(
        self,
        *,
        person_id: int | None = None,
        entity: str | None = None,
        entity_id: int | None = None,
        limit: int = 50,
    ) -> Sequence[AuditLog]:
        """The latest events done by or to a person (their id as actor, or as the `person` object),
        or about one object (`entity`, `entity_id`); newest first."""
        stmt = sa.select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
        if person_id is not None:
            stmt = stmt.where(
                sa.or_(
                    AuditLog.actor_id == person_id,
                    sa.and_(AuditLog.entity == "person", AuditLog.entity_id == person_id),
                )
            )
        if entity is not None:
            stmt = stmt.where(AuditLog.entity == entity)
        if entity_id is not None:
            stmt = stmt.where(AuditLog.entity_id == entity_id)
        return (await self.s.scalars(stmt)).all()
