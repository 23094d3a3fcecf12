"""Telegram upgraded a group to a supergroup: the service messages carry the new (or old) id."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from core.delivery.bookkeeping import DeliveryService


async def migrated_to(message: Message, delivery: DeliveryService) -> None:
    """In the old group: ``migrate_to_chat_id``."""
    assert message.migrate_to_chat_id is not None
    await delivery.chat_migrated(message.chat.id, message.migrate_to_chat_id)


async def migrated_from(message: Message, delivery: DeliveryService) -> None:
    """In the new supergroup: ``migrate_from_chat_id``."""
    assert message.migrate_from_chat_id is not None
    await delivery.chat_migrated(message.migrate_from_chat_id, message.chat.id)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher). No role filter: the service
    message comes from Telegram, whoever pressed "upgrade"."""
    router = Router(name=__name__)
    router.message.register(migrated_to, F.migrate_to_chat_id)
    router.message.register(migrated_from, F.migrate_from_chat_id)
    return router
