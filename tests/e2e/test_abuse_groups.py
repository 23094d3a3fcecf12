"""The bot in a group chat (privacy mode: it sees commands and replies to it). Private flows stay
private: an invite link is never shown in a group, a trip is not declared or listed there; the
person gets a one-line hint, and people the bot does not know get nothing."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Language, Role
from db.models import Invite
from tests.e2e.conftest import MakePersona
from tests.support.factories import add_person
from tests.support.trips import D, add_trip, rows, trips_of
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_an_invite_asked_for_in_a_group_is_not_created_there(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE, Role.ADMIN])
    await add_person(db, "张三", [Role.CADRE])  # registered, not bound yet
    group = emulator.add_group("指挥部工作群")
    emulator.add_bot_to_group(office.user, group)

    answer = await tg.say(office.user, "/invite 张三", chat=group)
    assert answer.text == "请在与我的私聊中使用 /invite。"
    assert all("start=" not in m.text for m in tg.messages(group))
    assert await rows(db, Invite) == []

    private = await tg.say(office.user, "/invite 张三")
    assert "start=" in private.text


async def test_trips_are_not_declared_or_listed_in_a_group(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    await add_trip(db, cadre.person, D(2026, 11, 25), D(2026, 11, 27))
    stranger = emulator.add_user("路人")
    group = emulator.add_group("一组工作群")
    emulator.add_bot_to_group(cadre.user, group)

    for command in ("/trip 明天去深圳拜访华为", "/mytrips", "/report", "/back"):
        name = command.split()[0]
        assert (await tg.say(cadre.user, command, chat=group)).text == f"请在与我的私聊中使用 {name}。"
    assert len(await trips_of(db, cadre.person)) == 1  # no draft was made in the group
    assert all("深圳" not in m.text for m in tg.messages(group))

    await tg.unanswered(emulator.send_text(stranger, "/trip 明天去深圳", chat=group))
    emulator.send_text(cadre.user, "/no_such_command", chat=group)
    await tg.quiet(cadre.user, "/mytrips", chat=group)  # answered, and nothing before it

    english = await persona("Li Si", [Role.CADRE], language=Language.EN)
    assert (await tg.say(english.user, "/mytrips", chat=group)).text == (
        "Please use /mytrips in a private chat with me."
    )


async def test_office_data_shows_in_the_office_group_and_in_private_only(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE, Role.ADMIN])
    await persona("张三", [Role.CADRE], phone="13800000001")
    other = emulator.add_group("某个闲聊群")
    emulator.add_bot_to_group(office.user, other)
    hint = await tg.say(office.user, "/person 张三", chat=other)
    assert hint.text == "请在与我的私聊中使用 /person。"
    assert all("13800000001" not in m.text for m in tg.messages(other))
    await tg.say(office.user, "/export", chat=other)
    assert all(m.document is None for m in tg.messages(other))

    office_group = emulator.add_group("指挥部工作群")
    emulator.add_bot_to_group(office.user, office_group)
    assert "工作群" in (await tg.say(office.user, "/bind", chat=office_group)).text
    card = await tg.say(office.user, "/person 张三", chat=office_group)
    assert "13800000001" in card.text
    assert "13800000001" in (await tg.say(office.user, "/person 张三")).text
