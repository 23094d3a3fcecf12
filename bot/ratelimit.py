"""Telegram's sending limits, kept on our side: global per second, per private chat, per group."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class RateLimiter:
    """Reserves a send slot per message: after the chat's previous one and within the global rate.

    Reservations are made without awaiting in between, so concurrent senders cannot both take
    the same slot. A 429 pauses everything until its retry_after has passed.
    """

    def __init__(
        self,
        *,
        global_per_second: float,
        private_per_second: float,
        group_per_minute: float,
        margin: float = 1.05,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.global_interval = margin / global_per_second
        self.private_interval = margin / private_per_second
        self.group_interval = margin * 60.0 / group_per_minute
        self._now = monotonic
        self._global_next = 0.0
        self._chat_next: dict[int, float] = {}
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._now() + seconds)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), self._now() + seconds)

    async def acquire(self, chat_id: int, *, is_group: bool) -> None:
        while True:
            now = self._now()
            start = max(now, self._chat_next.get(chat_id, 0.0), self._paused_until)
            slot = max(start, self._global_next)
            self._global_next = slot + self.global_interval
            self._chat_next[chat_id] = slot + (self.group_interval if is_group else self.private_interval)
            if slot > now:
                await asyncio.sleep(slot - now)
            if self._now() >= self._paused_until:
                return
