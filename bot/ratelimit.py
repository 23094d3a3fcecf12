"""The sender's pace: Telegram's limits (:mod:`tgemu.ratelimit`) as evenly spaced send slots.

Two limiters keep the same pace:

- :func:`paced_limiter`, per process: the same ``RateLimiter`` class the emulator enforces Telegram's
  limits with, one message per slot, a little slower than the configured rates. Enough for one
  process (SQLite mode, one replica).
- :class:`RedisRateLimiter`, shared by every replica: the slots are handed out by one Lua script in
  Redis, so two or more replicas together keep the global rate (Telegram counts per bot token, not
  per process), and a chat's 1/s (private) or 20/min (group) holds whichever replica sends to it.

Why a Lua script and not the ``limits`` library: ``limits``' async Redis storages answer "may I send
now?" (hit / test), so a replica that is refused has to poll, and two replicas polling the same
window send in bursts at each window's start. A send slot reserved atomically (the earliest time that
keeps the global, chat and 429-pause limits, recorded in the same call) spaces the messages of all
replicas evenly with one round trip per message and no polling; the script is ~20 lines and uses
Redis' own clock, so replicas' clocks do not matter.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from tgemu.ratelimit import RateLimiter, RateLimits

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisRateLimiter", "SendLimiter", "paced_limiter"]


class SendLimiter(Protocol):
    """What the outbox sender needs: wait for a slot; pause everything after a 429."""

    async def acquire(self, chat_id: int, *, is_group: bool) -> None: ...

    def pause(self, seconds: float) -> None: ...


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


# KEYS: chat's next free time, global next free time, global hold (429 pause).
# ARGV: chat interval, global interval (seconds).
# A chat that is not free yet reserves nothing (so a busy chat never holds back the global slots
# other chats could use): the answer is {0, wait}. Otherwise the earliest global slot is taken for
# this chat and the answer is {1, wait until that slot}. Times are Redis' own clock, in seconds.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local hold = tonumber(redis.call('GET', KEYS[3]) or '0')
local chat_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local ready = math.max(hold, chat_free)
if ready > now then
  return {0, tostring(ready - now)}
end
local slot = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local chat_next = slot + tonumber(ARGV[1])
local global_next = slot + tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(chat_next), 'PX', math.ceil((chat_next - now) * 1000) + 1000)
redis.call('SET', KEYS[2], tostring(global_next), 'PX', math.ceil((global_next - now) * 1000) + 1000)
return {1, tostring(slot - now)}
"""

# KEYS: global hold. ARGV: seconds. The hold only ever moves later.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > held then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
return 1
"""


class RedisRateLimiter:
    """Send slots shared by every replica through Redis (global rate, per chat, 429 pause)."""

    def __init__(
        self,
        redis: Redis,
        *,
        global_per_second: float,
        private_per_second: float,
        group_per_minute: float,
        margin: float = 1.05,
        prefix: str = "zsbot:rate",
    ) -> None:
        self.redis = redis
        self.global_interval = margin / global_per_second
        self.private_interval = margin / private_per_second
        self.group_interval = margin * 60.0 / group_per_minute
        self.prefix = prefix
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)
        self._pending_pauses: set[asyncio.Task[None]] = set()

    @classmethod
    def from_url(cls, url: str, **kwargs: float | str) -> RedisRateLimiter:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), **kwargs)  # type: ignore[arg-type]

    def _keys(self, chat_id: int) -> list[str]:
        return [f"{self.prefix}:chat:{chat_id}", f"{self.prefix}:global", f"{self.prefix}:hold"]

    async def acquire(self, chat_id: int, *, is_group: bool) -> None:
        """Wait for this chat's next slot; a 429 pause set meanwhile (by any replica) sends us round again."""
        interval = self.group_interval if is_group else self.private_interval
        keys = self._keys(chat_id)
        while True:
            reserved, wait = await self._reserve(keys=keys, args=[interval, self.global_interval])
            delay = float(wait)
            if int(reserved) and delay <= 0:
                return
            await asyncio.sleep(delay)
            if int(reserved) and not await self._held():
                return

    async def _held(self) -> bool:
        script = "local t = redis.call('TIME') return tostring(t[1] + t[2] / 1000000)"
        now, held = await asyncio.gather(self.redis.eval(script, 0), self.redis.get(f"{self.prefix}:hold"))
        return held is not None and float(held) > float(now)

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: every replica holds for ``seconds`` (recorded in the background)."""
        task = asyncio.get_running_loop().create_task(self.pause_async(seconds))
        self._pending_pauses.add(task)
        task.add_done_callback(self._pending_pauses.discard)

    async def pause_async(self, seconds: float) -> None:
        await self._pause(keys=[f"{self.prefix}:hold"], args=[seconds])

    async def close(self) -> None:
        if self._pending_pauses:
            await asyncio.gather(*self._pending_pauses, return_exceptions=True)
        await self.redis.aclose()
