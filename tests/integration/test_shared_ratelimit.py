"""The Redis-shared limiter: two replicas' senders together keep Telegram's limits."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.ratelimit import BACKOFF_FACTOR, BACKOFF_SECONDS, RedisRateLimiter
from tests.support.services import REDIS_URL, unavailable
from tgemu.ratelimit import Limit, RateLimiter, RateLimits

pytestmark = pytest.mark.redis


@pytest.fixture
async def replicas() -> AsyncIterator[tuple[RedisRateLimiter, RedisRateLimiter]]:
    prefix = f"zsbot-test:{uuid.uuid4().hex}"
    made = [
        RedisRateLimiter.from_url(
            REDIS_URL, prefix=prefix, global_per_second=30, private_per_second=1, group_per_minute=20
        )
        for _ in range(2)
    ]
    try:
        await made[0].redis.ping()
    except Exception as exc:
        for limiter in made:
            await limiter.close()
        unavailable("Redis", exc)
    yield made[0], made[1]
    keys = [key async for key in made[0].redis.scan_iter(f"{prefix}:*")]
    if keys:
        await made[0].redis.delete(*keys)
    for limiter in made:
        await limiter.close()


async def test_two_replicas_together_keep_the_global_and_per_chat_limits(
    replicas: tuple[RedisRateLimiter, RedisRateLimiter],
) -> None:
    """45 messages to 15 chats from two replicas at once, replayed against Telegram's own limits.

    Replayed at the moments the limiter granted them (Redis' clock): the time this process wakes up
    after a grant is the loaded machine's, not the limiter's (a late wake-up would look like a burst).
    """
    sends: list[tuple[float, int]] = []

    async def chat_sender(limiter: RedisRateLimiter, chat: int) -> None:
        for _ in range(3):
            sends.append((await limiter.acquire(chat, is_group=False), chat))

    await asyncio.gather(
        *(chat_sender(replicas[chat % 2], chat) for chat in range(1, 16)),
    )
    telegram = RateLimiter(RateLimits(global_limit=Limit(30, 1.0), private_chat=Limit(1, 1.0)))
    for at, chat in sorted(sends):
        assert telegram.check(chat, True, at) is None, f"429 for chat {chat}"
        telegram.record(chat, True, at)
    assert len(sends) == 45
    # without a shared budget two replicas would send twice as fast; 3 messages a chat take 2 s
    assert max(at for at, _ in sends) - min(at for at, _ in sends) >= 2.0 - 0.05


async def test_a_429_on_one_replica_pauses_the_other(
    replicas: tuple[RedisRateLimiter, RedisRateLimiter],
) -> None:
    first, second = replicas
    await first.pause_async(0.3)
    start = time.monotonic()
    await second.acquire(77, is_group=True)
    assert time.monotonic() - start >= 0.28


async def test_after_a_429_every_replica_paces_slower_for_a_while(
    replicas: tuple[RedisRateLimiter, RedisRateLimiter],
) -> None:
    first, second = replicas
    await first.pause_async(0.05)
    ttl = await second.redis.pttl(f"{second.prefix}:backoff")
    assert (BACKOFF_SECONDS - 1) * 1000 < ttl <= (BACKOFF_SECONDS + 0.05) * 1000
    # the moments granted, on Redis' clock (this process's clock after each return would count the
    # trip back as well, and fail on a loaded machine: 66.8 ms measured for a bound of 68.8)
    granted = [await second.acquire(chat, is_group=False) for chat in (1, 2, 3)]
    # two intervals of the slower pace (each send may go a tolerance before its slot)
    assert granted[2] - granted[0] >= 2 * second.pace.global_interval * BACKOFF_FACTOR - second.pace.tolerance


async def test_a_busy_chat_does_not_hold_back_other_chats(
    replicas: tuple[RedisRateLimiter, RedisRateLimiter],
) -> None:
    first, second = replicas
    await first.acquire(-100, is_group=True)  # the group's next slot is ~3 s away
    start = time.monotonic()
    await second.acquire(5, is_group=False)
    assert time.monotonic() - start < 1.0
