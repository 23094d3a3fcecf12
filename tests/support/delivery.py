"""Bulk recipients and notifications for delivery tests and the broadcast benchmark."""

from __future__ import annotations

from collections import Counter

from core.clock import Clock
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from db.enums import Language, Role
from db.models import Person
from tgemu.emulator import BotApiEmulator


async def add_recipients(db: Database, emulator: BotApiEmulator, count: int) -> list[int]:
    """`count` bound cadres, each a fake Telegram user; returns their person ids."""
    ids = []
    async with db.transaction() as tx:
        for i in range(count):
            user = emulator.add_user(f"干部{i:04d}")
            person = await tx.people.add(
                Person(name=f"干部{i:04d}", telegram_id=user.id, language=Language.ZH)
            )
            tx.people.set_roles(person, [Role.CADRE])
            ids.append(person.id)
    return ids


async def enqueue_pings(db: Database, clock: Clock, person_ids: list[int], per_person: int) -> int:
    outbox = Outbox(clock)
    wave = [
        (Recipient(person_id=person_id), Notification("test.ping", {"n": n}), f"ping:{n}")
        for n in range(per_person)
        for person_id in person_ids
    ]
    async with db.transaction() as tx:
        return await outbox.enqueue_batch(tx, wave)


def delivered_texts(emulator: BotApiEmulator, chat_ids: list[int]) -> Counter[tuple[int, str]]:
    """How many times each (chat, text) arrived."""
    seen: Counter[tuple[int, str]] = Counter()
    for chat_id in chat_ids:
        for message in emulator.bot_messages(chat_id):
            seen[(chat_id, message.body or "")] += 1
    return seen
