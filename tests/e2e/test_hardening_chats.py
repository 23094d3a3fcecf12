"""What a chat may see is decided by the chat (its scope, its members) as well as by the asker:
no office list in a group that is not a bound office chat, and a group-scoped office chat shows its
own work group only, whoever asks there (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.runner import Running
from db.database import Database
from tests.support.office import bind_chat, county_with_users
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


@pytest.fixture
async def county(db: Database, emulator: BotApiEmulator) -> tuple[Any, dict[str, Any]]:
    return await county_with_users(db, emulator, "王主任", "孙组长")


async def test_travelling_and_issues_are_not_posted_in_an_unbound_group(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, county: tuple[Any, dict[str, Any]]
) -> None:
    _, users = county
    group = emulator.add_group("某个闲聊群")
    for name in ("王主任", "孙组长"):
        emulator.add_bot_to_group(users[name], group)
        for command in ("/travelling", "/issues"):
            answer = await tg.say(users[name], command, chat=group)
            assert answer.text == f"请在与我的私聊中使用 {command}。"
    texts = " ".join(m.text for m in tg.messages(group))
    for secret in ("张三", "赵六", "施工许可", "用电指标"):
        assert secret not in texts
    assert "张三" in (await tg.say(users["王主任"], "/travelling")).text  # privately, as before


async def test_a_group_scoped_office_chat_shows_its_group_only(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    county: tuple[Any, dict[str, Any]],
) -> None:
    data, users = county
    chat = emulator.add_group("第二工作组群")
    await bind_chat(db, chat.id, group=data.group2, title="第二工作组群")
    emulator.add_bot_to_group(users["王主任"], chat)
    emulator.add_bot_to_group(users["孙组长"], chat)

    travelling = await tg.say(users["王主任"], "/travelling", chat=chat)  # the office: the chat's scope
    assert "赵六" in travelling.text and "张三" not in travelling.text
    issues = await tg.say(users["王主任"], "/issues", chat=chat)
    assert "用电指标" in issues.text and "施工许可" not in issues.text
    overdue = await tg.say(users["王主任"], "/overdue", chat=chat)
    assert "冷链物流中心" in overdue.text and "新能源电池项目" not in overdue.text

    # the leader of group 1 sees nothing of theirs in group 2's chat, and nothing of group 2
    refused = await tg.say(users["孙组长"], "/travelling", chat=chat)
    assert "不能在这里显示" in refused.text
    texts = " ".join(m.text for m in tg.messages(chat))
    assert "张三" not in texts and "新能源电池项目" not in texts


async def test_a_whole_campaign_office_chat_still_shows_everything(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    county: tuple[Any, dict[str, Any]],
) -> None:
    _, users = county
    chat = emulator.add_group("指挥部群")
    await bind_chat(db, chat.id)
    emulator.add_bot_to_group(users["王主任"], chat)
    text = (await tg.say(users["王主任"], "/travelling", chat=chat)).text
    assert "张三" in text and "赵六" in text
