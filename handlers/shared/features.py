"""Find the same module (`texts`, `notify`) in every package of handlers/."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import ModuleType


def each_feature_module(name: str) -> list[ModuleType]:
    """`handlers.<package>.<name>` for every package of handlers/ that has one, shared/ included."""
    import handlers

    found = []
    for info in sorted(pkgutil.iter_modules(handlers.__path__), key=lambda i: i.name):
        if info.ispkg and importlib.util.find_spec(f"handlers.{info.name}.{name}") is not None:
            found.append(importlib.import_module(f"handlers.{info.name}.{name}"))
    return found
