"""Positive anchors for notifications: wait until the outbox has nothing left to send."""

from __future__ import annotations

import asyncio

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
