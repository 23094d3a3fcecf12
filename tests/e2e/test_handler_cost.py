"""Handler cost (issue 18): what an update costs the database, counted, not timed.

Each update costs one trip to the database to be taken in (db/intake.py: the claim of its id, kept
with the payload until it is done — issue 17's durable updates —, its sender, where needed its
form, and the marks "done" of the updates finished meanwhile), then one short transaction per
write of its use case. Counted per update in the update's own task: the intake's trips and
SQLAlchemy's ``begin`` events.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bot.runner import Running
from bot.telegram_session import current_update_id
from db.database import Database
from db.enums import Language, Role
from db.intake import UpdateIntake
from db.models import Person, ProcessedUpdate
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


@contextmanager
def counting_begins(db: Database) -> Iterator[Counter[int]]:
    """Transactions per update id (those made while handling that update): the intake's trip, and
    the BEGINs SQLAlchemy sends (the intake's own statement on PostgreSQL runs in autocommit)."""
    begins: Counter[int] = Counter()

    def count() -> None:
        update_id = current_update_id.get()
        if update_id is not None:
            begins[update_id] += 1

    def on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            count()

    real_take_in = UpdateIntake.take_in

    async def take_in(self: UpdateIntake, *args: Any, **kwargs: Any) -> Any:
        count()
        return await real_take_in(self, *args, **kwargs)

    event.listen(db.engine.sync_engine, "begin", on_begin)
    UpdateIntake.take_in = take_in  # type: ignore[method-assign]
    try:
        yield begins
    finally:
        UpdateIntake.take_in = real_take_in  # type: ignore[method-assign]
        event.remove(db.engine.sync_engine, "begin", on_begin)


async def _done(db: Database, update_id: int) -> None:
    while True:
        async with db.transaction() as tx:
            row = await tx.session.get(ProcessedUpdate, update_id)
            if row is not None and row.done:
                return
        await asyncio.sleep(0.02)


@BOTH_BACKENDS
async def test_help_a_press_and_a_trip_line_each_cost_one_transaction_after_the_claim(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "/lang")
    with counting_begins(zsbot.services.db) as begins:
        help_ = await tg.say(zhang.user, "/help")
        assert "/trip" in help_.text
        pressed = (await tg.press(zhang.user, card, "中文")).update_id
        trip = await tg.say(zhang.user, "明天去深圳拜访华为，后天返回")
        assert "深圳" in trip.text and "华为" in trip.text
        for update_id in list(begins):
            await _done(db, update_id)
    # the claim with the person and (PostgreSQL) the chat's form; SQLite knows the form in memory
    assert begins[help_.update_id] == 1, dict(begins)
    # + the menu recorded: the language is the same, but no menu was set in this chat yet
    assert begins[pressed] == 2, dict(begins)
    # + the use case: the people it may name as companions (a read: a deferred transaction on
    # SQLite, autocommit on PostgreSQL) and the draft (no empty FSM writes for the form it clears)
    assert begins[trip.update_id] == (3 if db.is_sqlite else 2), dict(begins)


@BOTH_BACKENDS
async def test_a_trip_line_sends_each_statement_once(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    """After the intake: the people it may name, the clashes, whether the companion is active, the
    stale drafts, the draft with its leg, companion and audit, the card's people (names and work
    group in one statement, not a `Person` with its roles, unit and work group in four); the draft
    is inserted whole, not inserted then updated."""
    from core.trips.facts import trip_payload
    from tests.support.factories import add_group

    zhang = await persona("张三", [Role.CADRE])
    group = await add_group(db, "产业招商组")
    li = await persona("李四", [Role.CADRE])
    async with db.transaction() as tx:
        person = await tx.people.get(zhang.person.id)
        assert person is not None
        person.work_group_id = group.id
    await tg.say(zhang.user, "/lang")
    statements: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if current_update_id.get() is not None and not statement.lstrip().startswith("WITH"):
            words = statement.split()
            table = words[words.index("FROM") + 1] if words[0] == "SELECT" else words[2]
            statements.append(f"{words[0]} {table}")

    event.listen(zsbot.services.db.engine.sync_engine, "before_cursor_execute", on_execute)
    try:
        card = await tg.say(zhang.user, "明天和李四去深圳拜访华为，后天返回")
    finally:
        event.remove(zsbot.services.db.engine.sync_engine, "before_cursor_execute", on_execute)
    assert "李四" in card.text and "深圳" in card.text
    async with db.read() as tx:  # what the card is made of, as the office will be told it
        [draft] = await tx.trips.drafts_created_before(
            zhang.person.id, dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
        )
        assert [c.person_id for c in draft.companions] == [li.person.id]
        payload = await trip_payload(tx, draft)
    assert (payload["cadre"], payload["group"], payload["companions"]) == ("张三", "产业招商组", ["李四"])
    assert statements == [
        "SELECT people",
        "SELECT trips",
        "SELECT people",
        "SELECT trips",
        "INSERT trips",
        "INSERT trip_companions",
        "INSERT trip_legs",
        "INSERT audit_log",
        "SELECT people",
    ], statements


@BOTH_BACKENDS
async def test_a_trip_line_loads_only_the_people_it_can_name(db: Database) -> None:
    """Companions are looked for among the people whose name occurs in the line, not the whole
    campaign per trip line (same answer: a name that does not occur cannot be named)."""
    from tests.support.factories import add_person

    li = await add_person(db, "李四")
    wang = await add_person(db, "王五")
    await add_person(db, "赵六")
    line = "明天和李四、王五去深圳"
    async with db.read() as tx:
        assert await tx.trips.active_names(within=[line]) == [(li.id, "李四"), (wang.id, "王五")]
        assert await tx.trips.active_names(within=["明天去深圳"]) == []
        assert len(await tx.trips.active_names()) == 3


@BOTH_BACKENDS
async def test_a_language_press_sets_the_menu_only_when_it_changes(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, emulator: BotApiEmulator
) -> None:
    """The menu set in a chat is keyed on the person: an unchanged one costs no Telegram call and no
    write; a new language, or a new role, sets it again."""
    zhang = await persona("张三", [Role.CADRE])
    chat = {"type": "chat", "chat_id": zhang.user.id}

    async def press(label: str) -> tuple[int, int]:
        """(menu calls, transactions) of one press of `label` on a fresh /lang card."""
        card = await tg.say(zhang.user, "/lang")
        before = emulator.stats.requests["setMyCommands"]
        with counting_begins(zsbot.services.db) as begins:
            pressed = await tg.press(zhang.user, card, label)
            await _done(db, pressed.update_id)
        return emulator.stats.requests["setMyCommands"] - before, begins[pressed.update_id]

    assert await press("中文") == (1, 2)  # first time in this chat: set and recorded
    assert "trip" in [c["command"] for c in emulator.commands(chat)]
    assert await press("中文") == (0, 1)  # nothing changed: only the claim
    assert await press("English") == (1, 3)  # the language stored, the menu set, recorded
    assert any(c["description"] == "Help" for c in emulator.commands(chat))
    async with db.transaction() as tx:
        stored = await tx.people.get(zhang.person.id)
        assert stored is not None and stored.language == Language.EN
        tx.people.set_roles(stored, [Role.CADRE, Role.PROJECT_LEAD])
    assert await press("English") == (1, 2)  # a new role: a new menu
    assert "progress" in [c["command"] for c in emulator.commands(chat)]
    assert await press("English") == (0, 1)


async def test_the_sandbox_sets_menus_again_though_the_person_has_one_recorded(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, emulator: BotApiEmulator
) -> None:
    """Without the people service (the sandbox: its emulator forgets menus), a menu is always set."""
    from handlers import menu_commands
    from handlers.shared.menu import set_person_menu

    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "/lang")
    await tg.press(zhang.user, card, "中文")  # recorded
    person = await zsbot.services.people.by_telegram_id(zhang.user.id)
    assert isinstance(person, Person) and person.menu_key is not None
    before = emulator.stats.requests["setMyCommands"]
    await set_person_menu(zsbot.bot, person, "zh", menu_commands())
    assert emulator.stats.requests["setMyCommands"] == before + 1


@BOTH_BACKENDS
async def test_a_form_changed_elsewhere_is_seen_by_the_next_update(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    """PostgreSQL: the form is read with each update's claim, never kept between updates (another
    replica may have changed it); SQLite: one process owns the file, every write goes through its
    storage."""
    from aiogram.fsm.storage.base import StorageKey

    zhang = await persona("张三", [Role.CADRE])
    assert "没有进行中" in (await tg.say(zhang.user, "/cancel")).text
    key = StorageKey(bot_id=zsbot.bot.id, chat_id=zhang.user.id, user_id=zhang.user.id)
    storage = zsbot.dp.fsm.storage
    if db.is_sqlite:
        await storage.set_state(key, "TripForm:text")  # the process's own write
    else:
        from bot.fsm_storage import DatabaseStorage

        await DatabaseStorage(db).set_state(key, "TripForm:text")  # another replica's write
    assert "已取消" in (await tg.say(zhang.user, "/cancel")).text
    assert await storage.get_state(key) is None
    assert "没有进行中" in (await tg.say(zhang.user, "/cancel")).text
