"""Delivery to people: a person blocks or unblocks the bot (blocked.py); their leaders are told (notify.py);
a group upgraded to a supergroup keeps its binding (migration.py)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.delivery import blocked, migration

    return (blocked, migration)


def router() -> Router:
    return feature_router("delivery", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
