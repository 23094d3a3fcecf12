"""Router-level filters. The acting `person` comes from the person middleware (None = unbound)."""

from __future__ import annotations

from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject

from core.roles import has_any
from db.enums import Role
from db.models import Person


class Registered(BaseFilter):
    """The sender is a registered, bound person."""

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is not None


class HasRole(BaseFilter):
    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return has_any(person, self.roles)
