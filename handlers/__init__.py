"""The Telegram conversation. Each feature module has a `router` and may list `COMMANDS`.

Order matters: registration first, features next, the fallback last.
"""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers import (
    common,
    errors,
    fallback,
    invites,
    keyboards_calendar,
    registration,
    reports,
    travelling,
    trip_form,
    trips,
)
from handlers.menu import MenuCommand

FEATURES: tuple[ModuleType, ...] = (
    registration,
    common,
    invites,
    trips,
    trip_form,
    reports,
    travelling,
    keyboards_calendar,
)


def routers() -> list[Router]:
    return [errors.router, *(m.router for m in FEATURES), fallback.router]


def menu_commands() -> list[MenuCommand]:
    return [c for m in FEATURES for c in getattr(m, "COMMANDS", [])]
