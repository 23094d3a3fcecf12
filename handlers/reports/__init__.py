"""Daily trip reports: the report form (form.py), the day's reminder and the late-report escalation (notify.py)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.reports import form

    return (form,)


def router() -> Router:
    return feature_router("reports", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
