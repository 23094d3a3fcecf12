"""What every feature package of handlers/ shares: its router built from its modules' routers, its
menu entries, and finding the same module (`texts`, `notify`) in every package."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Iterable
from types import ModuleType

from aiogram import Router

from handlers.shared.menu import MenuCommand


def each_feature_module(name: str) -> list[ModuleType]:
    """`handlers.<package>.<name>` for every package of handlers/ that has one, shared/ included."""
    import handlers

    found = []
    for info in sorted(pkgutil.iter_modules(handlers.__path__), key=lambda i: i.name):
        if info.ispkg and importlib.util.find_spec(f"handlers.{info.name}.{name}") is not None:
            found.append(importlib.import_module(f"handlers.{info.name}.{name}"))
    return found


def feature_router(name: str, modules: Iterable[ModuleType]) -> Router:
    """A fresh router named after the feature, holding its modules' fresh routers in dispatch order."""
    router = Router(name=name)
    router.include_routers(*(module.router() for module in modules))
    return router


def feature_commands(modules: Iterable[ModuleType]) -> list[MenuCommand]:
    """The menu entries the feature's modules declare (their ``COMMANDS``)."""
    return [command for module in modules for command in getattr(module, "COMMANDS", [])]
