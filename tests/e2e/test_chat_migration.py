"""A bound office group upgraded to a supergroup: the binding and the pending notifications follow it."""

from __future__ import annotations

from bot.runner import Running
from core.clock import FixedClock
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from db.enums import OutboxStatus, Role
from tests.e2e.conftest import MakePersona
from tests.support.outbox import outbox_settled
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, FakeChat


async def _bound_group(
    tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> tuple[FakeChat, object]:
    admin = await persona("管理员", [Role.ADMIN])
    group = emulator.add_group("指挥部工作群")
    bound = await tg.say(admin.user, "/bind", chat=group)
    assert bound.text.startswith("✅")
    return group, admin


async def _enqueue(db: Database, clock: FixedClock, chat_id: int, n: int) -> None:
    async with db.transaction() as tx:
        for i in range(n):
            await Outbox(clock).enqueue(
                tx, Recipient(chat_id=chat_id), Notification("test.ping", {"n": i}), key=f"mig:{i}"
            )


async def test_a_migrate_error_moves_the_binding_and_pending_rows(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    clock: FixedClock,
    persona: MakePersona,
) -> None:
    group, admin = await _bound_group(tg, emulator, persona)
    # the bot never sees the service messages (a lost update): only the send error tells it
    supergroup = emulator.upgrade_to_supergroup(admin.user, group, tell_bot=False)
    await _enqueue(db, clock, group.id, 3)

    counts = await outbox_settled(db, prefix="mig:", done=3)
    assert counts == {"sent": 3}
    texts = [m.text for m in tg.messages(supergroup)]
    assert texts == ["测试消息 #0", "测试消息 #1", "测试消息 #2"]
    async with db.transaction() as tx:
        assert await tx.chats.get(group.id) is None
        moved = await tx.chats.get(supergroup.id)
        rows = await tx.outbox.with_key_prefix("mig:")
    assert moved is not None and moved.active and moved.reachable
    assert {row.chat_id for row in rows} == {supergroup.id}
    assert all(row.status == OutboxStatus.SENT for row in rows)


async def test_the_service_message_moves_the_binding_before_any_send(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    clock: FixedClock,
    persona: MakePersona,
) -> None:
    group, admin = await _bound_group(tg, emulator, persona)
    supergroup = emulator.upgrade_to_supergroup(admin.user, group)
    service = emulator.transcript(group)[-1]
    assert service.extra == {"migrate_to_chat_id": supergroup.id}
    await tg.unanswered(service)  # handled, and nothing said in the group
    await tg.unanswered(emulator.transcript(supergroup)[-1])

    async with db.transaction() as tx:
        moved = await tx.chats.get(supergroup.id)
    assert moved is not None and moved.active
    # now a digest-like notification goes straight to the new id: no 400 on the way
    await _enqueue(db, clock, supergroup.id, 1)
    assert await outbox_settled(db, prefix="mig:", done=1) == {"sent": 1}
    assert [m.text for m in tg.messages(supergroup)] == ["测试消息 #0"]
    # /bind in the new supergroup says it is bound (the same binding, not a second one)
    async with db.transaction() as tx:
        assert len(await tx.chats.active()) == 1


async def test_an_unbound_group_upgrading_binds_nothing(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    stranger = emulator.add_user("路人")
    group = emulator.add_group("闲聊群")
    supergroup = emulator.upgrade_to_supergroup(stranger, group)
    await tg.unanswered(emulator.transcript(group)[-1])
    await tg.unanswered(emulator.transcript(supergroup)[-1])
    async with db.transaction() as tx:
        assert await tx.chats.get(supergroup.id) is None
        assert await tx.chats.active() == []
