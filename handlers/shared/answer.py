"""Answers that may exceed Telegram's length limit."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup, Message

from handlers.shared.i18n import Safe
from handlers.shared.notifications import Rendered, message_steps
from handlers.shared.splitting import split_html


async def answer_long(message: Message, text: Safe, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer with a text that may exceed Telegram's limit: several messages, the buttons on the last."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        await message.answer(Safe(part), reply_markup=reply_markup if index == len(parts) - 1 else None)


async def send_rendered(bot: Bot, chat_id: int, rendered: Rendered) -> None:
    """Answer with a rendered product as the outbox would send it (the same messages, at once)."""
    for step in message_steps(bot, chat_id, rendered):
        await step()
