"""The sender's pace (bot/ratelimit.py), decided on a virtual clock and replayed against Telegram's
limits as the emulator enforces them (tgemu/ratelimit.py)."""

from __future__ import annotations

import itertools
import time

import pytest

from bot.ratelimit import (
    BACKOFF_FACTOR,
    BACKOFF_SECONDS,
    SEND_NOW,
    WAIT_CHAT,
    WAIT_GLOBAL,
    Pace,
    ProcessRateLimiter,
    paced_limiter,
)
from tgemu.ratelimit import Limit, RateLimiter, RateLimits


class Clock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def drain(
    limiter: ProcessRateLimiter, clock: Clock, messages: list[tuple[int, bool]]
) -> list[tuple[float, int]]:
    """Send every (chat, is_group) as soon as the limiter allows, each chat in order: (time, chat)."""
    queues: dict[int, list[bool]] = {}
    for chat, is_group in messages:
        queues.setdefault(chat, []).append(is_group)
    sent: list[tuple[float, int]] = []
    while any(queues.values()):
        waits, before = [], len(sent)
        for chat, queue in queues.items():
            if not queue:
                continue
            code, wait = limiter.decide(chat, queue[0])
            if code == SEND_NOW:
                queue.pop(0)
                sent.append((clock.now, chat))
            else:
                waits.append(wait)
        if len(sent) == before:  # nothing more may go at this instant: time passes
            clock.now += min(waits)
    return sent


def replay(sent: list[tuple[float, int]], limits: RateLimits) -> int:
    """How many of these sends Telegram would refuse (429)."""
    telegram = RateLimiter(limits)
    refused = 0
    for at, chat in sorted(sent):
        if telegram.check(chat, chat > 0, at) is not None:
            refused += 1
        else:
            telegram.record(chat, chat > 0, at)
    return refused


TELEGRAM = RateLimits(global_limit=Limit(30, 1.0), private_chat=Limit(1, 1.0), group_chat=Limit(20, 60.0))


def test_any_31_sends_are_a_second_plus_the_safety_margin_apart() -> None:
    clock = Clock()
    limiter = paced_limiter(
        global_per_second=30, private_per_second=1, group_per_minute=20, safety_seconds=0.05, monotonic=clock
    )
    sent = drain(limiter, clock, [(chat, False) for chat in range(1, 301)])
    times = [at for at, _ in sent]
    assert len(times) == 300
    assert min(b - a for a, b in zip(times, times[30:], strict=False)) >= 1.05 - 1e-9
    # and no slower than that: 300 sends in 299 intervals of (1 + 0.05) / 29.75 s (the second a
    # quarter interval early)
    interval = 1.05 / 29.75
    assert times[-1] - times[0] == pytest.approx(299 * interval - interval / 4)
    assert replay(sent, TELEGRAM) == 0


def test_per_chat_spacing_and_group_pace() -> None:
    clock = Clock()
    limiter = paced_limiter(
        global_per_second=100, private_per_second=1, group_per_minute=20, safety_seconds=0.02, monotonic=clock
    )
    sent = drain(limiter, clock, [(7, False)] * 3 + [(-5, True)] * 3 + [(8, False)] * 3)
    for chat, gap in ((7, 1.02), (8, 1.02), (-5, 60.02 / 20)):
        stamps = [at for at, c in sent if c == chat]
        assert [b - a for a, b in itertools.pairwise(stamps)] == pytest.approx([gap, gap])
    assert replay(sent, TELEGRAM) == 0


def test_a_sender_that_runs_late_does_not_bunch_overdue_slots() -> None:
    """Nothing is reserved ahead: after a stall, sends resume at the pace, not in a burst."""
    clock = Clock()
    pace = Pace.for_limits(
        global_per_second=30, private_per_second=1, group_per_minute=20, safety_seconds=0.0
    )
    limiter = ProcessRateLimiter(pace, monotonic=clock)
    assert limiter.decide(1, False)[0] == SEND_NOW
    clock.now += 0.5  # the loop was busy for half a second
    assert limiter.decide(2, False)[0] == SEND_NOW
    code, wait = limiter.decide(3, False)
    assert code == WAIT_GLOBAL and wait == pytest.approx(pace.global_interval - pace.tolerance)


def test_a_429_holds_every_chat_then_paces_slower_for_a_while() -> None:
    clock = Clock()
    pace = Pace.for_limits(
        global_per_second=30, private_per_second=1, group_per_minute=20, safety_seconds=0.0
    )
    limiter = ProcessRateLimiter(pace, monotonic=clock)
    limiter.pause(3)
    code, wait = limiter.decide(42, False)
    assert code == WAIT_CHAT and wait == pytest.approx(3)
    clock.now += 3
    sent = drain(limiter, clock, [(chat, False) for chat in range(1, 11)])
    gaps = {round(b - a, 9) for (a, _), (b, _) in itertools.pairwise(sent[1:])}
    assert gaps == {round(pace.global_interval * BACKOFF_FACTOR, 9)}
    clock.now += BACKOFF_SECONDS + 1  # the back-off is over: the full pace again
    sent = drain(limiter, clock, [(chat, False) for chat in range(11, 21)])
    gaps = {round(b - a, 9) for (a, _), (b, _) in itertools.pairwise(sent[1:])}
    assert gaps == {round(pace.global_interval, 9)}


async def test_acquire_waits_out_a_pause() -> None:
    limiter = paced_limiter(global_per_second=1000, private_per_second=1000, group_per_minute=60000)
    limiter.pause(0.2)
    start = time.monotonic()
    await limiter.acquire(5, is_group=True)
    assert time.monotonic() - start >= 0.19
