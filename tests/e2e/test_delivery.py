"""The outbox under Telegram's limits and failures, end to end through the emulator."""

from __future__ import annotations

import asyncio

import pytest

from bot.runner import Running
from bot.settings import Settings
from core.clock import FixedClock
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tests.support.outbox import no_notification, outbox_settled
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits

# the emulator enforces these; the sender keeps slightly under them
EMULATOR_LIMITS = RateLimits(
    global_limit=Limit(300, 1.0), private_chat=Limit(20, 1.0), group_chat=Limit(20, 60.0)
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"rate_global_per_second": 280, "rate_private_per_second": 19, "send_timeout_seconds": 1.0}
    )


@pytest.mark.slow
async def test_2000_notifications_to_200_chats_under_rate_limits(
    zsbot: Running, emulator: BotApiEmulator, db: Database, clock: FixedClock
) -> None:
    emulator.faults.enforce_rate_limits(EMULATOR_LIMITS)
    people = await add_recipients(db, emulator, 200)
    assert await enqueue_pings(db, clock, people, 10) == 2000
    counts = await outbox_settled(db, done=2000, timeout=300)  # 25 s on an idle machine

    assert counts["sent"] == 2000 and counts["dead"] == 0
    chats = [chat for chat in emulator.stats.delivered]
    delivered = delivered_texts(emulator, chats)
    assert len(delivered) == 2000  # every notification arrived
    # at least once, and twice only where a read timeout (a loaded machine) made the outcome unknowable
    duplicates = sum(n - 1 for n in delivered.values())
    assert duplicates <= counts["uncertain"]
    assert emulator.stats.rate_limit_ignored == 0
    assert all(emulator.stats.max_in_window(1.0, chat_id=chat) <= 20 for chat in chats)  # per-chat limit kept
    assert emulator.stats.max_in_window(1.0) <= 300


@pytest.mark.slow
async def test_5xx_and_slow_responses_lose_nothing(
    zsbot: Running, emulator: BotApiEmulator, db: Database, clock: FixedClock
) -> None:
    emulator.faults.enforce_rate_limits(EMULATOR_LIMITS)
    emulator.faults.server_error_rate = 0.10
    emulator.faults.slow_rate = 0.05
    emulator.faults.slow_seconds = 1.5  # beyond the client's 1 s timeout: the outcome is unknowable
    people = await add_recipients(db, emulator, 200)
    await enqueue_pings(db, clock, people, 10)
    counts = await outbox_settled(db, done=2000, timeout=360)

    expected = {(chat, f"测试消息 #{n}") for chat in emulator.stats.delivered for n in range(10)}
    delivered = delivered_texts(emulator, list(emulator.stats.delivered))
    assert len(emulator.stats.delivered) == 200
    assert expected <= set(delivered)  # every notification arrived
    duplicates = sum(n - 1 for n in delivered.values())
    assert emulator.stats.server_errors > 100 and emulator.stats.slow_responses > 50
    # a duplicate is possible only where a read timeout made the outcome unknowable, and it is counted
    assert duplicates <= counts["uncertain"]
    assert emulator.stats.rate_limit_ignored == 0


async def test_a_blocked_person_is_marked_and_the_office_told_once(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    clock: FixedClock,
    persona: MakePersona,
) -> None:
    office = await persona("办公室", [Role.OFFICE])
    cadre = await persona("屏蔽者", [Role.CADRE])
    emulator.block_bot(cadre.user)
    outbox = Outbox(clock)
    async with db.transaction() as tx:
        for n in range(5):
            await outbox.enqueue(
                tx, Recipient(person_id=cadre.person.id), Notification("test.ping", {"n": n}), key=f"b{n}"
            )
    notice = await tg.next_notification(office.user)
    assert "屏蔽者" in notice.text and "屏蔽" in notice.text
    counts = await outbox_settled(db, done=6, timeout=90)
    assert counts["dead"] == 5
    assert emulator.stats.forbidden <= 1  # no retry storm (my_chat_member may even come first)
    await no_notification(tg, db, office.user, app=zsbot)
    async with db.transaction() as tx:
        person = await tx.people.get(cadre.person.id)
        assert person is not None and not person.reachable


async def test_blocking_the_bot_is_noticed_before_any_send_and_unblocking_restores(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    office = await persona("办公室", [Role.OFFICE])
    cadre = await persona("小刘", [Role.CADRE])
    emulator.block_bot(cadre.user)
    notice = await tg.next_notification(office.user)
    assert "小刘" in notice.text
    emulator.unblock_bot(cadre.user)
    async with asyncio.timeout(5):
        while True:
            async with db.transaction() as tx:
                person = await tx.people.get(cadre.person.id)
                if person is not None and person.reachable:
                    break
            await asyncio.sleep(0.05)
