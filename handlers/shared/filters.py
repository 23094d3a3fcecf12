"""Router-level filters. The acting `person` comes from the person middleware (None = unbound)."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import BaseFilter
from aiogram.types import CallbackQuery, Message, TelegramObject

from core.office.chats import OfficeChatService
from core.roles import has_any
from db.enums import Role
from db.models import Person

TYPED_TEXT = F.text & ~F.text.startswith("/")
"""A typed answer: text that is not a command (a command leaves a form step to its own handler)."""


class Registered(BaseFilter):
    """The sender is a registered, bound person."""

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is not None


class HasRole(BaseFilter):
    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return has_any(person, self.roles)


class PrivateOrOfficeChat(BaseFilter):
    """Office data (phones, the ledger, the scoreboard) shows in private chats and in bound office
    groups only — never in some other group an office member happens to type in."""

    async def __call__(self, event: TelegramObject, office_chats: OfficeChatService) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        if not isinstance(message, Message):
            return False
        if message.chat.type == "private":
            return True
        return await office_chats.is_office_chat(message.chat.id)
