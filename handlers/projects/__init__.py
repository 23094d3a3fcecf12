"""Projects: /myprojects, milestone reminders T-7/T-3/T-1 and overdue escalations (notify.py), brochures, the office's plan import."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.projects import brochures, myprojects, plan_import

    return (
        myprojects,
        brochures,
        plan_import,
    )


def router() -> Router:
    return feature_router("projects", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
