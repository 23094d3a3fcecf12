"""Rendering of outbox notifications, in the recipient's language, at send time.

Each feature registers a renderer for its notification kinds with `@renderer(Kind.X)`
(core/delivery/kinds.py lists them all). A renderer
is a pure function of the payload (ids and values written when the event happened); it returns
what to send. The sender (bot/sender.py) knows nothing about the kinds.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message

from core.delivery.kinds import Kind
from handlers.shared.i18n import Safe, use_locale
from handlers.shared.splitting import split_html


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


CAPTION_LIMIT = 1024  # Telegram's limit on a file's caption

Step = Callable[[], Awaitable[Message]]


def message_steps(bot: Bot, chat_id: int, rendered: Rendered) -> list[Step]:
    """The messages that make up one rendered product, in order: the files first (the first one with
    the text as caption when it fits), then the text split under Telegram's limit, the buttons last.
    The outbox sender sends them one by one (resuming after the last part sent); a handler at once."""
    steps: list[Step] = []
    caption: Safe | None = None
    for index, item in enumerate(rendered.attachments):
        file = BufferedInputFile(item.data, filename=item.file_name)
        send = bot.send_photo if item.kind == "photo" else bot.send_document
        if index == 0 and len(rendered.text) <= CAPTION_LIMIT:
            caption = rendered.text
            steps.append(
                functools.partial(send, chat_id, file, caption=caption, reply_markup=rendered.reply_markup)
            )
        else:
            steps.append(functools.partial(send, chat_id, file))
    if caption is None:
        parts = split_html(rendered.text)
        for index, part in enumerate(parts):
            markup = rendered.reply_markup if index == len(parts) - 1 else None
            steps.append(functools.partial(bot.send_message, chat_id, part, reply_markup=markup))
    return steps


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
