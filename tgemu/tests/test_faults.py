"""Fault injection: rate limits, blocked users, 5xx and slow responses, as aiogram sees them."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.faults import Faults, Stats
from tgemu.ratelimit import Limit, RateLimits
from tgemu.wiring import make_bot


async def test_private_chat_rate_limit(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    emu.faults.enforce_rate_limits()
    bob = emu.add_user("Bob")
    await bot.send_message(alice.id, "一")
    await bot.send_message(bob.id, "other chats are not affected")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(alice.id, "二")
    assert caught.value.retry_after == 1
    assert caught.value.message.endswith("Original description: Too Many Requests: retry after 1")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(alice.id, "二, too early again")
    assert (emu.stats.rate_limited, emu.stats.rate_limit_ignored) == (2, 1)
    assert [m.text for m in emu.transcript(alice)] == ["一"]
    assert emu.stats.delivered_count(alice.id) == 1

    await bot.edit_message_text("一 (edited)", chat_id=alice.id, message_id=1)  # edits are not counted
    emu.faults.reset()
    await bot.send_message(alice.id, "二")


async def test_group_and_global_limits(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    group = emu.add_group("指挥部", chat_type="supergroup")
    emu.faults.enforce_rate_limits(RateLimits(group_chat=Limit(2, 60.0), global_limit=Limit(3, 1.0)))
    await bot.send_message(group.id, "1")
    await bot.send_message(group.id, "2")
    with pytest.raises(TelegramRetryAfter) as group_limit:
        await bot.send_message(group.id, "3")
    assert 55 <= group_limit.value.retry_after <= 60
    await bot.send_message(alice.id, "global 3 of 3")
    bob = emu.add_user("Bob")
    with pytest.raises(TelegramRetryAfter) as global_limit:
        await bot.send_message(bob.id, "global 4 of 3")
    assert global_limit.value.retry_after == 1


async def test_every_send_counted_against_the_limits_is_timed_refused_or_not(
    bot: Bot, emu: BotApiEmulator, alice: FakeUser
) -> None:
    emu.faults.enforce_rate_limits(RateLimits(global_limit=Limit(2, 1.0)))
    await bot.send_message(alice.id, "1")
    await bot.edit_message_text("1 (edited)", chat_id=alice.id, message_id=1)  # edits are not counted
    emu.add_user("Bob")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(alice.id, "2 of 1 per second in the chat")
    assert len(emu.stats.offered) == 2 and emu.stats.delivered_count() == 1
    [span] = emu.stats.spans(2)  # how close together the two were offered: a 429 below 1 s
    assert 0 <= span < 1.0
    assert emu.stats.spans(3) == []


def test_spans_of_consecutive_sends() -> None:
    stats = Stats(offered=[3.0, 0.0, 1.0, 1.5])
    assert stats.spans(2) == [1.0, 0.5, 1.5]
    assert stats.spans(3) == [1.5, 2.0]


async def test_blocked_user(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    emu.block_bot(alice)
    with pytest.raises(TelegramForbiddenError) as caught:
        await bot.send_message(alice.id, "提醒")
    assert caught.value.message == "Forbidden: bot was blocked by the user"
    assert emu.stats.forbidden == 1
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None and update.my_chat_member.new_chat_member.status == "kicked"
    emu.unblock_bot(alice)
    await bot.send_message(alice.id, "提醒")


async def test_server_errors_are_not_delivered(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    emu.faults.server_error_rate = 0.5
    emu.faults.reseed(7)
    outcomes = []
    for number in range(20):
        try:
            await bot.send_message(alice.id, f"#{number}")
            outcomes.append("ok")
        except TelegramServerError as error:
            assert error.message in ("Internal Server Error", "Bad Gateway")
            outcomes.append("5xx")
    assert 0 < outcomes.count("5xx") < 20
    assert [m.text for m in emu.transcript(alice)] == [f"#{n}" for n, o in enumerate(outcomes) if o == "ok"]
    assert emu.stats.server_errors == outcomes.count("5xx")

    replay = Faults(server_error_rate=0.5, seed=7)
    assert [replay.roll_server_error() is not None for _ in range(20)] == [o == "5xx" for o in outcomes]
    await bot.get_me()  # never faulted


async def test_slow_response_times_out_but_message_is_stored(emu: BotApiEmulator, alice: FakeUser) -> None:
    emu.faults.slow_rate = 1.0
    emu.faults.slow_seconds = 5.0
    impatient = make_bot(emu, timeout=0.3)
    try:
        with pytest.raises(TelegramNetworkError, match="Request timeout error"):
            await impatient.send_message(alice.id, "到底发出去没有?")
    finally:
        await impatient.session.close()
    assert [m.text for m in emu.transcript(alice)] == ["到底发出去没有?"]
    assert emu.stats.slow_responses == 1


async def test_faults_over_the_control_api(emu: BotApiEmulator) -> None:
    body = {"server_error_rate": 0.25, "rate_limits": {"private_chat": {"count": 1, "per_seconds": 1.0}}}
    async with aiohttp.ClientSession(emu.api_url) as http:
        async with http.put("/_control/faults", json=body) as response:
            assert (await response.json())["server_error_rate"] == 0.25
        assert emu.faults.rate_limits is not None and emu.faults.rate_limits.group_chat is None
        async with http.put("/_control/faults", json={"reset": True}) as response:
            assert (await response.json())["rate_limits"] is None
        async with http.get("/_control/stats") as response:
            assert (await response.json())["rate_limited"] == 0


def test_stats_spacing() -> None:
    stats = Stats()
    for moment in (0.0, 1.0, 1.5, 3.0):
        stats.record_delivery(5, moment)
    assert stats.min_gap(5) == 0.5
    assert stats.max_in_window(1.0, chat_id=5) == 2
    assert stats.delivered_count() == 4
