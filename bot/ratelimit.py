"""The sender's pace: Telegram's limits (:mod:`tgemu.ratelimit`) as evenly spaced send slots.

Two limiters keep the same pace:

- :func:`paced_limiter`, per process: the same ``RateLimiter`` class the emulator enforces Telegram's
  limits with, one message per slot, a little slower than the configured rates. Enough for one
  process (SQLite mode, one replica).
- :class:`RedisRateLimiter`, shared by every replica: the slots are handed out by one Lua script in
  Redis, so two or more replicas together keep the global rate (Telegram counts per bot token, not
  per process), and a chat's 1/s (private) or 20/min (group) holds whichever replica sends to it.

Why a Lua script and not the ``limits`` library: ``limits``' moving and fixed windows let a whole
window's messages go in a burst at its start (Telegram answers such bursts with 429 and a pause), its
answers say only "no", not "when", and the chat limit and the 429 pause shared by all replicas would
be separate calls that can interleave. The script (a pacing cell-rate check, ~20 lines) decides chat
pace, global pace and pause in one atomic call on Redis' own clock, spaces the messages of all
replicas evenly, and answers how long to wait; one round trip per message when the way is free.
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
# ARGV: chat interval, global interval, early (tolerance), credit (seconds).
# GCRA (the generic cell rate algorithm) checked at the moment of sending: the message may go now
# when the chat's pace, any 429 pause and the global pace (up to `early` before its time) allow it;
# then it is recorded: the global next free time moves one interval on from where it was, or from
# `credit` ago if it fell further behind (a replica that ran late may catch up that much, no more).
# Otherwise nothing is recorded and the answer says what to wait for: {1, wait} the chat or a pause,
# {2, wait} the global pace; {0, 0} means send now. Never reserving a future slot, a replica whose
# loop runs late cannot send a bunch of overdue slots at once. In any second at most
# ceil((1 s + early + credit) / interval) messages go. Times are Redis' own clock, in seconds.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local hold = tonumber(redis.call('GET', KEYS[3]) or '0')
local chat_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local ready = math.max(hold, chat_free)
if ready > now then
  return {1, tostring(ready - now)}
end
local global_free = tonumber(redis.call('GET', KEYS[2]) or '0')
local tolerance = tonumber(ARGV[3])
if global_free - tolerance > now then
  return {2, tostring(global_free - tolerance - now)}
end
local chat_next = math.max(chat_free, now) + tonumber(ARGV[1])
local global_next = math.max(global_free, now - tonumber(ARGV[4])) + tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(chat_next), 'PX', math.ceil((chat_next - now) * 1000) + 1000)
redis.call('SET', KEYS[2], tostring(global_next), 'PX', math.ceil((global_next - now) * 1000) + 1000)
return {0, '0'}
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
        self._acquire = redis.register_script(_ACQUIRE)
        self._turn = asyncio.Lock()  # one waiter per replica asks for the next global send
        self._pause = redis.register_script(_PAUSE)
        self._pending_pauses: set[asyncio.Task[None]] = set()

    @classmethod
    def from_url(cls, url: str, **kwargs: float | str) -> RedisRateLimiter:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), **kwargs)  # type: ignore[arg-type]

    def _keys(self, chat_id: int) -> list[str]:
        return [f"{self.prefix}:chat:{chat_id}", f"{self.prefix}:global", f"{self.prefix}:hold"]

    async def acquire(self, chat_id: int, *, is_group: bool) -> None:
        """Wait until this message may go (chat pace, global pace, 429 pause: all replicas' sends count).

        While the global pace is the limit, one task of this replica at a time asks Redis again (at
        the moment the next send is allowed), instead of every waiting chat asking at once.
        """
        interval = self.group_interval if is_group else self.private_interval
        keys = self._keys(chat_id)
        args = [interval, self.global_interval, self.global_interval / 4, self.global_interval]
        while True:
            code, wait = await self._acquire(keys=keys, args=args)
            if int(code) == 0:
                return
            if int(code) == 2:
                async with self._turn:
                    while int(code) == 2:
                        await asyncio.sleep(float(wait))
                        code, wait = await self._acquire(keys=keys, args=args)
                    if int(code) == 0:
                        return
            await asyncio.sleep(float(wait))  # the chat (or a 429 pause) is not ready yet

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
