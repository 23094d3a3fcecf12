"""The Telegram conversation: one package per feature, each with `router()` (a fresh Router) and `commands()` (its menu entries).

Order matters: the error handler first, registration next, the features, the fallback last.
"""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers import coordination, delivery, general, office, progress, projects, registration, reports, trips
from handlers.general import fallback
from handlers.shared import calendar, errors
from handlers.shared.menu import MenuCommand

FEATURES: tuple[ModuleType, ...] = (
    registration,
    general,
    delivery,
    progress,
    coordination,
    projects,
    trips,
    reports,
    calendar,
    office,
)


def routers() -> list[Router]:
    """Fresh routers for one Dispatcher, in dispatch order."""
    return [errors.router(), *(feature.router() for feature in FEATURES), fallback.router()]


def menu_commands() -> list[MenuCommand]:
    return [c for feature in FEATURES if hasattr(feature, "commands") for c in feature.commands()]
