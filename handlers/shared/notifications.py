"""Rendering of outbox notifications, in the recipient's language, at send time.

Each feature registers a renderer for its notification kinds with `@renderer(Kind.X)`
(core/delivery/kinds.py lists them all). A renderer
is a pure function of the payload (ids and values written when the event happened); it returns
what to send. The sender (bot/sender.py) knows nothing about the kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from core.delivery.kinds import Kind
from handlers.shared.i18n import Safe, use_locale


@dataclass(frozen=True)
class Attachment:
    data: bytes
    file_name: str
    kind: str = "document"  # document | photo


@dataclass(frozen=True)
class Rendered:
    text: Safe
    reply_markup: InlineKeyboardMarkup | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


Renderer = Callable[[dict[str, Any]], Rendered]
_renderers: dict[str, Renderer] = {}
_loaded = False


def renderer(kind: Kind) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        if kind in _renderers and _renderers[kind] is not func:
            raise RuntimeError(f"two renderers for notification kind {kind!r}")
        _renderers[kind] = func
        return func

    return register


def _load() -> None:
    """Import every handlers/<feature>/notify.py so their renderers register."""
    global _loaded
    if _loaded:
        return
    from handlers.shared.features import each_feature_module

    each_feature_module("notify")
    _loaded = True


def kinds() -> set[str]:
    """Every notification kind that has a renderer."""
    _load()
    return set(_renderers)


def render(kind: str, payload: dict[str, Any], locale: str) -> Rendered:
    _load()
    func = _renderers.get(kind)
    if func is None:
        raise LookupError(f"no renderer for notification kind {kind!r}")
    with use_locale(locale):
        return func(payload)
