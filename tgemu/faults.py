"""Fault injection for the Bot API emulator: Telegram's rate limits, 5xx, slow responses; and stats.

Everything here is plain state, settable at runtime (``emu.faults.server_error_rate = 0.2``) and
through the control API (``PUT /_control/faults`` with the JSON of :meth:`Faults.to_dict`).
Faults apply only to methods that send or edit messages, never to getUpdates/getMe/getFile.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tgemu.ratelimit import RateLimits

__all__ = ["Faults", "Stats"]


@dataclass
class Faults:
    """What goes wrong, and how often. The default is: nothing (a well-behaved Telegram).

    - ``rate_limits``: enforce :class:`RateLimits` (429 with ``retry_after``); ``None`` = off.
    - ``server_error_rate``: share of send/edit requests answered 500/502; the message is NOT delivered.
    - ``slow_rate`` / ``slow_seconds``: share of send/edit requests that ARE delivered but answered
      only after ``slow_seconds`` (make it longer than the client's timeout).
    - ``seed``: the random draws are reproducible; :meth:`reseed` restarts the sequence.
    """

    rate_limits: RateLimits | None = None
    server_error_rate: float = 0.0
    server_error_codes: tuple[int, ...] = (500, 502)
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    seed: int = 0
    rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def reseed(self, seed: int | None = None) -> None:
        if seed is not None:
            self.seed = seed
        self.rng = random.Random(self.seed)

    def reset(self) -> None:
        """Turn every fault off (rate limits included) and restart the random sequence."""
        self.rate_limits = None
        self.server_error_rate = 0.0
        self.server_error_codes = (500, 502)
        self.slow_rate = 0.0
        self.slow_seconds = 0.0
        self.reseed()

    def enforce_rate_limits(self, limits: RateLimits | None = None) -> RateLimits:
        """Switch Telegram's limits on (defaults of :class:`RateLimits` unless given)."""
        self.rate_limits = limits or RateLimits()
        return self.rate_limits

    def roll_server_error(self) -> int | None:
        """The 5xx status to answer with this time, or None."""
        if self.server_error_rate > 0 and self.rng.random() < self.server_error_rate:
            return self.rng.choice(self.server_error_codes)
        return None

    def roll_slow(self) -> float:
        """Seconds to hold this response back (0 = answer at once)."""
        if self.slow_rate > 0 and self.slow_seconds > 0 and self.rng.random() < self.slow_rate:
            return self.slow_seconds
        return 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rate_limits": self.rate_limits.to_dict() if self.rate_limits else None,
            "server_error_rate": self.server_error_rate,
            "server_error_codes": list(self.server_error_codes),
            "slow_rate": self.slow_rate,
            "slow_seconds": self.slow_seconds,
            "seed": self.seed,
        }

    def update(self, data: Mapping[str, Any]) -> None:
        """Apply a (partial) dict as produced by :meth:`to_dict`; ``{"reset": true}`` resets first."""
        if data.get("reset"):
            self.reset()
        if "rate_limits" in data:
            limits = data["rate_limits"]
            self.rate_limits = RateLimits.from_dict(limits) if limits is not None else None
        for key in ("server_error_rate", "slow_rate", "slow_seconds"):
            if key in data:
                setattr(self, key, float(data[key]))
        if "server_error_codes" in data:
            self.server_error_codes = tuple(int(code) for code in data["server_error_codes"])
        if "seed" in data:
            self.reseed(int(data["seed"]))


@dataclass
class Stats:
    """What the emulator saw. Times are ``time.monotonic()`` seconds."""

    requests: Counter[str] = field(default_factory=Counter)
    delivered: dict[int, list[float]] = field(default_factory=dict)
    offered: list[float] = field(default_factory=list)
    """Arrival times of every send counted against the rate limits, refused (429) or not."""
    rate_limited: int = 0
    rate_limit_ignored: int = 0
    server_errors: int = 0
    slow_responses: int = 0
    forbidden: int = 0

    def record_delivery(self, chat_id: int, now: float, count: int = 1) -> None:
        self.delivered.setdefault(chat_id, []).extend([now] * count)

    def delivered_count(self, chat_id: int | None = None) -> int:
        if chat_id is None:
            return sum(len(times) for times in self.delivered.values())
        return len(self.delivered.get(chat_id, []))

    def min_gap(self, chat_id: int) -> float | None:
        """The shortest time between two messages delivered to ``chat_id`` (None if fewer than 2)."""
        times = self.delivered.get(chat_id, [])
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        return min(gaps) if gaps else None

    def max_in_window(self, seconds: float, chat_id: int | None = None) -> int:
        """Most messages delivered within any ``seconds``-long window (one chat, or all chats)."""
        if chat_id is None:
            times = sorted(t for chat_times in self.delivered.values() for t in chat_times)
        else:
            times = self.delivered.get(chat_id, [])
        best, start = 0, 0
        for end, time in enumerate(times):
            while time - times[start] >= seconds:
                start += 1
            best = max(best, end - start + 1)
        return best

    def spans(self, count: int) -> list[float]:
        """For every run of ``count`` consecutive sends offered (all chats, 429s included), its duration.

        With Telegram's "at most ``count - 1`` per window", a span under the window is a 429: so the
        smallest of ``spans(31)`` against 1.0 s says how much of its safety margin a paced sender used.
        """
        times = sorted(self.offered)
        return [times[i + count - 1] - times[i] for i in range(len(times) - count + 1)]

    def reset(self) -> None:
        self.requests.clear()
        self.delivered.clear()
        self.offered.clear()
        self.rate_limited = self.rate_limit_ignored = self.server_errors = 0
        self.slow_responses = self.forbidden = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "requests": dict(self.requests),
            "delivered": {str(chat_id): times for chat_id, times in self.delivered.items()},
            "delivered_total": self.delivered_count(),
            "rate_limited": self.rate_limited,
            "rate_limit_ignored": self.rate_limit_ignored,
            "server_errors": self.server_errors,
            "slow_responses": self.slow_responses,
            "forbidden": self.forbidden,
        }
