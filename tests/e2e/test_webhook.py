"""Webhook mode: the emulator delivers updates by POST with the secret token; others are refused."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.runner import Running, running_app, serving_webhook
from bot.settings import Settings
from core.clock import TickingClock
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

SECRET = "s3cret-Token_for-tests"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def serving_hooked(
    settings: Settings, clock: TickingClock, **changes: Any
) -> AsyncIterator[tuple[Running, str]]:
    """zsbot in webhook mode on a free local port (with `changes` to its settings): (app, hook URL)."""
    port = _free_port()
    hooked = settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}",
            "webhook_secret": SecretStr(SECRET),
            "webhook_host": "127.0.0.1",
            "webhook_port": port,
            **changes,
        }
    )
    async with running_app(hooked, clock=clock, migrate=False) as app, serving_webhook(app) as url:
        yield app, url


@pytest.fixture
async def webhook_app(
    settings: Settings, db: Database, clock: TickingClock
) -> AsyncIterator[tuple[Running, str]]:
    async with serving_hooked(settings, clock) as served:
        yield served


async def test_updates_arrive_by_webhook_with_the_secret(
    webhook_app: tuple[Running, str], tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    assert emulator.webhook is not None and emulator.webhook.secret_token == SECRET
    reply = await tg.say(cadre.user, "/help")
    assert "张三" in reply.text
    health_url = f"http://127.0.0.1:{webhook_app[0].settings.webhook_port}/healthz"
    async with aiohttp.ClientSession() as http, http.get(health_url) as health:
        body = await health.json()
    assert health.status == 200 and body["ok"] and body["outbox"]["dead"] == 0


async def test_requests_without_the_secret_are_refused_and_repeats_processed_once(
    webhook_app: tuple[Running, str], tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    _, url = webhook_app
    cadre = await persona("张三", [Role.CADRE])
    update = {
        "update_id": 777,
        "message": {
            "message_id": 1,
            "date": 1764000000,
            "chat": {"id": cadre.id, "type": "private"},
            "from": {"id": cadre.id, "is_bot": False, "first_name": "张三"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=update) as no_secret:
            assert no_secret.status == 401
        async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as wrong:
            assert wrong.status == 401
        for _ in range(2):  # Telegram redelivers when unsure
            async with http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as ok:
                assert ok.status == 200
    first = await tg.answer_to(update["update_id"])  # type: ignore[arg-type]
    assert "张三" in first.text
    again = await tg.quiet(cadre.user, "/help")  # the repeat was dropped: nothing came before this answer
    assert again.text == first.text
