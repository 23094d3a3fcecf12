"""Webhook mode under a backlog: at most ZSBOT_UPDATES_IN_HAND updates are handled at once; a request
beyond them is answered only when one finishes (Telegram keeps the rest), and one still waiting when
the bot stops is refused (503: Telegram delivers it again), never answered 200 and dropped."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.runner import Running
from bot.settings import Settings
from bot.webhook_input import CheckedRequestHandler
from core.clock import TickingClock
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import MakePersona, Persona
from tests.e2e.test_webhook import SECRET, serving_hooked
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


class Gate:
    """Holds every update at the dispatcher's door until opened; notes which ones came in."""

    def __init__(self, app: Running, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = asyncio.Event()
        self.entered: list[int] = []
        feed = app.dp.feed_update

        async def gated(bot: Any, update: Any, **kwargs: Any) -> Any:
            self.entered.append(update.update_id)
            await self.opened.wait()
            return await feed(bot, update, **kwargs)

        monkeypatch.setattr(app.dp, "feed_update", gated)

    async def entering(self, n: int) -> None:
        async with asyncio.timeout(5):
            while len(self.entered) < n:  # noqa: ASYNC110 (a test's probe)
                await asyncio.sleep(0.01)


@dataclass
class Held:
    """zsbot in webhook mode with two updates in hand at most, a cadre, and the gate before its dispatcher."""

    app: Running
    url: str
    cadre: Persona
    gate: Gate

    @property
    def intake(self) -> CheckedRequestHandler:
        assert self.app.intake is not None
        return self.app.intake

    async def waiting(self, n: int) -> None:
        async with asyncio.timeout(5):
            while self.intake.waiting < n:  # noqa: ASYNC110 (the intake offers no event for it)
                await asyncio.sleep(0.01)


@pytest.fixture
async def held(
    settings: Settings,
    db: Database,
    clock: TickingClock,
    persona: MakePersona,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Held]:
    async with serving_hooked(settings, clock, updates_in_hand=2) as (app, url):
        cadre = await persona("张三", [Role.CADRE])
        yield Held(app, url, cadre, Gate(app, monkeypatch))


def _help(update_id: int, user_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1764000000,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "张三"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


async def _post(http: aiohttp.ClientSession, url: str, update_id: int, user_id: int) -> int:
    async with http.post(url, json=_help(update_id, user_id), headers=HEADERS) as response:
        return response.status


async def _metric(http: aiohttp.ClientSession, app: Running, name: str) -> float:
    async with http.get(f"http://127.0.0.1:{app.settings.webhook_port}/metrics") as response:
        text = await response.text()
    return next(float(line.split()[1]) for line in text.splitlines() if line.startswith(name + " "))


async def test_beyond_the_updates_in_hand_a_request_is_answered_when_one_finishes(
    held: Held, tg: TelegramTester
) -> None:
    app, gate = held.app, held.gate
    async with aiohttp.ClientSession() as http:
        post = functools.partial(_post, http, held.url, user_id=held.cadre.id)
        first = [asyncio.create_task(post(i)) for i in (101, 102)]
        assert await asyncio.gather(*first) == [200, 200]  # answered at once, handled in the background
        await gate.entering(2)
        third = asyncio.create_task(post(103))
        await asyncio.sleep(0.3)
        assert not third.done()  # held: two are in hand
        assert gate.entered == [101, 102]
        assert (held.intake.in_hand, held.intake.waiting) == (2, 1)
        assert await _metric(http, app, "zsbot_updates_in_hand") == 2
        assert await _metric(http, app, "zsbot_updates_waiting") == 1
        gate.opened.set()
        assert await asyncio.wait_for(third, 5) == 200
    for update_id in (101, 102, 103):  # every one handled, none lost
        assert "张三" in (await tg.answer_to(update_id)).text
    assert gate.entered == [101, 102, 103]


async def test_a_request_still_waiting_at_shutdown_is_refused_not_dropped(
    held: Held, tg: TelegramTester, emulator: BotApiEmulator
) -> None:
    """Through the emulator's own webhook delivery, as Telegram does it: the update refused at
    shutdown stays with Telegram, to be delivered to the next start."""
    ids = [emulator.send_text(held.cadre.user, "/help").update_id for _ in range(3)]
    await held.gate.entering(2)
    await held.waiting(1)  # the third is posted and held
    draining = asyncio.create_task(held.intake.drain(grace=5))
    await asyncio.sleep(0.1)
    held.gate.opened.set()  # the two in hand finish; the slot they free goes to no new update
    assert await asyncio.wait_for(draining, 5) == 0
    for update_id in ids[:2]:
        assert "张三" in (await tg.answer_to(update_id)).text  # type: ignore[arg-type]
    assert held.gate.entered == ids[:2]
    assert [u["update_id"] for u in emulator.pending_updates] == ids[2:]  # answered 503: still Telegram's
    assert held.intake.in_hand == 0 and held.intake.waiting == 0
