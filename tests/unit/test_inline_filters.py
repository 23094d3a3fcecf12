"""Magic filters and FSM states are checked on the event loop; other sync filters keep their thread."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Chat, Message, Update, User

import handlers
from bot.inline_filters import inline_pure_filters
from tgemu.constants import DEFAULT_TOKEN


class Form(StatesGroup):
    asked = State()


def _update(text: str, chat_type: str = "private") -> Update:
    user = User(id=7, is_bot=False, first_name="张三")
    chat = Chat(id=7 if chat_type == "private" else -100, type=chat_type)
    message = Message(message_id=1, date=dt.datetime.now(dt.UTC), chat=chat, from_user=user, text=text)
    return Update(update_id=1, message=message)


def _router(threaded: list[str]) -> Router:
    router = Router()
    router.message.filter(F.chat.type == "private")

    def sync_check(message: Message) -> bool:  # not pure by kind: stays in aiogram's thread
        threaded.append(message.text or "")
        return message.text == "sync"

    async def answer_a(message: Message) -> str:
        return "a"

    async def answer_state(message: Message) -> str:
        return "state"

    async def answer_sync(message: Message) -> str:
        return "sync"

    router.message.register(answer_a, F.text == "a")
    router.message.register(answer_state, Form.asked)
    router.message.register(answer_sync, sync_check)
    return router


@pytest.fixture
def thread_hops(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    hops: list[Any] = []
    real = asyncio.to_thread

    async def counted(func: Any, /, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    return hops


async def test_magic_and_state_filters_route_as_before_without_a_thread(thread_hops: list[Any]) -> None:
    threaded: list[str] = []
    dp = Dispatcher()
    dp.include_router(_router(threaded))
    assert inline_pure_filters(dp) == 3  # the router's chat filter, F.text, the state
    bot = Bot(DEFAULT_TOKEN)
    try:
        assert await dp.feed_update(bot, _update("a")) == "a"
        assert thread_hops == []
        assert await dp.feed_update(bot, _update("a", "group")) is UNHANDLED  # the router's chat filter
        assert await dp.feed_update(bot, _update("sync")) == "sync"  # its own check ran in a thread
        assert threaded == ["sync"] and len(thread_hops) == 1
        state = dp.fsm.get_context(bot, chat_id=7, user_id=7)
        await state.set_state(Form.asked)
        assert await dp.feed_update(bot, _update("anything")) == "state"
    finally:
        await bot.session.close()


def test_no_magic_or_state_filter_of_zsbot_is_left_to_a_thread() -> None:
    dp = Dispatcher()
    dp.include_routers(*handlers.routers())
    assert inline_pure_filters(dp) > 50
    assert inline_pure_filters(dp) == 0  # nothing left, and nothing wrapped twice
