"""The outbox API for use cases: enqueue a notification in the caller's transaction.

A notification is a kind and a JSON payload of ids and values; it is rendered in the recipient's
language only when it is sent (handlers/shared/notifications.py), so a person who switches language
gets later messages in the new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.clock import Clock
from core.delivery.kinds import Kind
from db.tx import Tx


@dataclass(frozen=True)
class Notification:
    kind: Kind
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipient:
    """A person (their private chat) or a bound chat (an office group)."""

    person_id: int | None = None
    chat_id: int | None = None

    def __post_init__(self) -> None:
        if (self.person_id is None) == (self.chat_id is None):
            raise ValueError("a recipient is exactly one of person_id or chat_id")

    @property
    def key(self) -> str:
        return f"p{self.person_id}" if self.person_id is not None else f"c{self.chat_id}"


class Outbox:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def enqueue(
        self,
        tx: Tx,
        recipient: Recipient,
        notification: Notification,
        *,
        key: str,
        not_before: dt.datetime | None = None,
    ) -> int:
        """Write the row unless `key` was enqueued before; returns 1 when written, else 0.

        The key is made unique per recipient, so one event may notify several people.
        """
        written = await tx.outbox.enqueue(
            dedupe_key=f"{key}>{recipient.key}",
            kind=notification.kind,
            payload=notification.payload,
            person_id=recipient.person_id,
            chat_id=recipient.chat_id,
            not_before=(not_before or self.clock.now()).astimezone(dt.UTC),
        )
        return int(written)

    async def enqueue_batch(self, tx: Tx, items: list[tuple[Recipient, Notification, str]]) -> int:
        """`enqueue` for many (recipient, notification, key) at once, due now: a job's whole wave in
        a few statements. Returns how many rows were new (the others were enqueued before)."""
        now = self.clock.now().astimezone(dt.UTC)
        return await tx.outbox.enqueue_rows(
            [
                {
                    "dedupe_key": f"{key}>{recipient.key}",
                    "kind": notification.kind,
                    "payload": notification.payload,
                    "person_id": recipient.person_id,
                    "chat_id": recipient.chat_id,
                    "not_before": now,
                }
                for recipient, notification, key in items
            ]
        )

    async def enqueue_many(
        self, tx: Tx, recipients: list[Recipient], notification: Notification, *, key: str
    ) -> int:
        total = 0
        seen: set[str] = set()
        for recipient in recipients:
            if recipient.key in seen:
                continue
            seen.add(recipient.key)
            total += await self.enqueue(tx, recipient, notification, key=key)
        return total
