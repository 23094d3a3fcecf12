"""CPU off the loop: while the sender draws a digest's chart, people's messages are still answered."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest

from bot.runner import Running
from db.database import Database
from handlers.office import digest_text
from tests.e2e.conftest import run_job
from tests.support.office import bind_chat, county_with_users
from tests.support.outbox import outbox_settled
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

PNG = b"\x89PNG\r\n\x1a\n"


async def test_updates_are_answered_while_a_digest_chart_is_drawn(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "张三")
    office_chat = emulator.add_group("指挥部工作群")
    await bind_chat(db, office_chat.id)

    drawing, release = threading.Event(), threading.Event()
    released_by_test: list[bool] = []
    draw = digest_text.chart_attachment

    def slow_chart(board: object) -> object:
        """The chart takes as long as the test wants: if this ran on the event loop, nothing could
        answer the message below and release it, and the wait would end by its timeout instead."""
        drawing.set()
        released_by_test.append(release.wait(timeout=15))
        return draw(board)  # type: ignore[arg-type]

    monkeypatch.setattr(digest_text, "chart_attachment", slow_chart)
    assert (await run_job(zsbot, "office_digest", dt.date(2026, 11, 25))).count == 1
    zsbot.sender.wake()  # type: ignore[union-attr]
    assert await asyncio.to_thread(drawing.wait, 15), "the sender never started the digest"

    answer = await tg.say(users["张三"], "/help")  # answered while the chart is being drawn
    assert "张三" in answer.text
    release.set()

    await outbox_settled(db, prefix="digest:", done=1)
    assert released_by_test == [True]
    chart = await tg.next_notification(office_chat)
    assert chart.photo is not None and chart.photo.data.startswith(PNG)
