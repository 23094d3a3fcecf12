"""The sender's pace: Telegram's limits as evenly spaced send slots, with a measured safety margin.

Both limiters decide at the moment of sending, by the same rule (GCRA, the generic cell rate
algorithm), on one clock:

- :class:`ProcessRateLimiter`, per process (SQLite mode, one replica): the process' monotonic clock.
- :class:`RedisRateLimiter`, shared by every replica: one Lua script in Redis decides on Redis' own
  clock, so two or more replicas together keep the global rate (Telegram counts per bot token, not
  per process) and a chat's 1/s (private) or 20/min (group) holds whichever replica sends to it.
  Since one clock decides, the replicas' own clocks (and their skew) play no part.

**The pace** (:class:`Pace`). Telegram's bound is "count messages in any window": 30 per second in
all, 1 per second per private chat, 20 per minute per group; the emulator enforces each as a sliding
window of arrival times (the strictest reading: it also holds for fixed windows). A limit of ``count``
per ``window`` is paced at one message every ``(window + safety) / count`` seconds, so any
``count + 1`` messages are granted at least ``window + safety`` apart; what arrives at Telegram is
that, minus how much the send path (event loop, HTTP, the network) delayed an earlier message more
than a later one. ``safety`` (``ZSBOT_RATE_SAFETY_SECONDS``) is that spread, measured: see the
README (Outbox, *pace*) and ``python -m benchmarks.broadcast`` / ``benchmarks.replicas``, which print
how much of it a run used. The global pace lets a slot go up to a quarter interval early (a waiter
that wakes a little late does not lose its slot); the interval is computed so that this tolerance is
inside the bound too: ``count * interval - interval / 4 = window + safety``.

**After a 429** every replica holds for ``retry_after`` (Telegram holds the whole bot that long
anyway), and then paces :data:`BACKOFF_FACTOR` slower for :data:`BACKOFF_SECONDS`: a 429 means the
margin was not enough, whatever the reason (another process on the same token, a slower network).

Why a Lua script and not the ``limits`` library: ``limits``' moving and fixed windows let a whole
window's messages go in a burst at its start (Telegram answers such bursts with 429 and a pause), its
answers say only "no", not "when", and the chat limit and the 429 pause shared by all replicas would
be separate calls that can interleave. The script decides chat pace, global pace, pause and back-off
in one atomic call and answers how long to wait; one round trip per message when the way is free.
"""

from __future__ import annotations

import abc
import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = [
    "BACKOFF_FACTOR",
    "BACKOFF_SECONDS",
    "SAFETY_SECONDS",
    "Pace",
    "ProcessRateLimiter",
    "RedisRateLimiter",
    "SendLimiter",
    "paced_limiter",
]

EARLY = 0.25  # a global slot may be taken this many intervals before its time
SAFETY_SECONDS = 0.05  # the default of ZSBOT_RATE_SAFETY_SECONDS: measured, see the README (pace)
BACKOFF_FACTOR = 1.1  # after a 429: this much slower …
BACKOFF_SECONDS = 60.0  # … for this long (after the retry_after pause), on every replica

SEND_NOW, WAIT_CHAT, WAIT_GLOBAL = 0, 1, 2


class SendLimiter(Protocol):
    """What the outbox sender needs: wait for a slot; pause everything after a 429."""

    async def acquire(self, chat_id: int, *, is_group: bool) -> float: ...

    def pause(self, seconds: float) -> None: ...


@dataclass(frozen=True)
class Pace:
    """Telegram's limits as intervals between sends (seconds), ``safety`` seconds inside each window."""

    global_interval: float
    private_interval: float
    group_interval: float
    tolerance: float  # how early a global slot may be taken

    @classmethod
    def for_limits(
        cls,
        *,
        global_per_second: float,
        private_per_second: float,
        group_per_minute: float,
        safety_seconds: float,
    ) -> Pace:
        early = EARLY if global_per_second > 1 else 0.0
        global_interval = (1.0 + safety_seconds) / (global_per_second - early)
        return cls(
            global_interval=global_interval,
            private_interval=(1.0 + safety_seconds) / private_per_second,
            group_interval=(60.0 + safety_seconds) / group_per_minute,
            tolerance=global_interval * early,
        )

    def chat_interval(self, is_group: bool) -> float:
        return self.group_interval if is_group else self.private_interval


class _PacedLimiter(abc.ABC):
    """The waiting loop both limiters share; ``_try`` is the GCRA decision (in process or in Redis)."""

    def __init__(self, pace: Pace) -> None:
        self.pace = pace
        self._turn = asyncio.Lock()  # one waiter per process asks for the next global slot

    @abc.abstractmethod
    async def _try(self, chat_id: int, is_group: bool) -> tuple[int, float]:
        """The GCRA decision: (SEND_NOW, the moment granted) or (WAIT_*, seconds to wait)."""

    async def acquire(self, chat_id: int, *, is_group: bool) -> float:
        """Wait until this message may go (chat pace, global pace, 429 pause and back-off); the moment
        it was granted, on the limiter's own clock (Redis' for the shared one).

        While the global pace is the limit, one task of this process at a time asks again (at the
        moment the next send is allowed), instead of every waiting chat asking at once.
        """
        while True:
            code, wait = await self._try(chat_id, is_group)
            if code == SEND_NOW:
                return wait  # for SEND_NOW: the moment granted
            if code == WAIT_GLOBAL:
                async with self._turn:
                    while code == WAIT_GLOBAL:
                        await asyncio.sleep(wait)
                        code, wait = await self._try(chat_id, is_group)
                    if code == SEND_NOW:
                        return wait
            await asyncio.sleep(wait)  # the chat (or a 429 pause) is not ready yet


class ProcessRateLimiter(_PacedLimiter):
    """Send slots for one process, on its monotonic clock (the rule of the Lua script below)."""

    def __init__(self, pace: Pace, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(pace)
        self._now = monotonic
        self._global_free = 0.0
        self._chat_free: dict[int, float] = {}
        self._hold = 0.0
        self._slow_until = 0.0

    def decide(self, chat_id: int, is_group: bool) -> tuple[int, float]:
        """Send now (and record it; with the moment granted) or say what to wait for and how long."""
        now = self._now()
        chat_free = self._chat_free.get(chat_id, 0.0)
        ready = max(self._hold, chat_free)
        if ready > now:
            return WAIT_CHAT, ready - now
        if self._global_free - self.pace.tolerance > now:
            return WAIT_GLOBAL, self._global_free - self.pace.tolerance - now
        interval = self.pace.global_interval * (BACKOFF_FACTOR if now < self._slow_until else 1.0)
        self._chat_free[chat_id] = max(chat_free, now) + self.pace.chat_interval(is_group)
        self._global_free = max(self._global_free, now) + interval
        if len(self._chat_free) > 10_000:  # forget chats whose pace is long past
            self._chat_free = {chat: free for chat, free in self._chat_free.items() if free > now}
        return SEND_NOW, now

    async def _try(self, chat_id: int, is_group: bool) -> tuple[int, float]:
        return self.decide(chat_id, is_group)

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: hold every chat for ``seconds``, then pace slower for a while."""
        now = self._now()
        self._hold = max(self._hold, now + seconds)
        self._slow_until = max(self._slow_until, now + seconds + BACKOFF_SECONDS)


def paced_limiter(
    *,
    global_per_second: float,
    private_per_second: float,
    group_per_minute: float,
    safety_seconds: float = SAFETY_SECONDS,
    monotonic: Callable[[], float] = time.monotonic,
) -> ProcessRateLimiter:
    """The per-process limiter for these rates (SQLite mode, one replica)."""
    pace = Pace.for_limits(
        global_per_second=global_per_second,
        private_per_second=private_per_second,
        group_per_minute=group_per_minute,
        safety_seconds=safety_seconds,
    )
    return ProcessRateLimiter(pace, monotonic=monotonic)


# KEYS: chat's next free time, global next free time, global hold (429 pause), back-off marker.
# ARGV: chat interval, global interval, tolerance, back-off factor.
# The message may go now when the chat's pace, any 429 pause and the global pace (up to `tolerance`
# before its time) allow it; then it is recorded: each next free time moves one interval on from
# where it was, or from now if that is later (time nobody used is not saved up). Otherwise nothing
# is recorded and the answer says what to wait for: {1, wait} the chat or a pause, {2, wait} the
# global pace; {0, now} means send now. Never reserving a future slot, a replica whose loop runs
# late cannot send a bunch of overdue slots at once. Times are Redis' own clock, in seconds.
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
local interval = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then
  interval = interval * tonumber(ARGV[4])
end
local chat_next = math.max(chat_free, now) + tonumber(ARGV[1])
local global_next = math.max(global_free, now) + interval
redis.call('SET', KEYS[1], tostring(chat_next), 'PX', math.ceil((chat_next - now) * 1000) + 1000)
redis.call('SET', KEYS[2], tostring(global_next), 'PX', math.ceil((global_next - now) * 1000) + 1000)
return {0, tostring(now)}
"""

# KEYS: global hold, back-off marker. ARGV: pause seconds, back-off seconds. The hold only moves later.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local until_ = now + tonumber(ARGV[1])
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > held then
  redis.call('SET', KEYS[1], tostring(until_), 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
redis.call('SET', KEYS[2], '1', 'PX', math.ceil((tonumber(ARGV[1]) + tonumber(ARGV[2])) * 1000))
return 1
"""


class RedisRateLimiter(_PacedLimiter):
    """Send slots shared by every replica through Redis (global rate, per chat, 429 pause, back-off)."""

    def __init__(
        self,
        redis: Redis,
        *,
        global_per_second: float,
        private_per_second: float,
        group_per_minute: float,
        safety_seconds: float = SAFETY_SECONDS,
        prefix: str = "zsbot:rate",
    ) -> None:
        super().__init__(
            Pace.for_limits(
                global_per_second=global_per_second,
                private_per_second=private_per_second,
                group_per_minute=group_per_minute,
                safety_seconds=safety_seconds,
            )
        )
        self.redis = redis
        self.prefix = prefix
        self._acquire = redis.register_script(_ACQUIRE)
        self._pause = redis.register_script(_PAUSE)
        self._pending_pauses: set[asyncio.Task[None]] = set()

    @classmethod
    def from_url(cls, url: str, **kwargs: float | str) -> RedisRateLimiter:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), **kwargs)  # type: ignore[arg-type]

    async def _try(self, chat_id: int, is_group: bool) -> tuple[int, float]:
        p = self.prefix
        keys = [f"{p}:chat:{chat_id}", f"{p}:global", f"{p}:hold", f"{p}:backoff"]
        args = [
            self.pace.chat_interval(is_group),
            self.pace.global_interval,
            self.pace.tolerance,
            BACKOFF_FACTOR,
        ]
        code, wait = await self._acquire(keys=keys, args=args)
        return int(code), float(wait)  # for SEND_NOW: Redis' time of the grant

    def pause(self, seconds: float) -> None:
        """Telegram answered 429: every replica holds for ``seconds`` (recorded in the background)."""
        task = asyncio.get_running_loop().create_task(self.pause_async(seconds))
        self._pending_pauses.add(task)
        task.add_done_callback(self._pending_pauses.discard)

    async def pause_async(self, seconds: float) -> None:
        await self._pause(
            keys=[f"{self.prefix}:hold", f"{self.prefix}:backoff"], args=[seconds, BACKOFF_SECONDS]
        )

    async def close(self) -> None:
        if self._pending_pauses:
            await asyncio.gather(*self._pending_pauses, return_exceptions=True)
        await self.redis.aclose()
