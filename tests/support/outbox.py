"""Positive anchors for notifications: wait until the outbox has nothing left to send."""

from __future__ import annotations

import asyncio
from collections import Counter

from db.database import Database
from db.enums import OutboxStatus
from tgemu.client import TelegramTester
from tgemu.emulator import FakeChat, FakeUser

IN_FLIGHT = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)


async def outbox_drained(
    db: Database,
    *,
    app: object | None = None,
    timeout: float = 10.0,  # noqa: ASYNC109
    poll: float = 0.02,
) -> None:
    """Until no outbox row is pending, sending or waiting for a retry; fails loudly after ``timeout`` s.

    A row is marked sent only after Telegram (the emulator) took the message, so once this returns
    every notification enqueued before the call is in its chat. With the running ``app``, its sender
    is woken first instead of waiting for its next poll.
    """
    sender = getattr(app, "sender", None)
    if sender is not None:
        sender.wake()
    counts: dict[str, int] = {}
    try:
        async with asyncio.timeout(timeout):
            while True:
                async with db.transaction() as tx:
                    counts = await tx.outbox.counts()
                if not any(counts[status.value] for status in IN_FLIGHT):
                    return
                await asyncio.sleep(poll)
    except TimeoutError:
        raise AssertionError(f"the outbox did not drain within {timeout}s: {counts}") from None


SETTLED = (OutboxStatus.SENT, OutboxStatus.DEAD)


async def outbox_settled(
    db: Database,
    *,
    prefix: str | None = None,
    done: int = 1,
    timeout: float = 30.0,  # noqa: ASYNC109
    poll: float = 0.05,
) -> Counter[str]:
    """Until at least ``done`` outbox rows are sent or dead; their counts by status then.

    With ``prefix``, only the rows whose key starts with it count, and none of them may be still in
    flight. Without, the counts are the outbox's own (``uncertain`` included). Fails after ``timeout`` s.
    """
    counts: Counter[str] = Counter()
    try:
        async with asyncio.timeout(timeout):
            while True:
                async with db.transaction() as tx:
                    if prefix is None:
                        counts = Counter(await tx.outbox.counts())
                    else:
                        counts = Counter(row.status.value for row in await tx.outbox.with_key_prefix(prefix))
                finished = sum(counts[status.value] for status in SETTLED)
                if finished >= done and (prefix is None or finished == sum(counts.values())):
                    return counts
                await asyncio.sleep(poll)
    except TimeoutError:
        raise AssertionError(
            f"the outbox did not settle {done} rows within {timeout}s: {dict(counts)}"
        ) from None


async def no_notification(
    tg: TelegramTester, db: Database, *who: FakeUser | FakeChat | int, app: object | None = None
) -> None:
    """Once the outbox has drained, none of ``who`` has a notification not yet read."""
    await outbox_drained(db, app=app)
    for chat in who:
        unread = tg.unread_notifications(chat)
        assert unread == [], (
            f"unexpected notification in {tg.emu.chat(chat).display_name}: {unread[0].text!r}"
        )
