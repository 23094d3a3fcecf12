from __future__ import annotations

import asyncio
import itertools
import time

import pytest

import tgemu.ratelimit
from bot.ratelimit import paced_limiter
from tgemu.ratelimit import Limit, RateLimiter, RateLimits


async def test_per_chat_spacing_and_global_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two chats sending at once, on a virtual clock: each waits for its own slot, none is early."""
    now = [0.0]
    real_sleep = asyncio.sleep

    async def virtual_sleep(seconds: float) -> None:
        now[0] = max(now[0], now[0] + seconds)  # time passes only as far as the sleeper asked
        await real_sleep(0)

    monkeypatch.setattr(tgemu.ratelimit.asyncio, "sleep", virtual_sleep)
    limiter = paced_limiter(
        global_per_second=100,
        private_per_second=20,
        group_per_minute=1200,
        margin=1.0,
        monotonic=lambda: now[0],
    )
    reserve = limiter.reserve
    taken: dict[int, float] = {}

    def recording_reserve(chat_id: int, *, private: bool, count: int = 1) -> float:
        taken[chat_id] = reserve(chat_id, private=private, count=count)
        return taken[chat_id]

    monkeypatch.setattr(limiter, "reserve", recording_reserve)
    stamps: dict[int, list[float]] = {1: [], 2: []}

    async def send(chat: int) -> None:
        for _ in range(5):
            await limiter.acquire(chat, is_group=False)
            assert now[0] >= taken[chat]  # never released before its slot
            stamps[chat].append(taken[chat])

    await asyncio.gather(send(1), send(2))
    for chat_stamps in stamps.values():
        gaps = [b - a for a, b in itertools.pairwise(chat_stamps)]
        assert min(gaps) >= 0.05 - 1e-9  # 20 per second in each private chat
    every = sorted(stamps[1] + stamps[2])
    assert min(b - a for a, b in itertools.pairwise(every)) >= 0.01 - 1e-9  # 100 per second in all


async def test_pause_holds_every_chat() -> None:
    limiter = paced_limiter(global_per_second=1000, private_per_second=1000, group_per_minute=60000)
    limiter.pause(0.2)
    start = time.monotonic()
    await limiter.acquire(5, is_group=True)
    assert time.monotonic() - start >= 0.19


def test_slots_are_reserved_evenly_per_chat_and_group_pace_is_per_minute() -> None:
    now = [100.0]
    limiter = paced_limiter(
        global_per_second=1000,
        private_per_second=1,
        group_per_minute=20,
        margin=1.0,
        monotonic=lambda: now[0],
    )
    assert [limiter.reserve(7, private=True) for _ in range(3)] == [100.0, 101.0, 102.0]
    # the global slots are taken up to 102 (every 1 ms): the group's first slot follows them
    assert [limiter.reserve(-5, private=False) for _ in range(2)] == pytest.approx([102.001, 105.001])


def test_a_paced_sender_never_trips_telegrams_limits() -> None:
    """The sender's reservations, replayed against Telegram's limits as the emulator enforces them."""
    now = [0.0]
    limiter = paced_limiter(
        global_per_second=30, private_per_second=1, group_per_minute=20, monotonic=lambda: now[0]
    )
    slots = [(limiter.reserve(chat, private=chat > 0), chat) for chat in [1, 2, -3] * 10]
    telegram = RateLimiter(RateLimits(global_limit=Limit(30, 1.0)))
    for slot, chat in sorted(slots):
        assert telegram.check(chat, chat > 0, slot) is None
        telegram.record(chat, chat > 0, slot)
