"""Registration: /start with an invite token binds a Telegram account; the office creates invite links (/invite)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.registration import invites, start

    return (
        start,
        invites,
    )


def router() -> Router:
    return feature_router("registration", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
