"""The central error handler: an unexpected failure is logged and the user told politely."""

from __future__ import annotations

import logging

import pytest
from aiogram import F, Router
from aiogram.types import Message

from bot.runner import Running
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.routers import insert_probe
from tgemu.client import TelegramTester


async def test_unexpected_error_is_logged_and_answered(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Router(name="broken")

    @broken.message(F.text == "boom")
    async def explode(message: Message) -> None:
        raise RuntimeError("kaboom")

    insert_probe(zsbot.dp, broken)
    cadre = await persona("张三", [Role.CADRE])
    with caplog.at_level(logging.ERROR):
        reply = await tg.say(cadre.user, "boom")
    assert "系统出错了" in reply.text and "编号" in reply.text
    ref = reply.text.split("编号 ")[1].split("）")[0]
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)
