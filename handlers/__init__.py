"""The Telegram conversation. Each feature module has a `router` and may list `COMMANDS`.

Order matters: registration first, features next, the fallback last.
"""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers import broadcast as office_broadcast
from handlers import (
    brochures,
    common,
    coordination,
    errors,
    fallback,
    invites,
    keyboards_calendar,
    membership,
    office,
    progress,
    project_import,
    projects,
    ranking,
    registration,
    reports,
    travelling,
    trip_form,
    trips,
)
from handlers import digest as office_digest
from handlers import export as office_export
from handlers.menu import MenuCommand

FEATURES: tuple[ModuleType, ...] = (
    registration,
    common,
    invites,
    membership,
    progress,
    coordination,
    projects,
    brochures,
    project_import,
    trips,
    trip_form,
    reports,
    travelling,
    keyboards_calendar,
    office,
    office_digest,
    ranking,
    office_broadcast,
    office_export,
)


def routers() -> list[Router]:
    return [errors.router, *(m.router for m in FEATURES), fallback.router]


def menu_commands() -> list[MenuCommand]:
    return [c for m in FEATURES for c in getattr(m, "COMMANDS", [])]
