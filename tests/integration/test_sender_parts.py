"""A notification sent as several messages resumes after the last part that went out."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.exceptions import TelegramServerError
from aiogram.methods import SendMessage
from aiogram.types import Chat, Message

from bot.ratelimit import paced_limiter
from bot.sender import OutboxSender
from core.clock import TickingClock
from core.delivery.bookkeeping import DeliveryService
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from handlers.shared.splitting import split_html
from tests.conftest import NOW, TZ
from tests.support.factories import add_person
from tests.support.outbox import outbox_settled


class FlakyBot:
    """Stands in for aiogram's Bot: the second message fails once with a 500."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.calls = 0

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None) -> Message:
        self.calls += 1
        if self.calls == 2:
            raise TelegramServerError(
                method=SendMessage(chat_id=chat_id, text=text), message="Internal Server Error"
            )
        self.sent.append(text)
        return Message(message_id=self.calls, date=NOW, chat=Chat(id=chat_id, type="private"), text=text)


async def test_a_failed_part_is_retried_without_repeating_earlier_parts(db: Database) -> None:
    clock = TickingClock(NOW, TZ)
    person = await add_person(db, "甲", telegram_id=101)
    long_text = "\n".join(f"第{i}行：项目进展情况说明" for i in range(900))  # several messages
    async with db.transaction() as tx:
        await Outbox(clock).enqueue(
            tx, Recipient(person_id=person.id), Notification("text", {"text": long_text}), key="long"
        )
    delivery = DeliveryService(db, clock, Outbox(clock), max_attempts=5, default_locale="zh")
    bot = FlakyBot()
    limiter = paced_limiter(global_per_second=1000, private_per_second=1000, group_per_minute=60000)
    sender = OutboxSender(bot, delivery, limiter, poll_interval=0.05)  # type: ignore[arg-type]
    task = asyncio.create_task(sender.run())
    try:
        assert (await outbox_settled(db, timeout=10))["sent"] == 1
    finally:
        await sender.stop()
        await task
    parts = split_html(long_text)
    assert len(parts) >= 3
    assert bot.sent == parts  # each part once, in order: the retry resumed at the failed one
    assert bot.calls == len(parts) + 1
