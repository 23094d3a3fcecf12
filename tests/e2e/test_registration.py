"""Import → invite → /start binds → menu in the person's language; and everyone who may not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.runner import Running
from core.clock import FixedClock
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.factories import add_person
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

GROUPS_CSV = "工作组,组长,目标(亿元),力争目标(亿元)\n第一工作组,,60,66\n第二工作组,,60,67\n"
PEOPLE_CSV = (
    "姓名,手机,单位,工作组,角色\n"
    "张三,13800000001,市商务局,第一工作组,干部\n"
    "John Smith,13800000002,市发改委,第二工作组,项目负责人、组长\n"
)


async def _import(app: Running, tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text(GROUPS_CSV, encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE_CSV, encoding="gb18030")  # as Chinese Excel saves CSV
    assert (await app.services.imports.groups(groups, groups.name)).ok
    report = await app.services.imports.people(people, people.name)
    assert report.ok and report.created == 2


@BOTH_BACKENDS
async def test_imported_person_binds_with_invite_and_gets_a_menu(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    await _import(zsbot, tmp_path)
    issued = await zsbot.services.people.create_invite(None, "张三")
    user = emulator.add_user("三", language_code="zh-hans")

    reply = await tg.say(user, f"/start {issued.token}")
    assert "绑定成功" in reply.text and "张三" in reply.text and "招商干部" in reply.text
    menu = [c["command"] for c in emulator.commands({"type": "chat", "chat_id": user.id})]
    assert "help" in menu and "lang" in menu and "invite" not in menu

    help_reply = await tg.say(user, "/help")
    assert "/lang" in help_reply.text and "/invite" not in help_reply.text
    assert (await zsbot.services.people.by_telegram_id(user.id)) is not None


async def test_english_speaker_gets_english_and_can_switch(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, tmp_path: Path
) -> None:
    await _import(zsbot, tmp_path)
    issued = await zsbot.services.people.create_invite(None, "13800000002")
    user = emulator.add_user("John", language_code="en")
    reply = await tg.say(user, f"/start {issued.token}")
    assert "Your account is linked" in reply.text and "project lead" in reply.text
    menu = emulator.commands({"type": "chat", "chat_id": user.id})
    assert any(c["description"] == "Help" for c in menu)

    choose = await tg.say(user, "/lang")
    pressed = await tg.press(user, choose, "中文")
    assert pressed.text == "已切换为中文。"
    menu = emulator.commands({"type": "chat", "chat_id": user.id})
    assert any(c["description"] == "使用说明" for c in menu)
    assert "可以使用" in (await tg.say(user, "/help")).text


async def test_strangers_reused_and_expired_invites_are_refused(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, clock: FixedClock, tmp_path: Path
) -> None:
    await _import(zsbot, tmp_path)
    stranger = emulator.add_user("路人")
    refusal = await tg.say(stranger, "/start")
    assert str(stranger.id) in refusal.text and "指挥部办公室" in refusal.text
    assert str(stranger.id) in (await tg.say(stranger, "你好")).text
    assert str(stranger.id) in (await tg.say(stranger, "/help")).text

    issued = await zsbot.services.people.create_invite(None, "张三")
    owner = emulator.add_user("张三")
    assert "绑定成功" in (await tg.say(owner, f"/start {issued.token}")).text
    assert "已使用" in (await tg.say(stranger, f"/start {issued.token}")).text
    assert "无效" in (await tg.say(stranger, "/start forged-token-123")).text

    late = await zsbot.services.people.create_invite(None, "13800000002")
    clock.advance(dt.timedelta(hours=73))
    assert "已过期" in (await tg.say(stranger, f"/start {late.token}")).text
    assert await zsbot.services.people.by_telegram_id(stranger.id) is None


async def test_office_creates_invites_in_the_bot_and_others_may_not(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("办公室王主任", [Role.OFFICE])
    cadre = await persona("李干部", [Role.CADRE])
    await add_person(db, "赵新人", [Role.CADRE])  # registered, not bound yet

    link = await tg.say(office.user, "/invite 赵新人")
    assert "https://t.me/zsbot_test_bot?start=" in link.text and "赵新人" in link.text
    assert "查无此人" in (await tg.say(office.user, "/invite 查无此人")).text
    assert "用法" in (await tg.say(office.user, "/invite")).text

    refused = await tg.say(cadre.user, "/invite 赵新人")
    assert "没有使用该功能的权限" in refused.text
    async with db.transaction() as tx:
        assert len(await tx.audit.recent("invite.")) == 1


async def test_echoed_names_are_escaped(zsbot: Running, tg: TelegramTester, persona: MakePersona) -> None:
    office = await persona("办公室", [Role.OFFICE])
    reply = await tg.say(office.user, "/invite <b>坏人</b>")
    assert "<b>坏人</b>" in reply.text  # shown literally, not as bold
    assert "&lt;b&gt;" in reply.html
