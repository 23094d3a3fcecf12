"""The command office: office chats, queries (/status, /overdue, /project, /person), digest, ranking notice, broadcast, export."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.office import audit, broadcast, chats, digest, export, queries, ranking

    return (
        chats,
        queries,
        digest,
        ranking,
        broadcast,
        export,
        audit,
    )


def router() -> Router:
    return feature_router("office", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
