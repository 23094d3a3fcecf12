"""Telegram's sending limits, and one limiter that keeps them: for the server and for the sender.

Telegram publishes three limits: about 30 messages per second in all, 1 per second in a private
chat, 20 per minute in a group. :class:`RateLimiter` keeps a sliding window of send times per scope
("global", "chat:<id>") and the holds a 429 put on a scope. The emulator enforces the limits with
:meth:`RateLimiter.check` + :meth:`RateLimiter.record`; a simple bot may pace its own sending with
:meth:`RateLimiter.acquire` (which reserves a slot at once) and :meth:`RateLimiter.pause` on a 429.
(zsbot's sender decides at send time instead, with a measured margin: ``bot/ratelimit.py``.)

Plain standard library: a bot may import this module without the emulator.
"""

from __future__ import annotations

import asyncio
import bisect
import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["GLOBAL_SCOPE", "Limit", "RateLimitVerdict", "RateLimiter", "RateLimits"]

GLOBAL_SCOPE = "global"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` messages in any window of ``per_seconds`` seconds."""

    count: int
    per_seconds: float

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Limit:
        return cls(count=int(data["count"]), per_seconds=float(data["per_seconds"]))


@dataclass
class RateLimits:
    """Telegram's published limits; ``None`` switches one off.

    Defaults: 1 message per second in a private chat, 20 per minute in a group, no global cap
    (set ``global_limit=Limit(30, 1.0)`` for "about 30 messages per second in all").
    Edits are not counted unless ``count_edits``.
    """

    global_limit: Limit | None = None
    private_chat: Limit | None = field(default_factory=lambda: Limit(1, 1.0))
    group_chat: Limit | None = field(default_factory=lambda: Limit(20, 60.0))
    count_edits: bool = False

    @classmethod
    def paced(
        cls,
        *,
        global_per_second: float,
        private_per_second: float,
        group_per_minute: float,
        margin: float = 1.05,
    ) -> RateLimits:
        """One message per slot, slots evenly spaced and ``margin`` times slower than the rates given."""
        return cls(
            global_limit=Limit(1, margin / global_per_second),
            private_chat=Limit(1, margin / private_per_second),
            group_chat=Limit(1, margin * 60.0 / group_per_minute),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RateLimits:
        def limit(key: str) -> Limit | None:
            value = data.get(key)
            return Limit.from_dict(value) if value else None

        return cls(
            global_limit=limit("global_limit"),
            private_chat=limit("private_chat"),
            group_chat=limit("group_chat"),
            count_edits=bool(data.get("count_edits", False)),
        )


@dataclass(frozen=True)
class RateLimitVerdict:
    retry_after: int
    scope: str
    ignored: bool
    """True when the client came back before the retry_after it had been given."""


class RateLimiter:
    """Sliding-window counters per scope ("global", "chat:<id>") and the holds a 429 put on them."""

    def __init__(
        self, limits: RateLimits | None = None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits or RateLimits()
        self._now = monotonic
        self._sent: dict[str, deque[float]] = {}
        self._held_until: dict[str, float] = {}

    # ----------------------------------------------------------------------------------- enforcing

    def check(self, chat_id: int, private: bool, now: float, count: int = 1) -> RateLimitVerdict | None:
        """None if ``count`` more messages to ``chat_id`` fit now; else the 429 to answer with."""
        for scope, limit in self._scopes(chat_id, private):
            verdict = self._check_scope(scope, limit, now, count)
            if verdict is not None:
                return verdict
        return None

    def record(self, chat_id: int, private: bool, now: float, count: int = 1) -> None:
        for scope, _ in self._scopes(chat_id, private):
            sent = self._sent.setdefault(scope, deque())
            for _ in range(count):
                bisect.insort(sent, now)

    # ----------------------------------------------------------------------------------- pacing

    def pause(self, seconds: float) -> None:
        """Hold every chat for ``seconds`` (Telegram answered 429 with this retry_after)."""
        self._hold(GLOBAL_SCOPE, self._now() + seconds)

    def reserve(self, chat_id: int, *, private: bool, count: int = 1) -> float:
        """Take the earliest slot (a ``monotonic`` time, not before now) that keeps every limit."""
        now = self._now()
        scopes = self._scopes(chat_id, private)
        slot = now
        for scope, limit in scopes:
            slot = max(slot, self._held_until.get(scope, 0.0), self._free_at(scope, limit, now, count))
        self.record(chat_id, private, slot, count)
        return slot

    async def acquire(self, chat_id: int, *, is_group: bool) -> None:
        """Wait for a send slot for one message; a pause that starts meanwhile sends us round again.

        The slot is reserved before awaiting, so concurrent senders cannot take the same one.
        """
        while True:
            slot = self.reserve(chat_id, private=not is_group)
            now = self._now()
            if slot > now:
                await asyncio.sleep(slot - now)
            if self._now() >= self._held_until.get(GLOBAL_SCOPE, 0.0):
                return

    # ----------------------------------------------------------------------------------- internals

    def _scopes(self, chat_id: int, private: bool) -> list[tuple[str, Limit]]:
        limits = self.limits
        chat_limit = limits.private_chat if private else limits.group_chat
        scopes = [(f"chat:{chat_id}", chat_limit), (GLOBAL_SCOPE, limits.global_limit)]
        return [(scope, limit) for scope, limit in scopes if limit is not None]

    def _hold(self, scope: str, until: float) -> None:
        self._held_until[scope] = max(self._held_until.get(scope, 0.0), until)

    def _window(self, scope: str, limit: Limit, now: float) -> deque[float]:
        sent = self._sent.setdefault(scope, deque())
        while sent and now - sent[0] >= limit.per_seconds:
            sent.popleft()
        return sent

    def _free_at(self, scope: str, limit: Limit, now: float, count: int) -> float:
        """When ``count`` more messages fit in every window that would hold them (slots ahead count)."""
        sent = self._window(scope, limit, now)
        room = limit.count - count
        if len(sent) <= room:
            return now
        if room < 0:
            return (sent[-1] if sent else now) + limit.per_seconds
        return max(now, sent[-(room + 1)] + limit.per_seconds)

    def _check_scope(self, scope: str, limit: Limit, now: float, count: int) -> RateLimitVerdict | None:
        held_until = self._held_until.get(scope, 0.0)
        if now < held_until:
            return RateLimitVerdict(max(1, math.ceil(held_until - now)), scope, ignored=True)
        sent = self._window(scope, limit, now)
        if len(sent) + count <= limit.count:
            return None
        index = min(len(sent) + count - limit.count, len(sent)) - 1
        free_at = sent[index] + limit.per_seconds if index >= 0 else now + limit.per_seconds
        retry_after = max(1, math.ceil(free_at - now))
        self._held_until[scope] = now + retry_after
        return RateLimitVerdict(retry_after, scope, ignored=False)
