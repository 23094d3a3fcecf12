"""Durable update handling (issue 17): an update met with the database down is handled once the
database is back (polling had already confirmed it to Telegram), or the person is asked to resend
what was lost; an update whose handling was cut short (the process died) is handled at the next start."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from aiogram import F, Router
from aiogram.types import Chat, Message, Update, User
from sqlalchemy.exc import OperationalError

from bot.middlewares import UpdateDedupeMiddleware
from bot.runner import Running, replay_unfinished, unfinished_updates
from db.database import Database
from db.enums import Role
from db.models import ProcessedUpdate
from db.tx import Tx
from tests.e2e.conftest import MakePersona
from tests.support.routers import insert_probe
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


class Outage:
    """Makes every database transaction of the running bot fail while `down` is set (the ORM's,
    and the update intake's own trip)."""

    def __init__(self, app: Running, monkeypatch: pytest.MonkeyPatch) -> None:
        self.down = False
        self.failed = 0
        self.seen_failures = asyncio.Event()
        real = app.services.db.transaction

        @asynccontextmanager
        async def transaction() -> AsyncIterator[Tx]:
            self._fail_when_down()
            async with real() as tx:
                yield tx

        monkeypatch.setattr(app.services.db, "transaction", transaction)
        intake = _durable(app).journal.intake
        for name in ("take_in", "finish"):
            monkeypatch.setattr(intake, name, self._failing(getattr(intake, name)))

    def _fail_when_down(self) -> None:
        if self.down:
            self.failed += 1
            if self.failed >= 3:
                self.seen_failures.set()
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    def _failing(self, real: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def call(*args: Any, **kwargs: Any) -> Any:
            self._fail_when_down()
            return await real(*args, **kwargs)

        return call


def _durable(app: Running) -> UpdateDedupeMiddleware:
    return next(m for m in app.dp.update.outer_middleware if isinstance(m, UpdateDedupeMiddleware))


async def test_a_message_during_an_outage_is_handled_when_the_database_is_back(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    persona: MakePersona,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    outage = Outage(zsbot, monkeypatch)
    outage.down = True
    sent = emulator.send_text(cadre.user, "/help")
    await outage.seen_failures.wait()  # the bot tried, and failed, several times
    assert tg.messages(cadre.user) == []  # no "系统出错了" meanwhile
    outage.down = False
    answer = await tg.answer_to(sent, timeout=30)
    assert "系统出错了" not in answer.text and answer.text


async def test_when_the_outage_lasts_the_person_is_asked_to_resend_what_was_lost(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    persona: MakePersona,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    _durable(zsbot).retry_seconds = 0.5
    outage = Outage(zsbot, monkeypatch)
    outage.down = True
    sent = emulator.send_text(cadre.user, "明天去深圳拜访华为")
    answer = await tg.answer_to(sent, timeout=30)
    assert "未能处理" in answer.text and "明天去深圳拜访华为" in answer.text and "重新发送" in answer.text


class Killed(BaseException):
    """Stands for the process being killed mid-handling: nothing after it runs."""


async def test_an_upload_cut_short_by_a_crash_is_handled_at_the_next_start(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    started = asyncio.Event()
    runs: list[str] = []
    probe = Router(name="probe")

    @probe.message(F.document)
    async def take_upload(message: Message) -> None:
        assert message.document is not None and message.bot is not None
        runs.append(message.document.file_name or "")
        if len(runs) == 1:
            started.set()
            raise Killed  # the first run dies with the process
        data = await message.bot.download(message.document)
        assert data is not None
        await message.answer(f"收到 {message.document.file_name}：{len(data.read())} 字节")

    insert_probe(zsbot.dp, probe)

    sent = emulator.send_document(office.user, b"a,b\n1,2\n", "plan.csv")
    await started.wait()
    async with db.transaction() as tx:
        row = await tx.session.get(ProcessedUpdate, sent.update_id)
        assert row is not None and not row.done and row.payload  # kept until handled

    assert await replay_unfinished(zsbot) == 1  # what `zsbot run` does at start-up
    answer = await tg.answer_to(sent)
    assert answer.text == "收到 plan.csv：8 字节"
    async with db.transaction() as tx:
        row = await tx.session.get(ProcessedUpdate, sent.update_id)
        assert row is not None and row.done and row.payload is None
        unfinished = await tx.session.scalar(
            sa.select(sa.func.count()).select_from(ProcessedUpdate).where(ProcessedUpdate.done.is_(False))
        )
    assert unfinished == 0
    assert await replay_unfinished(zsbot) == 0 and runs == ["plan.csv", "plan.csv"]


async def test_an_update_taken_in_after_the_start_up_read_is_not_replayed(zsbot: Running) -> None:
    """`zsbot run` reads the unfinished updates before its intake starts: an update the new process
    has just taken in (in hand, hence unfinished) is not handled a second time by the replay."""
    before = await unfinished_updates(zsbot)
    assert await zsbot.services.journal.take_in(990_001, '{"update_id": 990001}', None) is not None
    if zsbot.services.db.is_sqlite:  # every unfinished one counts there: read now, it would be replayed
        assert [update_id for update_id, _ in await unfinished_updates(zsbot)] == [990_001]
    assert await replay_unfinished(zsbot, before) == 0


async def test_replayed_updates_are_marked_done_without_waiting_for_new_ones(
    zsbot: Running, db: Database, persona: MakePersona
) -> None:
    """Replays run one after the other at start-up: each update's mark "done" is committed at once,
    not left for an intake that may not come (with nothing else arriving, a wait for each)."""
    office = await persona("王主任", [Role.OFFICE])
    zsbot.services.journal.done_delay = 30  # what a mark left for the next intake would wait here
    user = User(id=office.user.id, is_bot=False, first_name="王")
    ids = [990_201, 990_202, 990_203]
    for n, update_id in enumerate(ids):
        message = Message(
            message_id=9_000 + n,
            date=dt.datetime.now(dt.UTC),
            chat=Chat(id=user.id, type="private"),
            from_user=user,
            text="/help",
        )
        payload = Update(update_id=update_id, message=message).model_dump_json(exclude_none=True)
        assert await zsbot.services.journal.take_in(update_id, payload, None) is not None

    assert await asyncio.wait_for(replay_unfinished(zsbot), 10) == 3
    async with db.transaction() as tx:
        rows = (
            await tx.session.scalars(sa.select(ProcessedUpdate).where(ProcessedUpdate.update_id.in_(ids)))
        ).all()
    assert sorted((r.update_id, r.done, r.payload) for r in rows) == [(i, True, None) for i in ids]
