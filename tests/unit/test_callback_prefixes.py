"""Every kind of button data has its own prefix: two sharing one would answer each other's presses."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

import handlers  # noqa: F401  (imports every feature's callbacks)
from handlers.shared.features import each_feature_module


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


def test_callback_data_prefixes_are_unique() -> None:
    for module in ("callbacks", "form", "basics", "calendar"):
        each_feature_module(module)
    prefixes: dict[str, str] = {}
    for cls in _all_subclasses(CallbackData):
        if not cls.__module__.startswith("handlers."):
            continue
        prefix = cls.__prefix__  # type: ignore[attr-defined]
        assert prefix not in prefixes, (
            f"{cls.__qualname__} and {prefixes[prefix]} share the prefix {prefix!r}"
        )
        prefixes[prefix] = cls.__qualname__
    assert {"t1", "t3", "t4", "v1", "r1", "a1"} <= prefixes.keys()
