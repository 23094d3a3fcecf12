"""Fuzzed-update sweep (issue 17, bounded): 600 hostile or careless messages — empty-ish,
control characters, markup, huge numbers, lone "/", commands with junk, dates that do not exist —
sent in every form state of every feature, by a person holding every role. Each is handled, and
none ends in the "unexpected error" answer or an error in the log."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import random
import traceback
from collections import Counter

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey

import handlers
from bot.runner import Running
from db.database import Database
from db.enums import Role
from tests.support.factories import add_person
from tests.support.office import seed_county
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

pytestmark = pytest.mark.slow

TOTAL = 600  # bounded to keep the suite quick; every state gets its share
SEEDS = [
    "/",
    "//",
    "/ ",
    "/start",
    "/start 0",
    "/trip",
    "/report 2026-02-30",
    "/project \x0b",
    "/person <b>",
    "/issues x",
    "/travelling 1",
    "/status junk",
    "/export 9999",
    "明天去深圳拜访华为，后天返回",
    "2月30日",
    "13月1日",
    "9999999999999999999999",
    "-1",
    "0",
    "50%",
    "120%",
    "3.5亿元",
    "-3亿",
    '=HYPERLINK("http://x","y")',
    "<b>粗</b><i>",
    "&lt;&amp;",
    "a\x00b\x0bc\x1f",
    "\u200b\u200e\u202e",
    "🙂" * 50,
    "跳过",
    "是",
    "否",
    "完成",
    "取消",
    "项" * 4000,
    "line1\nline2\n\n\nline3",
    "NULL",
    "' OR 1=1 --",
]


def form_states() -> list[State]:
    for info in pkgutil.walk_packages(handlers.__path__, "handlers."):
        importlib.import_module(info.name)
    groups: list[type[StatesGroup]] = []
    stack = list(StatesGroup.__subclasses__())
    while stack:
        group = stack.pop()
        stack.extend(group.__subclasses__())
        if group.__module__.startswith("handlers."):
            groups.append(group)
    return sorted({s for g in groups for s in g.__all_states__}, key=lambda s: str(s.state))


def fuzzed(rng: random.Random) -> str:
    text = rng.choice(SEEDS)
    if rng.random() < 0.4:
        text = text + rng.choice(SEEDS)
    if rng.random() < 0.2:
        cut = rng.randrange(len(text) + 1)
        text = text[:cut] + chr(rng.randrange(0x20, 0x3000)) + text[cut:]
    text = text[:4096]
    return text if text.strip() else "."


def _where(record: logging.LogRecord) -> str:
    """The error and the line of zsbot's code that raised it (the sweep's report)."""
    if not record.exc_info or record.exc_info[1] is None:
        return record.getMessage()
    error = record.exc_info[1]
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/.venv/" not in f.filename]
    where = f"{frames[-1].filename.rsplit('/', 2)[-2:]}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__}: {str(error)[:80]} at {where}"


def test_the_sweep_covers_every_form() -> None:
    names = {str(s.state).split(":")[0] for s in form_states()}
    assert len(names) >= 5, names


async def test_fuzzed_messages_in_every_form_state(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await seed_county(db)
    user = emulator.add_user("全能", language_code="zh")
    roles = [Role.CADRE, Role.PROJECT_LEAD, Role.OFFICE, Role.ADMIN, Role.GROUP_LEADER]
    await add_person(db, "全能", roles, telegram_id=user.id)
    states = form_states()
    per_state = TOTAL // len(states)
    rng = random.Random(1717)
    key = StorageKey(bot_id=zsbot.bot.id, chat_id=user.id, user_id=user.id)
    context = FSMContext(storage=zsbot.dp.storage, key=key)
    sent = 0
    with caplog.at_level(logging.ERROR):
        for state in states:
            for _ in range(per_state):
                await context.set_state(state)  # every message starts in the state under test,
                message = emulator.send_text(user, fuzzed(rng))  # its form's answers lost
                assert message.update_id is not None
                await emulator.wait_handled(message.update_id, timeout=30)
                sent += 1
    assert sent >= TOTAL - len(states)
    errors = [_where(r) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, Counter(errors).most_common()
    assert all("系统出错了" not in m.text for m in tg.messages(user))
