"""Trips: declare one (/trip or a sentence), the trip form, /mytrips, /back, and who is travelling today."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
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
    return feature_router("trips", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
