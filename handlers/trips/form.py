"""The step-by-step trip form: destination, dates (inline calendar), whom to visit, purpose, companions.

It is what 修改 opens (on a draft card, or on a confirmed trip from /mytrips), and what
“表单填写” starts. The answers live in the FSM data (database or Redis), so a half-filled form
survives a restart. Nothing is stored as a trip until 确认 on the review card; core checks the
whole trip again then.
"""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from core import limits
from core.clock import Clock
from core.errors import Invalid
from core.trips import LegPlan, TripService, TripView
from db.enums import Role, TripStatus
from db.models import Person
from handlers.shared import form_steps
from handlers.shared.calendar import Cal, CalAction
from handlers.shared.filters import HasRole
from handlers.shared.form_steps import no_change
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.pressed import pressed_message
from handlers.shared.render import join
from handlers.trips.callbacks import MyTripAction, MyTripCb, TripAction, TripCb, TripField, TripFieldCb
from handlers.trips.form_questions import (
    END_CTX,
    FORM_STATES,
    START_CTX,
    Data,
    Deps,
    Step,
    TripForm,
    Turn,
    ask_companions,
    ask_end,
    ask_place,
    ask_place_of,
    ask_purpose,
    ask_start,
    ask_targets,
    day_of,
    empty_leg,
    leg_label,
    leg_of,
    next_leg_or_purpose,
    plan_of,
    review,
    show_review,
)
from handlers.trips.render import trip_card


async def open_form(
    target: Message, state: FSMContext, trips: TripService, view: TripView | None, person: Person
) -> None:
    """Start the form: blank, or prefilled with a draft or a confirmed trip."""
    if view is None:
        data: Data = {"mode": "new", "trip_id": None, "version": None, "legs": [empty_leg()]}
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
    if view is None:
        await ask_place_of(target, state, data)
        return
    await show_review(target, state, data, person)  # change one field, not the whole form again


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


async def blank_form(query: CallbackQuery, person: Person, state: FSMContext, trips: TripService) -> None:
    await open_form(pressed_message(query), state, trips, None, person)
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
    await open_form(pressed_message(query), state, trips, view, person)
    await _settle(query)


async def abort(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).answer(t("form.aborted"))
    await _settle(query)


# --------------------------------------------------------------------------------------------- the steps' answers


async def place_typed(turn: Turn, text: str) -> None:
    """One city, or several (``苏州、无锡``): the others become the next legs, asked in turn."""
    first, *others = await turn.deps.trips.places_from_text(text)
    leg_of(turn.data).update(
        province=first.province, city=first.city, district=first.district, place=first.place
    )
    for offset, other in enumerate(others, start=1):
        leg = empty_leg() | {"province": other.province, "city": other.city, "district": other.district}
        turn.data["legs"].insert(turn.data["leg"] + offset, leg)


async def place_kept(turn: Turn, _: object) -> Safe:
    label = leg_label(leg_of(turn.data))
    if not label:
        raise Invalid("trip.no_place")
    return quote(label)


def _set_start(data: Data, day: dt.date) -> None:
    leg = leg_of(data)
    leg["start"] = day.isoformat()
    end = day_of(leg["end"])
    if end is not None and end < day:
        leg["end"] = None


async def _check_start(turn: Turn, day: dt.date) -> None:
    """A start in the past is refused at once, in the chat (not only at 确认)."""
    n = turn.data["leg"]
    previous = day_of(turn.data["legs"][n - 1]["end"]) if n > 0 else None
    await turn.deps.trips.check_start(turn.deps.person, day, trip_id=_changed_trip(turn), after=previous)


def _changed_trip(turn: Turn) -> int | None:
    return turn.data.get("trip_id") if turn.data.get("mode") == "change" else None


async def start_typed(turn: Turn, text: str) -> None:
    day = await turn.deps.trips.day_from_text(text)
    await _check_start(turn, day)
    _set_start(turn.data, day)


def _chosen(label: str, day: dt.date) -> Safe:
    return t("form.chosen", label=t(label), value=day)


async def start_picked(turn: Turn, callback_data: Cal) -> Safe:
    await _check_start(turn, callback_data.day)
    _set_start(turn.data, callback_data.day)
    return _chosen("form.label.start", callback_data.day)


def _kept(turn: Turn, key: str, label: str) -> Safe:
    """The leg's day already set (key "start" or "end"), kept as it is."""
    day = day_of(leg_of(turn.data)[key])
    if day is None:
        raise Invalid("trip.no_dates")
    return _chosen(label, day)


async def start_kept(turn: Turn, _: object) -> Safe:
    return _kept(turn, "start", "form.label.start")


async def _set_end(turn: Turn, day: dt.date) -> None:
    """The leg's end; the legs entered so far are checked at once (length, order, clashes with the
    cadre's other trips), so a bad date is answered here, in the chat, and not stored."""
    leg = leg_of(turn.data)
    start = day_of(leg["start"])
    assert start is not None
    if day < start:
        raise Invalid("trip.end_before_start", start=start, end=day)
    legs = [
        LegPlan(
            dt.date.fromisoformat(other["start"]),
            day if n == turn.data["leg"] else dt.date.fromisoformat(other["end"]),
        )
        for n, other in enumerate(turn.data["legs"][: turn.data["leg"] + 1])
        if other["start"] and (other["end"] or n == turn.data["leg"])
    ]
    await turn.deps.trips.check_legs(turn.deps.person, legs, trip_id=_changed_trip(turn))
    leg["end"] = day.isoformat()


async def end_typed(turn: Turn, text: str) -> None:
    await _set_end(turn, await turn.deps.trips.day_from_text(text))


async def end_picked(turn: Turn, callback_data: Cal) -> Safe:
    await _set_end(turn, callback_data.day)
    return _chosen("form.label.end", callback_data.day)


async def end_kept(turn: Turn, _: object) -> Safe:
    return _kept(turn, "end", "form.label.end")


async def targets_typed(turn: Turn, text: str) -> None:
    limits.check_text(text, limits.TRIP_TARGETS)
    leg_of(turn.data)["targets"] = text.strip()


async def targets_skipped(turn: Turn, _: object) -> None:
    leg_of(turn.data)["targets"] = None


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
    view = await trips.save(person, plan_of(data), trip_id=data.get("trip_id"), version=data.get("version"))
    await state.clear()
    done = t("trip.changed") if data["mode"] == "change" else t("trip.confirmed")
    card = trip_card(view.payload, t("trip.card.view", status=t("trip.status.planned")))
    await pressed_message(query).edit_text(Safe(f"{card}\n\n{done}"), reply_markup=None)
    await query.answer()


async def redo(turn: Turn, _: object) -> None:
    turn.data["leg"] = 0


async def add_leg(turn: Turn, _: object) -> None:
    turn.data["legs"].append(empty_leg())
    turn.data["leg"] = len(turn.data["legs"]) - 1


REVIEW = Step(TripForm.review, ask_place, buttons={TripAction.REDO: redo, TripAction.ADD_LEG: add_leg})


async def change_field(
    query: CallbackQuery,
    callback_data: TripFieldCb,
    person: Person,
    state: FSMContext,
    trips: TripService,
    clock: Clock,
) -> None:
    """A field button on the review card: ask that one question, then come back to the review."""
    data = await state.get_data()
    if callback_data.leg >= len(data.get("legs", [])):
        await query.answer(t("error.stale_button"), show_alert=True)
        return
    data.update(leg=callback_data.leg, only=callback_data.field.value)
    await state.set_data(data)
    turn = Turn(pressed_message(query), state, data, Deps(person, trips, clock))
    ask = {
        TripField.PLACE: ask_place,
        TripField.DATES: ask_start,
        TripField.TARGETS: ask_targets,
        TripField.PURPOSE: ask_purpose,
        TripField.COMPANIONS: ask_companions,
    }[callback_data.field]
    await ask(turn)
    await _settle(query)


CAL_FORM = form_steps.Form(Cal, Deps, _settle)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
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
    router.callback_query.register(change_field, TripForm.review, TripFieldCb.filter())
    return router
