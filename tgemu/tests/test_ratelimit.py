"""Telegram's limits kept by one sliding-window limiter: enforcement (check/record) and holds."""

from __future__ import annotations

from tgemu.ratelimit import Limit, RateLimiter, RateLimits


def test_a_window_admits_its_count_then_answers_retry_after() -> None:
    limiter = RateLimiter(RateLimits(group_chat=Limit(2, 60.0)))
    for now in (0.0, 10.0):
        assert limiter.check(-1, False, now) is None
        limiter.record(-1, False, now)
    verdict = limiter.check(-1, False, 20.0)
    assert verdict is not None and verdict.retry_after == 40 and not verdict.ignored
    assert verdict.scope == "chat:-1"


def test_coming_back_before_retry_after_is_noted_as_ignored() -> None:
    limiter = RateLimiter(RateLimits(private_chat=Limit(1, 1.0)))
    limiter.record(5, True, 0.0)
    first = limiter.check(5, True, 0.5)
    assert first is not None and first.retry_after == 1
    again = limiter.check(5, True, 0.9)
    assert again is not None and again.ignored
    assert limiter.check(5, True, 1.6) is None


def test_the_global_limit_spans_chats_and_reserve_waits_for_it() -> None:
    now = [0.0]
    limits = RateLimits(global_limit=Limit(2, 1.0), private_chat=None)
    limiter = RateLimiter(limits, monotonic=lambda: now[0])
    assert [limiter.reserve(chat, private=True) for chat in (1, 2, 3)] == [0.0, 0.0, 1.0]
    verdict = RateLimiter(limits).check(4, True, 0.0, count=3)
    assert verdict is not None and verdict.scope == "global"
