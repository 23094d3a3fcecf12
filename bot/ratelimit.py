"""The sender's pace: Telegram's limits (:mod:`tgemu.ratelimit`) as evenly spaced send slots.

One limiter class serves both sides: the emulator enforces Telegram's limits with it, the outbox
sender paces itself with it, one message per slot, a little slower than the configured rates.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tgemu.ratelimit import RateLimiter, RateLimits

__all__ = ["paced_limiter"]


def paced_limiter(
    *,
    global_per_second: float,
    private_per_second: float,
    group_per_minute: float,
    margin: float = 1.05,
    monotonic: Callable[[], float] = time.monotonic,
) -> RateLimiter:
    """Slots after the chat's previous one and within the global rate; a 429 pauses everything."""
    limits = RateLimits.paced(
        global_per_second=global_per_second,
        private_per_second=private_per_second,
        group_per_minute=group_per_minute,
        margin=margin,
    )
    return RateLimiter(limits, monotonic=monotonic)
