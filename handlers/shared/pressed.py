"""Helpers for button presses."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from core.errors import Expired


def pressed_message(query: CallbackQuery) -> Message:
    """The message whose button was pressed. Telegram withholds it when it is too old or deleted
    (InaccessibleMessage): the person gets the polite "this has expired" answer."""
    if not isinstance(query.message, Message):
        raise Expired()
    return query.message
