"""Forms as step tables: each step says how to read a typed answer, what its buttons do and what
comes next; `register_steps` writes the typed/kept/skipped handlers for a whole table.

A form declares its steps as data plus small functions over a `Turn` (the message to answer in, the
FSM state, the form data and the form's typed dependencies). The answers stay in the FSM data
(database or Redis) under the form's own keys, so a half-filled form survives a restart and the
buttons keep their callback data. A read or press that refuses the input raises core's `Invalid`
(or `Expired`); nothing is stored then and the step stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from core.errors import Invalid
from handlers.shared.errors import error_text
from handlers.shared.filters import TYPED_TEXT
from handlers.shared.i18n import Safe
from handlers.shared.pressed import pressed_message

D = TypeVar("D")


@dataclass
class Turn(Generic[D]):
    """One answer to one step: where to ask the next question, the state, the form data (saved by
    the engine after a read or press), the form's dependencies."""

    target: Message
    state: FSMContext
    data: dict[str, Any]
    deps: D


Ask = Callable[[Turn[D]], Awaitable[None]]
Read = Callable[[Turn[D], str], Awaitable[None]]
Press = Callable[[Turn[D], Any], Awaitable[Safe | None]]
"""A button: records its choice in `turn.data` (given the callback data); returns what to write
under the pressed message, or None."""


async def no_change(turn: Turn[Any], callback_data: Any) -> None:
    """A button that only moves on (e.g. "keep the current value")."""


@dataclass(frozen=True)
class Button(Generic[D]):
    """A press that moves somewhere else than the step's `then`."""

    press: Press[D]
    then: Ask[D]


@dataclass(frozen=True)
class Step(Generic[D]):
    state: State
    then: Ask[D]  # asks the next step (it may branch on the data)
    typed: Read[D] | None = None  # a typed answer into the data; raises Invalid for bad input
    buttons: Mapping[Enum, Press[D] | Button[D]] = field(default_factory=dict)  # by callback action


class _ActionData(Protocol):
    action: Any


@dataclass(frozen=True)
class Form(Generic[D]):
    """What the steps of one form share."""

    callback: type[CallbackData]  # the form's buttons (an `action` field)
    deps: type[D]  # a dataclass of handler arguments (person, services) built for every turn
    settle: Callable[[CallbackQuery, Safe | None], Awaitable[None]]  # the pressed message, the query
    settle_first: bool = False  # settle before asking the next step, not after


def _deps(form: Form[D], kwargs: dict[str, Any]) -> D:
    names = [f.name for f in dataclasses.fields(form.deps)]  # type: ignore[arg-type]
    return form.deps(**{name: kwargs[name] for name in names})


def typed_handler(form: Form[D], step: Step[D]) -> Callable[..., Awaitable[None]]:
    read = step.typed
    assert read is not None

    async def typed(message: Message, state: FSMContext, **kwargs: Any) -> None:
        assert message.text is not None
        turn = Turn(message, state, await state.get_data(), _deps(form, kwargs))
        await read(turn, message.text)
        await state.set_data(turn.data)
        await step.then(turn)

    return typed


def pressed_handler(form: Form[D], step: Step[D]) -> Callable[..., Awaitable[None]]:
    async def pressed(
        query: CallbackQuery, callback_data: _ActionData, state: FSMContext, **kwargs: Any
    ) -> None:
        turn = Turn(pressed_message(query), state, await state.get_data(), _deps(form, kwargs))
        button = step.buttons[callback_data.action]
        press, then = (button.press, button.then) if isinstance(button, Button) else (button, step.then)
        try:
            shown = await press(turn, callback_data)
        except Invalid as error:
            # a refused choice (a date that clashes, a trip too long) is said in the chat, where the
            # question stays, and not only in the passing alert the error handler shows
            await turn.target.answer(error_text(error))
            raise

        await state.set_data(turn.data)
        if form.settle_first:
            await form.settle(query, shown)
        await then(turn)
        if not form.settle_first:
            await form.settle(query, shown)

    return pressed


def register_steps(router: Router, form: Form[D], steps: tuple[Step[D], ...]) -> None:
    """For each step: its typed answer (text, not a command) and its buttons, filtered by state."""
    for step in steps:
        if step.typed is not None:
            router.message.register(typed_handler(form, step), step.state, TYPED_TEXT)
        if step.buttons:
            actions = F.action.in_(set(step.buttons))
            router.callback_query.register(
                pressed_handler(form, step), step.state, form.callback.filter(actions)
            )
