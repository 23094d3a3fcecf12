"""Groups get summaries: /export asked in the office group goes to the requester's private chat with a
note in the group; /help in a group lists what works there and which commands are private."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.runner import Running
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_export_in_the_office_group_goes_to_the_private_chat(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE, Role.ADMIN])
    await persona("张三", [Role.CADRE], phone="13800000001")
    group = emulator.add_group("指挥部工作群")
    emulator.add_bot_to_group(office.user, group)
    assert "工作群" in (await tg.say(office.user, "/bind", chat=group)).text

    first = await tg.say(office.user, "/export", chat=group)
    [private, note] = await tg.answers(first, 2)  # the file in private first, then the note in the group
    assert note.chat_id == group.id and "私信发送给 王主任" in note.text and note.document is None
    assert all(m.document is None for m in tg.messages(group))
    assert private.chat_id == office.id and private.document is not None
    book = load_workbook(io.BytesIO(private.document.data))
    assert "13800000001" in [r[1].value for r in book["人员"].iter_rows(min_row=2)]

    direct = await tg.say(office.user, "/export")  # in private: the file itself, as before
    assert direct.document is not None


async def test_help_in_a_group_lists_group_commands_and_names_the_private_ones(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三", [Role.CADRE])
    group = emulator.add_group("指挥部工作群")
    emulator.add_bot_to_group(office.user, group)
    emulator.add_bot_to_group(cadre.user, group)

    shown = (await tg.say(office.user, "/help", chat=group)).text
    here, _, private = shown.partition("私聊机器人使用")
    assert "/digest" in here and "/export" in here and "/invite" not in here
    assert "/invite" in private and "/broadcast" in private and "私信" in shown

    cadre_help = (await tg.say(cadre.user, "/help", chat=group)).text
    here, _, private = cadre_help.partition("私聊机器人使用")
    assert "/trip" not in here and "/trip" in private and "/report" in private and "/export" not in cadre_help
    assert "/trip —" in (await tg.say(cadre.user, "/help")).text  # in private: the full list as before
