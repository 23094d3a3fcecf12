"""Project progress: a lead reports in a sentence or a photo (report.py) or step by step (form.py); the office corrects funds (fundsfix.py)."""

from __future__ import annotations

from types import ModuleType

from aiogram import Router

from handlers.shared.features import feature_commands, feature_router
from handlers.shared.menu import MenuCommand


def _modules() -> tuple[ModuleType, ...]:
    """The feature's router modules in dispatch order (imported on use: features share pieces)."""
    from handlers.progress import form, fundsfix, report

    return (
        report,
        form,
        fundsfix,
    )


def router() -> Router:
    return feature_router("progress", _modules())


def commands() -> list[MenuCommand]:
    return feature_commands(_modules())
