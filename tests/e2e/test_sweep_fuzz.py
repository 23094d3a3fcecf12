"""Fuzzed-update sweep (issue 17, bounded): 2,000 hostile or careless messages — empty-ish,
control characters, markup, huge numbers, lone "/", commands with junk, dates that do not exist —
sent in every form state of every feature, by a person holding every role. Each is handled, and
none ends in the "unexpected error" answer or an error in the log.

The form states are reached through the real flows first (a crawler presses the buttons and types
plausible answers over HTTP, keeping the state and form data each step leaves), so every fuzzed
message meets a form with its answers so far. The bulk is fed to the Dispatcher directly (the
answers still go to the emulator over HTTP); every 20th message takes the whole way through
Telegram (the emulator, long polling)."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import pkgutil
import random
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Update

import handlers
from bot.runner import Running
from db.database import Database
from db.enums import MilestoneKind, Role, TripStatus
from tests.conftest import NOW
from tests.e2e.conftest import run_job
from tests.support.factories import add_person
from tests.support.office import add_issue, add_milestone, add_project, add_trip, seed_county
from tests.support.outbox import outbox_drained
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.snapshots import BotMessage

pytestmark = pytest.mark.slow

TOTAL = 2000  # the issue's bound; every reached state gets its share
OVER_HTTP_EVERY = 20  # one message in 20 goes the whole way (emulator, polling); the rest are fed directly
CRAWL_BUDGET = 500  # actions the crawler may take to reach the form states
# Forms the crawler does not reach from its entries: a raised issue's text and confirmation, a return's
# confirmation, and the supervision steps that need an order in a given state (a typed unit name for an
# unassigned order, a reason to reopen a closing one); tests/e2e/test_supervision.py walks those.
NOT_CRAWLED = {
    "IssueForm:describe",
    "IssueForm:confirm",
    "ReturnForm:confirm",
    "IssueForm:reopen",
    "IssueForm:unit_name",
}
BUTTONS = 12  # buttons pressed per message shown (a calendar has forty)
ENTRIES = [
    "/trip",
    "明天去深圳拜访华为，后天返回",
    "/report",
    "/back",
    "/progress",
    "/issues",
    "/broadcast",
    "/brochure_add 全能的项目",
    "/mytrips",
    "/myprojects",
    "华为项目已开工，完成50%，到位资金3000万",
]
ANSWERS = [
    "深圳",
    "明天",
    "后天",
    "华为",
    "招商考察",
    "拜访华为，洽谈合作",
    "50%",
    "3000万",
    "开工",
    "今天",
    "需协调土地指标",
    "无",
    "跳过",
    "完成",
    "是",
]
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


@dataclass
class Snapshot:
    """A form state as a real flow left it: the state, its data, and the messages it was shown."""

    state: str | None
    data: dict[str, Any]
    shown: list[BotMessage] = field(default_factory=list)
    depth: int = 0

    @property
    def buttons(self) -> tuple[str, ...]:
        return tuple(b.text for m in self.shown for row in m.buttons for b in row)


class Sweep:
    def __init__(self, app: Running, emulator: BotApiEmulator, user: FakeUser) -> None:
        self.app = app
        self.emulator = emulator
        self.user = user
        key = StorageKey(bot_id=app.bot.id, chat_id=user.id, user_id=user.id)
        self.context = FSMContext(storage=app.dp.storage, key=key)
        self.fed = 0
        self.actions = 0

    async def restore(self, snap: Snapshot) -> None:
        await self.context.set_state(snap.state)
        await self.context.set_data(dict(snap.data))

    async def snapshot(self, update_id: int) -> Snapshot:
        shown = [BotMessage.capture(a.message) for a in self.emulator.answers_to(update_id)]
        return Snapshot(await self.context.get_state(), await self.context.get_data(), shown)

    async def say_over_http(self, text: str) -> int:
        message = self.emulator.send_text(self.user, text)
        assert message.update_id is not None
        await self.emulator.wait_handled(message.update_id, timeout=60)
        return message.update_id

    async def press_over_http(self, message: BotMessage, button: str) -> int | None:
        try:
            query = self.emulator.press(self.user, message.source, button)
        except Exception:  # the message went (deleted) or the button is a link: nothing to press
            return None
        assert query.update_id is not None
        await self.emulator.wait_handled(query.update_id, timeout=60)
        return query.update_id

    async def feed(self, text: str) -> None:
        """The message straight into the Dispatcher, as polling would pass it on."""
        self.fed += 1
        update = Update.model_validate(
            {
                "update_id": 900_000_000 + self.fed,
                "message": {
                    "message_id": 800_000_000 + self.fed,
                    "date": int(dt.datetime.now(dt.UTC).timestamp()),
                    "chat": {"id": self.user.id, "type": "private", "first_name": self.user.first_name},
                    "from": {
                        "id": self.user.id,
                        "is_bot": False,
                        "first_name": self.user.first_name,
                        "language_code": "zh",
                    },
                    "text": text,
                },
            },
            context={"bot": self.app.bot},
        )
        await self.app.dp.feed_update(self.app.bot, update)

    async def crawl(self, wanted: set[str], notices: list[BotMessage]) -> dict[str, Snapshot]:
        """Walk the real flows from no state: every entry and every button of the notifications
        received, then in each new state the buttons shown (a few a message) and plausible answers
        until one leads to a state not seen yet (the rest are tried later, budget permitting), and
        the lists and cards met on the way; keep the first snapshot of each state."""
        reached: dict[str, Snapshot] = {}
        frontier: deque[Snapshot] = deque([Snapshot(None, {}, notices)])  # form states first…
        menus_seen: deque[Snapshot] = deque()  # … then lists and cards whose buttons may open a form…
        later: deque[Snapshot] = deque()  # … then the answers a form state has not been tried with
        tried: set[tuple[str | None, str]] = set()
        menus: set[tuple[str, ...]] = set()  # stateless answers with buttons (a list, a card) explored
        actions = 0
        while (frontier or menus_seen or later) and actions < CRAWL_BUDGET and not wanted <= reached.keys():
            snap = (frontier or menus_seen or later).popleft()
            presses = [
                (m, b.text) for m in snap.shown for b in [b for row in m.buttons for b in row][:BUTTONS]
            ]
            steps: list[tuple[BotMessage, str] | str] = [
                *presses,
                *(ENTRIES if snap.state is None else ANSWERS),
            ]
            for step in steps:
                if actions >= CRAWL_BUDGET or wanted <= reached.keys():
                    break
                what = step if isinstance(step, str) else step[1]
                if snap.state is not None and (snap.state, what) in tried:
                    continue  # this answer in this state led nowhere new before
                tried.add((snap.state, what))
                await self.restore(snap)
                actions += 1
                if isinstance(step, str):
                    update_id: int | None = await self.say_over_http(step)
                else:
                    update_id = await self.press_over_http(*step)
                if update_id is None:
                    continue
                after = await self.snapshot(update_id)
                after.depth = snap.depth + 1
                if after.state is not None and after.state not in reached:
                    reached[after.state] = after
                    frontier.append(after)
                    if snap.state is not None:  # a form goes on: follow it first, try the rest later
                        later.append(snap)
                        break
                elif (
                    after.state is None and after.buttons and after.depth <= 2 and after.buttons not in menus
                ):
                    menus.add(after.buttons)  # e.g. /issues: a card whose button opens the form
                    menus_seen.append(after)
        self.actions = actions
        return reached


async def test_fuzzed_messages_in_every_form_state(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    county = await seed_county(db)
    user = emulator.add_user("全能", language_code="zh")
    roles = [Role.CADRE, Role.PROJECT_LEAD, Role.OFFICE, Role.ADMIN, Role.GROUP_LEADER]
    me = await add_person(db, "全能", roles, telegram_id=user.id, work_group=county.group1)
    today = NOW.date()
    await add_trip(
        db,
        me,
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=1),
        status=TripStatus.PLANNED,
        companions=[county.zhang],
    )
    project = await add_project(db, "全能的项目", group=county.group1, lead=me)
    await add_milestone(db, project, today + dt.timedelta(days=3), kind=MilestoneKind.START_CONSTRUCTION)
    # one no reminder is about: the reminder's own buttons may mark the first done (the crawl changes
    # the database as it goes), and the progress form's milestone steps still have one to offer
    await add_milestone(db, project, today + dt.timedelta(days=90), kind=MilestoneKind.PRODUCTION)
    await add_issue(db, 901, "土地指标待协调", NOW, project=project, raised_by=me)

    for job in ("milestone_reminders", "trip_report_reminder", "trip_return_prompt", "progress_requests"):
        await run_job(zsbot, job, today)
    await tg.next_notification(user, timeout=30)  # the reminders' buttons open forms too
    await outbox_drained(db, app=zsbot, timeout=60)  # all of them: a loaded machine delivers them late
    notices = [m for m in tg.messages(user) if m.buttons]

    sweep = Sweep(zsbot, emulator, user)
    # Fed one at a time, each update's "done" mark would wait DONE_DELAY for a next intake to carry
    # it (under real load one comes at once): 50 ms × 1,900 messages of nothing but waiting.
    zsbot.services.journal.done_delay = 0
    everything = {str(s.state) for s in form_states()}
    with caplog.at_level(logging.ERROR):
        reached = await sweep.crawl(everything, notices)
        missing = everything - reached.keys()
        # not reached by the crawler yet (their entry needs a step it does not guess): named, so a
        # new form state that it cannot reach fails here instead of going unfuzzed
        assert missing <= NOT_CRAWLED, f"not reached through the flows: {sorted(missing - NOT_CRAWLED)}"

        rng = random.Random(1717)
        where: list[str] = []
        snaps = [reached[name] for name in sorted(reached)]
        for n in range(TOTAL):
            snap = snaps[n % len(snaps)]
            await sweep.restore(snap)  # every message meets the form as its flow left it
            text = fuzzed(rng)
            before = len(caplog.records)
            if n % OVER_HTTP_EVERY == 0:
                await sweep.say_over_http(text)
            else:
                await sweep.feed(text)
            if len(caplog.records) > before:  # name the state and the text in the failure
                where.append(f"{snap.state}: {text[:40]!r} ({len(text)} characters)")
    errors = [_where(r) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, (Counter(errors).most_common(), where[:10])
    assert all("系统出错了" not in m.text for m in tg.messages(user))
    print(
        f"fuzzed {TOTAL} messages over {len(reached)} form states reached through the flows; not reached: {sorted(missing)}"
    )
