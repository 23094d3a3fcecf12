"""Answers that may exceed Telegram's length limit."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message

from handlers.shared.i18n import Safe
from handlers.shared.notifications import Rendered
from handlers.shared.splitting import split_html


async def answer_long(message: Message, text: Safe, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer with a text that may exceed Telegram's limit: several messages, the buttons on the last."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        await message.answer(Safe(part), reply_markup=reply_markup if index == len(parts) - 1 else None)


async def send_rendered(bot: Bot, chat_id: int, rendered: Rendered) -> None:
    """Answer with a rendered product as the outbox would send it: the attachments first (the first
    one with the text as caption when it fits), then the text split under Telegram's limit."""
    text_sent = False
    for index, item in enumerate(rendered.attachments):
        file = BufferedInputFile(item.data, filename=item.file_name)
        caption = rendered.text if index == 0 and len(rendered.text) <= 1024 else None
        markup = rendered.reply_markup if caption is not None else None
        if item.kind == "photo":
            await bot.send_photo(chat_id, file, caption=caption, reply_markup=markup)
        else:
            await bot.send_document(chat_id, file, caption=caption, reply_markup=markup)
        text_sent = text_sent or caption is not None
    if text_sent:
        return
    parts = split_html(rendered.text)
    for index, part in enumerate(parts):
        await bot.send_message(
            chat_id, part, reply_markup=rendered.reply_markup if index == len(parts) - 1 else None
        )
