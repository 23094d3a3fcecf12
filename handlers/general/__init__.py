"""Commands everyone has: /help, /lang, /cancel. The fallback for anything unhandled is general/fallback.py (dispatched last)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.general import basics

    return (basics,)


def router() -> Router:
    return feature_router("general", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
