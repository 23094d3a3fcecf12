"""The trip form's questions: its states, its data (kept in the FSM data under these keys, so a
half-filled form resumes after a restart), and how each step asks. The answers are in form.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.clock import Clock
from core.trips import LegPlan, TripPlan, TripService
from db.models import Person
from handlers.shared import form_steps
from handlers.shared.calendar import calendar_keyboard
from handlers.shared.i18n import Safe, fmt_date, t
from handlers.trips.callbacks import MAX_LEGS, TripAction, TripCb, TripField, TripFieldCb
from handlers.trips.render import trip_card

START_CTX = "ts"
END_CTX = "te"


class TripForm(StatesGroup):
    text = State()  # /trip: waiting for the one-line description
    place = State()
    start = State()
    end = State()
    targets = State()
    purpose = State()
    companions = State()
    review = State()


FORM_STATES = [s for s in TripForm.__all_states__ if s != TripForm.text]

# --------------------------------------------------------------------------------------------- form data

Data = dict[str, Any]


def empty_leg() -> dict[str, Any]:
    return {
        "start": None,
        "end": None,
        "province": None,
        "city": None,
        "district": None,
        "place": None,
        "targets": None,
    }


def leg_of(data: Data) -> dict[str, Any]:
    return data["legs"][data["leg"]]


def day_of(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def leg_label(leg: dict[str, Any]) -> str:
    return LegPlan(
        dt.date.min, dt.date.min, leg["province"], leg["city"], leg["district"], leg["place"]
    ).label


def plan_of(data: Data) -> TripPlan:
    return TripPlan(
        legs=tuple(LegPlan.from_json(leg) for leg in data["legs"]),
        purpose=data.get("purpose"),
        companion_ids=tuple(pid for pid, _ in data.get("companions", [])),
    )


def preview(data: Data, person: Person) -> dict[str, Any]:
    """The review card's payload, shaped like core's trip payload."""
    plan = plan_of(data)
    return {
        "cadre": person.name,
        "group": person.work_group.name if person.work_group else None,
        "purpose": plan.purpose,
        "legs": [leg.card_payload() for leg in plan.legs],
        "companions": [name for _, name in data.get("companions", [])],
    }


@dataclass(frozen=True)
class Deps:
    """What the trip form's steps use, injected into every turn."""

    person: Person
    trips: TripService
    clock: Clock


Step = form_steps.Step[Deps]
Turn = form_steps.Turn[Deps]


# --------------------------------------------------------------------------------------------- asking


def buttons(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    abort = InlineKeyboardButton(
        text=t("form.button.abort"), callback_data=TripCb(action=TripAction.ABORT).pack()
    )
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row] + [[abort]])


def keep_button(value: object | None) -> list[InlineKeyboardButton]:
    if value in (None, "", []):
        return []
    shown = str(value)
    shown = shown if len(shown) <= 24 else shown[:23] + "…"
    return [
        InlineKeyboardButton(
            text=t("form.button.keep", value=shown), callback_data=TripCb(action=TripAction.KEEP).pack()
        )
    ]


def skip_button(key: str = "form.button.skip") -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t(key), callback_data=TripCb(action=TripAction.SKIP).pack())]


async def ask_place_of(target: Message, state: FSMContext, data: Data) -> None:
    leg = leg_of(data)
    await state.set_state(TripForm.place)
    current = leg_label(leg)
    await target.answer(t("form.place", n=data["leg"] + 1), reply_markup=buttons(keep_button(current)))


async def ask_place(turn: Turn) -> None:
    await ask_place_of(turn.target, turn.state, turn.data)


def _only(turn: Turn, *fields: TripField) -> bool:
    """Changing one field from the review card, and it is not one of these: back to the review."""
    only = turn.data.get("only")
    return only is not None and only not in {f.value for f in fields}


async def ask_start(turn: Turn) -> None:
    if _only(turn, TripField.DATES):
        await review(turn)
        return
    leg = leg_of(turn.data)
    await turn.state.set_state(TripForm.start)
    start = day_of(leg["start"])
    keep = [keep_button(fmt_date(start))] if start else []
    today = turn.deps.clock.today()
    markup = calendar_keyboard(
        START_CTX,
        start or today,
        min_day=turn.deps.trips.earliest_start(),
        selected=start,
        today=today,
        extra_rows=buttons(*keep).inline_keyboard,
    )
    await turn.target.answer(t("form.start", place=leg_label(leg)), reply_markup=markup)


async def ask_end(turn: Turn) -> None:
    leg = leg_of(turn.data)
    await turn.state.set_state(TripForm.end)
    start = day_of(leg["start"])
    assert start is not None
    end = day_of(leg["end"])
    keep = [keep_button(fmt_date(end))] if end else []
    markup = calendar_keyboard(
        END_CTX,
        end or start,
        min_day=start,
        selected=end,
        today=turn.deps.clock.today(),
        extra_rows=buttons(*keep).inline_keyboard,
    )
    await turn.target.answer(t("form.end", start=start), reply_markup=markup)


async def ask_targets(turn: Turn) -> None:
    if _only(turn, TripField.TARGETS):
        await review(turn)
        return
    await turn.state.set_state(TripForm.targets)
    markup = buttons(keep_button(leg_of(turn.data)["targets"]), skip_button())
    await turn.target.answer(t("form.targets"), reply_markup=markup)


async def next_leg_or_purpose(turn: Turn) -> None:
    data = turn.data
    if _only(turn, TripField.PURPOSE):
        await review(turn)
        return
    if data["leg"] + 1 < len(data["legs"]) and not data.get("only"):
        data["leg"] += 1
        await turn.state.set_data(data)
        await ask_place(turn)
        return
    await ask_purpose(turn)


async def ask_purpose(turn: Turn) -> None:
    data = turn.data
    await turn.state.set_state(TripForm.purpose)
    markup = buttons(keep_button(data.get("purpose")), skip_button())
    await turn.target.answer(t("form.purpose"), reply_markup=markup)


async def ask_companions(turn: Turn) -> None:
    if _only(turn, TripField.COMPANIONS):
        await review(turn)
        return
    await turn.state.set_state(TripForm.companions)
    names = "、".join(name for _, name in turn.data.get("companions", []))
    await turn.target.answer(
        t("form.companions"), reply_markup=buttons(keep_button(names), skip_button("form.button.nobody"))
    )


async def review(turn: Turn) -> None:
    await show_review(turn.target, turn.state, turn.data, turn.deps.person)


async def show_review(target: Message, state: FSMContext, data: Data, person: Person) -> None:
    """The review card: confirm, change one field (each leg's place, dates, visits; purpose; companions)
    without going through the form again, all of it again, one more leg, or stop."""
    if data.pop("only", None) is not None:
        await state.set_data(data)
    await state.set_state(TripForm.review)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.confirm"), callback_data=TripCb(action=TripAction.SAVE))
    sizes = [1]
    several = len(data["legs"]) > 1
    for n in range(min(len(data["legs"]), MAX_LEGS)):
        for field, key in (
            (TripField.PLACE, "form.field.place"),
            (TripField.DATES, "form.field.dates"),
            (TripField.TARGETS, "form.field.targets"),
        ):
            label = t(key) if not several else t("form.field.of_leg", n=n + 1, field=t(key))
            kb.button(text=label, callback_data=TripFieldCb(field=field, leg=n))
        sizes.append(3)
    kb.button(text=t("form.field.purpose"), callback_data=TripFieldCb(field=TripField.PURPOSE))
    kb.button(text=t("form.field.companions"), callback_data=TripFieldCb(field=TripField.COMPANIONS))
    sizes.append(2)
    kb.button(text=t("form.button.redo"), callback_data=TripCb(action=TripAction.REDO))
    kb.button(text=t("form.button.add_leg"), callback_data=TripCb(action=TripAction.ADD_LEG))
    kb.button(text=t("trip.button.cancel"), callback_data=TripCb(action=TripAction.ABORT))
    sizes += [2, 1]
    kb.adjust(*sizes)
    card = trip_card(preview(data, person), t("trip.card.review"))
    await target.answer(Safe(f"{card}\n\n{t('trip.card.ask_confirm')}"), reply_markup=kb.as_markup())
