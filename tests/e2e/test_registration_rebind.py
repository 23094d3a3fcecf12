"""Re-inviting a bound person needs an explicit rebind; the old account and the office are told;
an admin unbinds; /person_add then invite; /invite of someone unknown says how to add them."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.outbox import outbox_drained
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


@BOTH_BACKENDS
async def test_takeover_by_reinvite_is_refused_without_rebind_and_told_with_it(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, emulator: BotApiEmulator, db: Database
) -> None:
    office = await persona("办公室王主任", [Role.OFFICE])
    liu = await persona("刘洋", [Role.CADRE])

    asked = await tg.say(office.user, "/invite 刘洋")
    assert "已绑定" in asked.text and "start=" not in asked.text  # no link without the confirmation
    async with db.transaction() as tx:
        assert await tx.audit.recent("invite.") == []
    with_link = await tg.press(office.user, asked, "确认更换账号")
    assert "https://t.me/zsbot_test_bot?start=" in with_link.text and "更换账号" in with_link.text
    token = with_link.text.split("start=")[1].split()[0]

    thief = emulator.add_user("新手机")
    bound = await tg.say(thief, f"/start {token}")
    assert "绑定成功" in bound.text and "刘洋" in bound.text
    [_, told] = await tg.answers(bound, 2)
    assert told.chat_id == liu.id and "不再绑定" in told.text and "刘洋" in told.text
    assert (await zsbot.services.people.by_telegram_id(liu.id)) is None
    assert "Telegram ID" in (await tg.say(liu.user, "/mytrips")).text  # the old account is a stranger now

    await outbox_drained(db, app=zsbot)
    notice = await tg.next_notification(office.user)
    assert "刘洋" in notice.text and "新的 Telegram 账号" in notice.text
    async with db.transaction() as tx:
        actions = [a.action for a in await tx.audit.recent()]
    assert "person.rebind" in actions and "invite.create" in actions


async def test_admin_unbinds_and_others_may_not(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    admin = await persona("管理员", [Role.ADMIN])
    office = await persona("办公室", [Role.OFFICE])
    zhou = await persona("周八", [Role.CADRE])
    assert "没有使用该功能的权限" in (await tg.say(office.user, "/unbind 周八")).text
    assert await zsbot.services.people.by_telegram_id(zhou.id) is not None

    done = await tg.say(admin.user, "/unbind 周八")
    assert "已解除" in done.text and "周八" in done.text
    [_, told] = await tg.answers(done, 2)
    assert told.chat_id == zhou.id and "解除" in told.text
    assert await zsbot.services.people.by_telegram_id(zhou.id) is None
    assert "尚未绑定" in (await tg.say(admin.user, "/unbind 周八")).text
    assert "用法" in (await tg.say(admin.user, "/unbind")).text


async def test_person_add_then_invite_and_bad_input_stores_nothing(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, emulator: BotApiEmulator, db: Database
) -> None:
    office = await persona("办公室", [Role.OFFICE])
    cadre = await persona("李干部", [Role.CADRE])

    unknown = await tg.say(office.user, "/invite 张三")
    assert "/person_add" in unknown.text and "张三" in unknown.text

    assert "格式不对" in (await tg.say(office.user, "/person_add 张三 1380000 市商务局 干部")).text
    assert "角色" in (await tg.say(office.user, "/person_add 张三 13800000000 市商务局")).text
    assert "用法" in (await tg.say(office.user, "/person_add 张三")).text
    await tg.say(cadre.user, "/person_add 张三 13800000000 市商务局 干部")  # not the office: not registered
    async with db.transaction() as tx:
        assert await tx.people.by_name("张三") == []

    added = await tg.say(office.user, "/person_add 张三 13800000000 市商务局 干部")
    assert "已登记" in added.text and "13800000000" in added.text
    link = await tg.press(office.user, added, "生成邀请链接")
    token = link.text.split("start=")[1].split()[0]
    zhang = emulator.add_user("张三")
    bound = await tg.say(zhang, f"/start {token}")
    assert "绑定成功" in bound.text and "招商干部" in bound.text
    assert "已登记为 张三" in (await tg.say(office.user, "/person_add 张三二 13800000000 干部")).text
