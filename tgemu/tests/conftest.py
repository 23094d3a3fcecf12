"""Fixtures for the emulator's own tests: a fresh emulator and a real aiogram Bot per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.wiring import make_bot


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(webhook_retry_delay=0.05) as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    telegram_bot = make_bot(emu)
    yield telegram_bot
    await telegram_bot.session.close()


@pytest.fixture
def alice(emu: BotApiEmulator) -> FakeUser:
    return emu.add_user("Alice", last_name="Wang", username="alice", language_code="zh")


@pytest.fixture
def tg(emu: BotApiEmulator) -> TelegramTester:
    return TelegramTester(emu, timeout=3.0, settle=0.2)
