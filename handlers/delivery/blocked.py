"""Telegram says a person blocked (or unblocked) the bot in their private chat."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import KICKED, MEMBER, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated

from core.delivery.bookkeeping import DeliveryService
from core.people import PeopleService
from db.models import Person


async def blocked(event: ChatMemberUpdated, delivery: DeliveryService, person: Person | None = None) -> None:
    if person is not None:
        await delivery.person_blocked_bot(person.id)


async def unblocked(event: ChatMemberUpdated, people: PeopleService, person: Person | None = None) -> None:
    if person is not None:
        await people.mark_reachable(person.id)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.my_chat_member.filter(F.chat.type == "private")
    router.my_chat_member.register(blocked, ChatMemberUpdatedFilter(member_status_changed=KICKED))
    router.my_chat_member.register(unblocked, ChatMemberUpdatedFilter(member_status_changed=MEMBER))
    return router
