"""Binding office group chats and subscribing privately, end to end."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import ChatKind, Role
from tests.e2e.conftest import MakePersona
from tests.support.office import county_with_users
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_an_admin_binds_a_group_chat_and_others_are_refused(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    admin = await persona("管理员", [Role.ADMIN])
    office = await persona("王主任", [Role.OFFICE])
    stranger = emulator.add_user("路人")
    group = emulator.add_group("指挥部工作群")

    refused = await tg.say(office.user, "/bind", chat=group)
    assert refused.text == "您没有使用该功能的权限。"
    await tg.unanswered(emulator.send_text(stranger, "/bind", chat=group))  # not registered: silent
    await tg.quiet(office.user, "/bind", chat=group)  # answered, and nothing before it

    bound = await tg.say(admin.user, "/bind", chat=group)
    assert bound.text == "✅ 本群已设为指挥部办公室工作群（全市），每日简报和通报将推送到本群。"
    async with db.transaction() as tx:
        chat = await tx.chats.get(group.id)
    assert chat is not None and chat.kind == ChatKind.OFFICE and chat.active and chat.title == "指挥部工作群"

    unbound = await tg.say(admin.user, "/unbind", chat=group)
    assert unbound.text == "本群已解除绑定，不再接收简报和通报。"


async def test_bind_scoped_to_a_work_group_and_bad_group_names(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    county, _ = await county_with_users(db, emulator)
    admin = await persona("管理员", [Role.ADMIN])
    group = emulator.add_group("一组工作群")

    unknown = await tg.say(admin.user, "/bind 第九工作组", chat=group)
    assert unknown.text == "未找到工作组“第九工作组”，请检查名称。"
    bound = await tg.say(admin.user, "/bind 第一工作组", chat=group)
    assert "（第一工作组）" in bound.text
    async with db.transaction() as tx:
        chat = await tx.chats.get(group.id)
    assert chat is not None and chat.work_group_id == county.group1.id

    private = await tg.say(admin.user, "/bind")
    assert private.text.startswith("请在需要接收简报的工作群中发送 /bind")


async def test_office_and_group_leaders_subscribe_cadres_cannot(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    county, users = await county_with_users(db, emulator, "王主任", "孙组长", "张三")

    assert "（全市）" in (await tg.say(users["王主任"], "/subscribe")).text
    leader = await tg.say(users["孙组长"], "/subscribe")
    assert leader.text == "✅ 已订阅每日简报和通报（第一工作组），将私信推送给您。发送 /unsubscribe 可取消。"
    assert (await tg.say(users["孙组长"], "/subscribe")).text == "您已订阅（第一工作组）。"
    assert (await tg.say(users["张三"], "/subscribe")).text == "您没有使用该功能的权限。"
    assert (await tg.say(users["孙组长"], "/unsubscribe")).text == "已取消订阅。"
    async with db.transaction() as tx:
        chats = await tx.chats.active()
    assert [(c.person_id, c.kind) for c in chats] == [(county.office.id, ChatKind.SUBSCRIPTION)]
