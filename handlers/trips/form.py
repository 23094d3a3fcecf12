"""The step-by-step trip form: destination, dates (inline calendar), whom to visit, purpose, companions.

It is what 修改 opens (on a draft card, or on a confirmed trip from /mytrips), and what
“表单填写” starts. The answers live in the FSM data (database or Redis), so a half-filled form
survives a restart. Nothing is stored as a trip until 确认 on the review card; core checks the
whole trip again then.
"""

from __future__ import annotations

import datetime as dt
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
from handlers.shared.calendar import Cal, CalAction, calendar_keyboard
from handlers.shared.filters import HasRole
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
_TEXT = F.text & ~F.text.startswith("/")

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


async def open_form(
    target: Message, state: FSMContext, trips: TripService, clock: Clock, view: TripView | None
) -> None:
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


async def _ask_start(
    target: Message, state: FSMContext, data: Data, trips: TripService, clock: Clock
) -> None:
    leg = _leg(data)
    await state.set_state(TripForm.start)
    start = _day(leg["start"])
    keep = [_keep(fmt_date(start))] if start else []
    markup = calendar_keyboard(
        START_CTX,
        start or clock.today(),
        min_day=trips.earliest_start(),
        selected=start,
        today=clock.today(),
        extra_rows=_buttons(*keep).inline_keyboard,
    )
    await target.answer(t("form.start", place=_leg_label(leg)), reply_markup=markup)


async def _ask_end(target: Message, state: FSMContext, data: Data, clock: Clock) -> None:
    leg = _leg(data)
    await state.set_state(TripForm.end)
    start = _day(leg["start"])
    assert start is not None
    end = _day(leg["end"])
    keep = [_keep(fmt_date(end))] if end else []
    markup = calendar_keyboard(
        END_CTX,
        end or start,
        min_day=start,
        selected=end,
        today=clock.today(),
        extra_rows=_buttons(*keep).inline_keyboard,
    )
    await target.answer(t("form.end", start=start), reply_markup=markup)


async def _ask_targets(target: Message, state: FSMContext, data: Data) -> None:
    await state.set_state(TripForm.targets)
    await target.answer(t("form.targets"), reply_markup=_buttons(_keep(_leg(data)["targets"]), _skip()))


async def _after_targets(target: Message, state: FSMContext, data: Data) -> None:
    if data["leg"] + 1 < len(data["legs"]):
        data["leg"] += 1
        await state.set_data(data)
        await _ask_place(target, state, data)
        return
    await state.set_state(TripForm.purpose)
    await target.answer(t("form.purpose"), reply_markup=_buttons(_keep(data.get("purpose")), _skip()))


async def _ask_companions(target: Message, state: FSMContext, data: Data) -> None:
    await state.set_state(TripForm.companions)
    names = "、".join(name for _, name in data.get("companions", []))
    await target.answer(
        t("form.companions"), reply_markup=_buttons(_keep(names), _skip("form.button.nobody"))
    )


async def _review(target: Message, state: FSMContext, data: Data, person: Person) -> None:
    await state.set_state(TripForm.review)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.confirm"), callback_data=TripCb(action=TripAction.SAVE))
    kb.button(text=t("trip.button.edit"), callback_data=TripCb(action=TripAction.REDO))
    kb.button(text=t("form.button.add_leg"), callback_data=TripCb(action=TripAction.ADD_LEG))
    kb.button(text=t("trip.button.cancel"), callback_data=TripCb(action=TripAction.ABORT))
    kb.adjust(2, 1, 1)
    card = trip_card(_preview(data, person), t("trip.card.review"))
    await target.answer(Safe(f"{card}\n\n{t('trip.card.ask_confirm')}"), reply_markup=kb.as_markup())


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


async def blank_form(query: CallbackQuery, state: FSMContext, trips: TripService, clock: Clock) -> None:
    await open_form(pressed_message(query), state, trips, clock, None)
    await _settle(query)


async def edit_draft(
    query: CallbackQuery,
    callback_data: TripCb,
    person: Person,
    state: FSMContext,
    trips: TripService,
    clock: Clock,
) -> None:
    view = await trips.editable(person, callback_data.trip_id)
    await open_form(pressed_message(query), state, trips, clock, view)
    await _settle(query)


async def edit_trip(
    query: CallbackQuery,
    callback_data: MyTripCb,
    person: Person,
    state: FSMContext,
    trips: TripService,
    clock: Clock,
) -> None:
    view = await trips.editable(person, callback_data.trip_id)
    await open_form(pressed_message(query), state, trips, clock, view)
    await _settle(query)


async def abort(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).answer(t("form.aborted"))
    await _settle(query)


# --------------------------------------------------------------------------------------------- destination


async def place_typed(message: Message, state: FSMContext, trips: TripService, clock: Clock) -> None:
    assert message.text is not None
    found = await trips.place_from_text(message.text)
    data = await state.get_data()
    leg = _leg(data)
    leg.update(province=found.province, city=found.city, district=found.district, place=found.place)
    await state.set_data(data)
    await _ask_start(message, state, data, trips, clock)


async def place_kept(query: CallbackQuery, state: FSMContext, trips: TripService, clock: Clock) -> None:
    data = await state.get_data()
    if not _leg_label(_leg(data)):
        raise Invalid("trip.no_place")
    await _ask_start(pressed_message(query), state, data, trips, clock)
    await _settle(query, quote(_leg_label(_leg(data))))


# --------------------------------------------------------------------------------------------- dates


async def _set_start(target: Message, state: FSMContext, day: dt.date, clock: Clock) -> Data:
    data = await state.get_data()
    leg = _leg(data)
    leg["start"] = day.isoformat()
    end = _day(leg["end"])
    if end is not None and end < day:
        leg["end"] = None
    await state.set_data(data)
    await _ask_end(target, state, data, clock)
    return data


async def start_picked(query: CallbackQuery, callback_data: Cal, state: FSMContext, clock: Clock) -> None:
    await _set_start(pressed_message(query), state, callback_data.day, clock)
    await _settle(query, t("form.chosen", label=t("form.label.start"), value=callback_data.day))


async def start_typed(message: Message, state: FSMContext, trips: TripService, clock: Clock) -> None:
    assert message.text is not None
    await _set_start(message, state, await trips.day_from_text(message.text), clock)


async def start_kept(query: CallbackQuery, state: FSMContext, clock: Clock) -> None:
    data = await state.get_data()
    start = _day(_leg(data)["start"])
    if start is None:
        raise Invalid("trip.no_dates")
    await _ask_end(pressed_message(query), state, data, clock)
    await _settle(query, t("form.chosen", label=t("form.label.start"), value=start))


async def _set_end(target: Message, state: FSMContext, day: dt.date) -> None:
    data = await state.get_data()
    leg = _leg(data)
    start = _day(leg["start"])
    assert start is not None
    if day < start:
        raise Invalid("trip.end_before_start", start=start, end=day)
    leg["end"] = day.isoformat()
    await state.set_data(data)
    await _ask_targets(target, state, data)


async def end_picked(query: CallbackQuery, callback_data: Cal, state: FSMContext) -> None:
    await _set_end(pressed_message(query), state, callback_data.day)
    await _settle(query, t("form.chosen", label=t("form.label.end"), value=callback_data.day))


async def end_typed(message: Message, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    await _set_end(message, state, await trips.day_from_text(message.text))


async def end_kept(query: CallbackQuery, state: FSMContext) -> None:
    data = await state.get_data()
    end = _day(_leg(data)["end"])
    if end is None:
        raise Invalid("trip.no_dates")
    await _ask_targets(pressed_message(query), state, data)
    await _settle(query, t("form.chosen", label=t("form.label.end"), value=end))


# --------------------------------------------------------------------------------------------- whom, why, with whom


async def targets_typed(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    data = await state.get_data()
    limits.check_text(message.text, limits.TRIP_TARGETS)
    _leg(data)["targets"] = message.text.strip()
    await state.set_data(data)
    await _after_targets(message, state, data)


async def targets_button(query: CallbackQuery, callback_data: TripCb, state: FSMContext) -> None:
    data = await state.get_data()
    if callback_data.action == TripAction.SKIP:
        _leg(data)["targets"] = None
    await state.set_data(data)
    await _after_targets(pressed_message(query), state, data)
    await _settle(query)


async def purpose_typed(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    data = await state.get_data()
    limits.check_text(message.text, limits.TRIP_PURPOSE)
    data["purpose"] = message.text.strip()
    await state.set_data(data)
    await _ask_companions(message, state, data)


async def purpose_button(query: CallbackQuery, callback_data: TripCb, state: FSMContext) -> None:
    data = await state.get_data()
    if callback_data.action == TripAction.SKIP:
        data["purpose"] = None
    await state.set_data(data)
    await _ask_companions(pressed_message(query), state, data)
    await _settle(query)


async def companions_typed(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    found = await trips.resolve_companions(person, message.text)
    data = await state.get_data()
    data["companions"] = [[pid, name] for pid, name in found]
    await state.set_data(data)
    await _review(message, state, data, person)


async def companions_button(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext
) -> None:
    data = await state.get_data()
    if callback_data.action == TripAction.SKIP:
        data["companions"] = []
    await state.set_data(data)
    await _review(pressed_message(query), state, data, person)
    await _settle(query, join(quote(name) for _, name in data["companions"]) or None)


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


async def redo(query: CallbackQuery, state: FSMContext) -> None:
    data = await state.get_data()
    data["leg"] = 0
    await state.set_data(data)
    await _ask_place(pressed_message(query), state, data)
    await _settle(query)


async def add_leg(query: CallbackQuery, state: FSMContext) -> None:
    data = await state.get_data()
    data["legs"].append(_empty_leg())
    data["leg"] = len(data["legs"]) - 1
    await state.set_data(data)
    await _ask_place(pressed_message(query), state, data)
    await _settle(query)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name="trip_form")
    router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
    router.callback_query.filter(HasRole(Role.CADRE))
    router.callback_query.register(blank_form, TripCb.filter(F.action == TripAction.FORM))
    router.callback_query.register(edit_draft, TripCb.filter(F.action == TripAction.EDIT))
    router.callback_query.register(edit_trip, MyTripCb.filter(F.action == MyTripAction.EDIT))
    router.callback_query.register(
        abort, StateFilter(*TripForm.__all_states__), TripCb.filter(F.action == TripAction.ABORT)
    )
    router.message.register(place_typed, TripForm.place, _TEXT)
    router.callback_query.register(place_kept, TripForm.place, TripCb.filter(F.action == TripAction.KEEP))
    router.callback_query.register(
        start_picked, TripForm.start, Cal.filter((F.action == CalAction.DAY) & (F.ctx == START_CTX))
    )
    router.message.register(start_typed, TripForm.start, _TEXT)
    router.callback_query.register(start_kept, TripForm.start, TripCb.filter(F.action == TripAction.KEEP))
    router.callback_query.register(
        end_picked, TripForm.end, Cal.filter((F.action == CalAction.DAY) & (F.ctx == END_CTX))
    )
    router.message.register(end_typed, TripForm.end, _TEXT)
    router.callback_query.register(end_kept, TripForm.end, TripCb.filter(F.action == TripAction.KEEP))
    router.message.register(targets_typed, TripForm.targets, _TEXT)
    router.callback_query.register(
        targets_button, TripForm.targets, TripCb.filter(F.action.in_({TripAction.KEEP, TripAction.SKIP}))
    )
    router.message.register(purpose_typed, TripForm.purpose, _TEXT)
    router.callback_query.register(
        purpose_button, TripForm.purpose, TripCb.filter(F.action.in_({TripAction.KEEP, TripAction.SKIP}))
    )
    router.message.register(companions_typed, TripForm.companions, _TEXT)
    router.callback_query.register(
        companions_button,
        TripForm.companions,
        TripCb.filter(F.action.in_({TripAction.KEEP, TripAction.SKIP})),
    )
    router.message.register(not_text, StateFilter(*FORM_STATES), ~F.text)
    router.callback_query.register(save, TripForm.review, TripCb.filter(F.action == TripAction.SAVE))
    router.callback_query.register(redo, TripForm.review, TripCb.filter(F.action == TripAction.REDO))
    router.callback_query.register(add_leg, TripForm.review, TripCb.filter(F.action == TripAction.ADD_LEG))
    return router
