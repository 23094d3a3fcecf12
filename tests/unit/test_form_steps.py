"""The step engine: a read or press lands in the FSM data before the next question; a refused one
stores nothing and asks nothing; a Button goes elsewhere; settling happens before or after asking."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from core.errors import Invalid
from handlers.shared import form_steps
from handlers.shared.form_steps import Button, Form, Step, Turn
from handlers.shared.i18n import Safe


class Act(StrEnum):
    KEEP = "k"
    JUMP = "j"


class Cb(CallbackData, prefix="z9"):
    action: Act


class Demo(StatesGroup):
    name = State()


@dataclass(frozen=True)
class Deps:
    greeting: str


def _state() -> FSMContext:
    return FSMContext(MemoryStorage(), StorageKey(bot_id=1, chat_id=2, user_id=3))


async def _read(turn: Turn[Deps], text: str) -> None:
    if not text.strip():
        raise Invalid("error.invalid")
    turn.data["name"] = text.strip()


async def _keep(turn: Turn[Deps], callback_data: Any) -> Safe:
    return Safe(turn.data.get("name", "-"))


def _setup(log: list[str], settle_first: bool = False) -> tuple[Form[Deps], Step[Deps]]:
    async def settle(query: Any, shown: Safe | None) -> None:
        log.append(f"settle {shown}")

    async def then(turn: Turn[Deps]) -> None:
        log.append(f"then {turn.deps.greeting} {turn.data.get('name')}")

    async def elsewhere(turn: Turn[Deps]) -> None:
        log.append("elsewhere")

    step = Step(Demo.name, then, _read, {Act.KEEP: _keep, Act.JUMP: Button(_keep, then=elsewhere)})
    return Form(Cb, Deps, settle, settle_first=settle_first), step


async def test_a_typed_answer_is_stored_before_the_next_question() -> None:
    log: list[str] = []
    form, step = _setup(log)
    state = _state()
    handler = form_steps.typed_handler(form, step)
    await handler(SimpleNamespace(text=" 张三 "), state, greeting="hi", unrelated=1)
    assert await state.get_data() == {"name": "张三"}
    assert log == ["then hi 张三"]


async def test_a_refused_answer_stores_nothing_and_asks_nothing() -> None:
    log: list[str] = []
    form, step = _setup(log)
    state = _state()
    await state.set_data({"name": "李四"})
    with pytest.raises(Invalid):
        await form_steps.typed_handler(form, step)(SimpleNamespace(text="  "), state, greeting="hi")
    assert await state.get_data() == {"name": "李四"}
    assert log == []


@pytest.mark.parametrize(
    ("settle_first", "action", "expected"),
    [
        (False, Act.KEEP, ["then hi 李四", "settle 李四"]),
        (True, Act.KEEP, ["settle 李四", "then hi 李四"]),
        (False, Act.JUMP, ["elsewhere", "settle 李四"]),
    ],
)
async def test_a_button_moves_on_and_settles_the_pressed_message(
    monkeypatch: pytest.MonkeyPatch, settle_first: bool, action: Act, expected: list[str]
) -> None:
    log: list[str] = []
    form, step = _setup(log, settle_first)
    monkeypatch.setattr(form_steps, "pressed_message", lambda query: query.message)
    state = _state()
    await state.set_data({"name": "李四"})
    query = SimpleNamespace(message=object())
    await form_steps.pressed_handler(form, step)(query, Cb(action=action), state, greeting="hi")
    assert log == expected
