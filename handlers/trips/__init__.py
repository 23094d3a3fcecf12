"""Trips: declare one (/trip or a sentence), the trip form, /mytrips, /back, and who is travelling today."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.trips import back, declare, form, mytrips, travelling

    return (
        declare,
        mytrips,
        back,
        form,
        travelling,
    )


def router() -> Router:
    """A fresh router of the feature: its modules' routers in order."""
    router = Router(name="trips")
    router.include_routers(*(m.router() for m in _modules()))
    return router


def commands() -> list[MenuCommand]:
    return [c for m in _modules() for c in getattr(m, "COMMANDS", [])]
