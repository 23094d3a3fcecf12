from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Invite


class InviteRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, invite: Invite) -> Invite:
        self.s.add(invite)
        await self.s.flush()
        return invite

    async def by_hash_for_update(self, token_hash: str) -> Invite | None:
        stmt = sa.select(Invite).where(Invite.token_hash == token_hash).with_for_update()
        return await self.s.scalar(stmt)

    async def revoke_open_for(self, person_id: int, now: dt.datetime) -> int:
        result = await self.s.execute(
            sa.update(Invite)
            .where(Invite.person_id == person_id, Invite.used_at.is_(None), Invite.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)
