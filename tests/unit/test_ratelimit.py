from __future__ import annotations

import asyncio
import itertools
import time

from bot.ratelimit import RateLimiter


async def test_per_chat_spacing_and_global_rate() -> None:
    limiter = RateLimiter(global_per_second=100, private_per_second=20, group_per_minute=1200, margin=1.0)
    stamps: dict[int, list[float]] = {1: [], 2: []}

    async def send(chat: int) -> None:
        for _ in range(5):
            await limiter.acquire(chat, is_group=False)
            stamps[chat].append(time.monotonic())

    await asyncio.gather(send(1), send(2))
    # a slot is never early (a loaded machine can only make it late)
    for chat_stamps in stamps.values():
        gaps = [b - a for a, b in itertools.pairwise(chat_stamps)]
        assert sum(gaps) >= 4 * 0.05 - 0.01
    every = sorted(stamps[1] + stamps[2])
    assert every[-1] - every[0] >= (len(every) - 1) * 0.01 - 0.01


async def test_pause_holds_every_chat() -> None:
    limiter = RateLimiter(global_per_second=1000, private_per_second=1000, group_per_minute=60000)
    limiter.pause(0.2)
    start = time.monotonic()
    await limiter.acquire(5, is_group=True)
    assert time.monotonic() - start >= 0.19
