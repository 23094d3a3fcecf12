"""The step-by-step trip form: destination, dates (inline calendar), whom to visit, purpose, companions.

It is what 修改 opens (on a draft card, or on a confirmed trip from /mytrips), and what
“表单填写” starts. The answers live in the FSM data (database or Redis), so a half-filled form
survives a restart. Nothing is stored as a trip until 确认 on the review card; core checks the
whole trip again then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core import limits
from core.clock import Clock
from core.errors import Invalid
from core.trips import LegPlan, TripPlan, TripService, TripView
from db.enums import Role, TripStatus
from db.models import Person
from handlers.shared import form_steps
from handlers.shared.calendar import Cal, CalAction, calendar_keyboard
from handlers.shared.filters import HasRole
from handlers.shared.form_steps import no_change
from handlers.shared.i18n import Safe, fmt_date, quote, t
from handlers.shared.pressed import pressed_message
from handlers.shared.render import join
from handlers.trips.callbacks import MyTripAction, MyTripCb, TripAction, TripCb
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


def _empty_leg() -> dict[str, Any]:
    return {
        "start": None,
        "end": None,
        "province": None,
        "city": None,
        "district": None,
        "place": None,
        "targets": None,
    }


def _leg(data: Data) -> dict[str, Any]:
    return data["legs"][data["leg"]]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _leg_label(leg: dict[str, Any]) -> str:
    return LegPlan(
        dt.date.min, dt.date.min, leg["province"], leg["city"], leg["district"], leg["place"]
    ).label


def _plan(data: Data) -> TripPlan:
    return TripPlan(
        legs=tuple(LegPlan.from_json(leg) for leg in data["legs"]),
        purpose=data.get("purpose"),
        companion_ids=tuple(pid for pid, _ in data.get("companions", [])),
    )


def _preview(data: Data, person: Person) -> dict[str, Any]:
    """The review card's payload, shaped like core's trip payload."""
    plan = _plan(data)
    return {
        "cadre": person.name,
        "group": person.work_group.name if person.work_group else None,
        "purpose": plan.purpose,
        "legs": [
            {
                "place": leg.label,
                "start": leg.start.isoformat(),
                "end": leg.end.isoformat(),
                "targets": leg.targets,
            }
            for leg in plan.legs
        ],
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


async def open_form(target: Message, state: FSMContext, trips: TripService, view: TripView | None) -> None:
    """Start the form: blank, or prefilled with a draft or a confirmed trip."""
    if view is None:
        data: Data = {"mode": "new", "trip_id": None, "version": None, "legs": [_empty_leg()]}
        data.update(purpose=None, companions=[])
    else:
        names = await trips.names_of(view.plan.companion_ids)
        data = {
            "mode": "draft" if view.status == TripStatus.DRAFT else "change",
            "trip_id": view.id,
            "version": view.version,
            "legs": [leg.to_json() for leg in view.plan.legs],
            "purpose": view.plan.purpose,
            "companions": [[pid, names[pid]] for pid in view.plan.companion_ids if pid in names],
        }
    data["leg"] = 0
    await state.set_data(data)
    await _ask_place(target, state, data)


# --------------------------------------------------------------------------------------------- asking


def _buttons(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    abort = InlineKeyboardButton(
        text=t("form.button.abort"), callback_data=TripCb(action=TripAction.ABORT).pack()
    )
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row] + [[abort]])


def _keep(value: object | None) -> list[InlineKeyboardButton]:
    if value in (None, "", []):
        return []
    shown = str(value)
    shown = shown if len(shown) <= 24 else shown[:23] + "…"
    return [
        InlineKeyboardButton(
            text=t("form.button.keep", value=shown), callback_data=TripCb(action=TripAction.KEEP).pack()
        )
    ]


def _skip(key: str = "form.button.skip") -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=t(key), callback_data=TripCb(action=TripAction.SKIP).pack())]


async def _ask_place(target: Message, state: FSMContext, data: Data) -> None:
    leg = _leg(data)
    await state.set_state(TripForm.place)
    current = _leg_label(leg)
    await target.answer(t("form.place", n=data["leg"] + 1), reply_markup=_buttons(_keep(current)))


async def ask_place(turn: Turn) -> None:
    await _ask_place(turn.target, turn.state, turn.data)


async def ask_start(turn: Turn) -> None:
    leg = _leg(turn.data)
    await turn.state.set_state(TripForm.start)
    start = _day(leg["start"])
    keep = [_keep(fmt_date(start))] if start else []
    today = turn.deps.clock.today()
    markup = calendar_keyboard(
        START_CTX,
        start or today,
        min_day=turn.deps.trips.earliest_start(),
        selected=start,
        today=today,
        extra_rows=_buttons(*keep).inline_keyboard,
    )
    await turn.target.answer(t("form.start", place=_leg_label(leg)), reply_markup=markup)


async def ask_end(turn: Turn) -> None:
    leg = _leg(turn.data)
    await turn.state.set_state(TripForm.end)
    start = _day(leg["start"])
    assert start is not None
    end = _day(leg["end"])
    keep = [_keep(fmt_date(end))] if end else []
    markup = calendar_keyboard(
        END_CTX,
        end or start,
        min_day=start,
        selected=end,
        today=turn.deps.clock.today(),
        extra_rows=_buttons(*keep).inline_keyboard,
    )
    await turn.target.answer(t("form.end", start=start), reply_markup=markup)


async def ask_targets(turn: Turn) -> None:
    await turn.state.set_state(TripForm.targets)
    markup = _buttons(_keep(_leg(turn.data)["targets"]), _skip())
    await turn.target.answer(t("form.targets"), reply_markup=markup)


async def next_leg_or_purpose(turn: Turn) -> None:
    data = turn.data
    if data["leg"] + 1 < len(data["legs"]):
        data["leg"] += 1
        await turn.state.set_data(data)
        await ask_place(turn)
        return
    await turn.state.set_state(TripForm.purpose)
    markup = _buttons(_keep(data.get("purpose")), _skip())
    await turn.target.answer(t("form.purpose"), reply_markup=markup)


async def ask_companions(turn: Turn) -> None:
    await turn.state.set_state(TripForm.companions)
    names = "、".join(name for _, name in turn.data.get("companions", []))
    await turn.target.answer(
        t("form.companions"), reply_markup=_buttons(_keep(names), _skip("form.button.nobody"))
    )


async def review(turn: Turn) -> None:
    await turn.state.set_state(TripForm.review)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.confirm"), callback_data=TripCb(action=TripAction.SAVE))
    kb.button(text=t("trip.button.edit"), callback_data=TripCb(action=TripAction.REDO))
    kb.button(text=t("form.button.add_leg"), callback_data=TripCb(action=TripAction.ADD_LEG))
    kb.button(text=t("trip.button.cancel"), callback_data=TripCb(action=TripAction.ABORT))
    kb.adjust(2, 1, 1)
    card = trip_card(_preview(turn.data, turn.deps.person), t("trip.card.review"))
    await turn.target.answer(Safe(f"{card}\n\n{t('trip.card.ask_confirm')}"), reply_markup=kb.as_markup())


async def _settle(query: CallbackQuery, shown: Safe | None = None) -> None:
    """After the next step is sent: record the answer in the pressed message, drop its buttons."""
    message = query.message
    if isinstance(message, Message):
        if shown is not None:
            await message.edit_text(Safe(f"{message.html_text}\n<b>{shown}</b>"), reply_markup=None)
        else:
            await message.edit_reply_markup(reply_markup=None)
    await query.answer()


# --------------------------------------------------------------------------------------------- opening


async def blank_form(query: CallbackQuery, state: FSMContext, trips: TripService) -> None:
    await open_form(pressed_message(query), state, trips, None)
    await _settle(query)


async def edit(
    query: CallbackQuery,
    callback_data: TripCb | MyTripCb,
    person: Person,
    state: FSMContext,
    trips: TripService,
) -> None:
    """修改 on a draft card (t1) or on a confirmed trip in /mytrips (t2)."""
    view = await trips.editable(person, callback_data.trip_id)
    await open_form(pressed_message(query), state, trips, view)
    await _settle(query)


async def abort(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).answer(t("form.aborted"))
    await _settle(query)


# --------------------------------------------------------------------------------------------- the steps' answers


async def place_typed(turn: Turn, text: str) -> None:
    found = await turn.deps.trips.place_from_text(text)
    _leg(turn.data).update(
        province=found.province, city=found.city, district=found.district, place=found.place
    )


async def place_kept(turn: Turn, _: object) -> Safe:
    label = _leg_label(_leg(turn.data))
    if not label:
        raise Invalid("trip.no_place")
    return quote(label)


def _set_start(data: Data, day: dt.date) -> None:
    leg = _leg(data)
    leg["start"] = day.isoformat()
    end = _day(leg["end"])
    if end is not None and end < day:
        leg["end"] = None


async def start_typed(turn: Turn, text: str) -> None:
    _set_start(turn.data, await turn.deps.trips.day_from_text(text))


def _chosen(label: str, day: dt.date) -> Safe:
    return t("form.chosen", label=t(label), value=day)


async def start_picked(turn: Turn, callback_data: Cal) -> Safe:
    _set_start(turn.data, callback_data.day)
    return _chosen("form.label.start", callback_data.day)


async def start_kept(turn: Turn, _: object) -> Safe:
    start = _day(_leg(turn.data)["start"])
    if start is None:
        raise Invalid("trip.no_dates")
    return _chosen("form.label.start", start)


def _set_end(data: Data, day: dt.date) -> None:
    leg = _leg(data)
    start = _day(leg["start"])
    assert start is not None
    if day < start:
        raise Invalid("trip.end_before_start", start=start, end=day)
    leg["end"] = day.isoformat()


async def end_typed(turn: Turn, text: str) -> None:
    _set_end(turn.data, await turn.deps.trips.day_from_text(text))


async def end_picked(turn: Turn, callback_data: Cal) -> Safe:
    _set_end(turn.data, callback_data.day)
    return _chosen("form.label.end", callback_data.day)


async def end_kept(turn: Turn, _: object) -> Safe:
    end = _day(_leg(turn.data)["end"])
    if end is None:
        raise Invalid("trip.no_dates")
    return _chosen("form.label.end", end)


async def targets_typed(turn: Turn, text: str) -> None:
    limits.check_text(text, limits.TRIP_TARGETS)
    _leg(turn.data)["targets"] = text.strip()


async def targets_skipped(turn: Turn, _: object) -> None:
    _leg(turn.data)["targets"] = None


async def purpose_typed(turn: Turn, text: str) -> None:
    limits.check_text(text, limits.TRIP_PURPOSE)
    turn.data["purpose"] = text.strip()


async def purpose_skipped(turn: Turn, _: object) -> None:
    turn.data["purpose"] = None


async def companions_typed(turn: Turn, text: str) -> None:
    found = await turn.deps.trips.resolve_companions(turn.deps.person, text)
    turn.data["companions"] = [[pid, name] for pid, name in found]


def _companion_names(turn: Turn) -> Safe | None:
    return join(quote(name) for _, name in turn.data["companions"]) or None


async def companions_kept(turn: Turn, _: object) -> Safe | None:
    return _companion_names(turn)


async def companions_skipped(turn: Turn, _: object) -> Safe | None:
    turn.data["companions"] = []
    return _companion_names(turn)


KEEP, SKIP = TripAction.KEEP, TripAction.SKIP
FORM = form_steps.Form(TripCb, Deps, _settle)
STEPS = (
    Step(TripForm.place, ask_start, typed=place_typed, buttons={KEEP: place_kept}),
    Step(TripForm.start, ask_end, typed=start_typed, buttons={KEEP: start_kept}),
    Step(TripForm.end, ask_targets, typed=end_typed, buttons={KEEP: end_kept}),
    Step(TripForm.targets, next_leg_or_purpose, targets_typed, {KEEP: no_change, SKIP: targets_skipped}),
    Step(TripForm.purpose, ask_companions, purpose_typed, {KEEP: no_change, SKIP: purpose_skipped}),
    Step(TripForm.companions, review, companions_typed, {KEEP: companions_kept, SKIP: companions_skipped}),
)
CALENDAR = (  # the calendar's day buttons (Cal, not TripCb) on the date steps
    (START_CTX, Step(TripForm.start, ask_end, buttons={CalAction.DAY: start_picked})),
    (END_CTX, Step(TripForm.end, ask_targets, buttons={CalAction.DAY: end_picked})),
)


async def not_text(message: Message) -> None:
    await message.answer(t("form.text_please"))


# --------------------------------------------------------------------------------------------- review


async def save(query: CallbackQuery, person: Person, state: FSMContext, trips: TripService) -> None:
    data = await state.get_data()
    view = await trips.save(person, _plan(data), trip_id=data.get("trip_id"), version=data.get("version"))
    await state.clear()
    done = t("trip.changed") if data["mode"] == "change" else t("trip.confirmed")
    card = trip_card(view.payload, t("trip.card.view", status=t("trip.status.planned")))
    await pressed_message(query).edit_text(Safe(f"{card}\n\n{done}"), reply_markup=None)
    await query.answer()


async def redo(turn: Turn, _: object) -> None:
    turn.data["leg"] = 0


async def add_leg(turn: Turn, _: object) -> None:
    turn.data["legs"].append(_empty_leg())
    turn.data["leg"] = len(turn.data["legs"]) - 1


REVIEW = Step(TripForm.review, ask_place, buttons={TripAction.REDO: redo, TripAction.ADD_LEG: add_leg})
CAL_FORM = form_steps.Form(Cal, Deps, _settle)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name="trip_form")
    router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
    router.callback_query.filter(HasRole(Role.CADRE))
    router.callback_query.register(blank_form, TripCb.filter(F.action == TripAction.FORM))
    router.callback_query.register(edit, TripCb.filter(F.action == TripAction.EDIT))
    router.callback_query.register(edit, MyTripCb.filter(F.action == MyTripAction.EDIT))
    router.callback_query.register(
        abort, StateFilter(*TripForm.__all_states__), TripCb.filter(F.action == TripAction.ABORT)
    )
    for ctx, step in CALENDAR:
        picked = Cal.filter((F.action == CalAction.DAY) & (F.ctx == ctx))
        router.callback_query.register(form_steps.pressed_handler(CAL_FORM, step), step.state, picked)
    form_steps.register_steps(router, FORM, (*STEPS, REVIEW))
    router.message.register(not_text, StateFilter(*FORM_STATES), ~F.text)
    router.callback_query.register(save, TripForm.review, TripCb.filter(F.action == TripAction.SAVE))
    return router
