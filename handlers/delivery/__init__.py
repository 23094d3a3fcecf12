"""Delivery to people: a person blocks or unblocks the bot (blocked.py); their leaders are told (notify.py)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.delivery import blocked

    return (blocked,)


def router() -> Router:
    """A fresh router of the feature: its modules' routers in order."""
    router = Router(name="delivery")
    router.include_routers(*(m.router() for m in _modules()))
    return router


def commands() -> list[MenuCommand]:
    return [c for m in _modules() for c in getattr(m, "COMMANDS", [])]
