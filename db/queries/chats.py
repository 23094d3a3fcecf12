"""Bound chats: office groups and private subscriptions to office products."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import ChatKind
from db.models import BoundChat


class ChatRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, chat_id: int) -> BoundChat | None:
        return await self.s.scalar(sa.select(BoundChat).where(BoundChat.chat_id == chat_id))

    async def add(self, chat: BoundChat) -> BoundChat:
        self.s.add(chat)
        await self.s.flush()
        return chat

    async def active(
        self,
        *,
        work_group_id: int | None = None,
        whole_campaign_only: bool = False,
        person_id: int | None = None,
    ) -> Sequence[BoundChat]:
        """Active, reachable chats; with a work group, those scoped to it or to the whole campaign;
        with a person, their private subscription."""
        stmt = sa.select(BoundChat).where(BoundChat.active.is_(True), BoundChat.reachable.is_(True))
        if person_id is not None:
            stmt = stmt.where(BoundChat.person_id == person_id, BoundChat.kind == ChatKind.SUBSCRIPTION)
        if whole_campaign_only:
            stmt = stmt.where(BoundChat.work_group_id.is_(None))
        elif work_group_id is not None:
            stmt = stmt.where(
                sa.or_(BoundChat.work_group_id.is_(None), BoundChat.work_group_id == work_group_id)
            )
        return (await self.s.scalars(stmt.order_by(BoundChat.id))).all()

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> BoundChat | None:
        """The group became a supergroup: its binding moves to the new id (None when not bound).

        When the new id is bound already (the bot saw the other service message first), the old
        binding is switched off instead.
        """
        old = await self.get(old_chat_id)
        new = await self.get(new_chat_id)
        if old is None:
            return new
        if new is None:
            old.chat_id = new_chat_id
            await self.s.flush()
            return old
        old.active = False
        return new
