"""Coordination issues (督办): a lead asks for help on a milestone; leaders assign, answer and close (issues.py)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.coordination import issues, supervision

    return (issues, supervision)


def router() -> Router:
    return feature_router("coordination", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
