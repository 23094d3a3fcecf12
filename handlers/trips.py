"""Declaring a trip (/trip or one line of Chinese), /mytrips, and coming back (/back)."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.clock import Clock
from core.parsing.worker import parse_off_loop
from core.trips import TripService, TripTotals, TripView, looks_like_trip
from db.enums import Role, TripStatus
from db.models import Person
from handlers.callbacks import pressed_message
from handlers.filters import HasRole
from handlers.i18n import Safe, t
from handlers.menu import MenuCommand
from handlers.notify_trips import (
    MyTripAction,
    MyTripCb,
    ReportAction,
    ReportCb,
    TripAction,
    TripCb,
    dates_text,
    draft_keyboard,
    status_text,
    totals_text,
    trip_card,
    trip_place,
)
from handlers.trip_form import TripForm

router = Router(name="trips")
router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
router.callback_query.filter(HasRole(Role.CADRE))

CADRES = frozenset({Role.CADRE})
COMMANDS = [
    MenuCommand("trip", "cmd.trip", roles=CADRES, order=10),
    MenuCommand("mytrips", "cmd.mytrips", roles=CADRES, order=12),
    MenuCommand("back", "cmd.back", roles=CADRES, order=13),
]

_TEXT = F.text & ~F.text.startswith("/")


class ReturnForm(StatesGroup):
    summary = State()


class LooksLikeTrip(BaseFilter):
    """A private, non-reply text with a travel verb followed by a place (``去深圳``, ``赴上海``)."""

    async def __call__(self, message: Message) -> bool:
        return (
            message.chat.type == "private"
            and message.reply_to_message is None
            and message.text is not None
            and await parse_off_loop(looks_like_trip, message.text)
        )


# --------------------------------------------------------------------------------------------- declaring


async def _show_draft(message: Message, person: Person, trips: TripService, text: str) -> None:
    view = await trips.draft_from_text(person, text)
    card = trip_card(view.payload, t("trip.card.draft"))
    await message.answer(
        Safe(f"{card}\n\n{t('trip.card.ask_confirm')}"), reply_markup=draft_keyboard(view.id)
    )


@router.message(Command("trip"))
async def trip_command(
    message: Message, command: CommandObject, person: Person, state: FSMContext, trips: TripService
) -> None:
    if command.args:
        await state.clear()
        await _show_draft(message, person, trips, command.args)
        return
    await state.set_state(TripForm.text)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.form"), callback_data=TripCb(action=TripAction.FORM))
    kb.button(text=t("form.button.abort"), callback_data=TripCb(action=TripAction.ABORT))
    await message.answer(t("trip.prompt"), reply_markup=kb.as_markup())


@router.message(TripForm.text, _TEXT)
async def trip_described(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text)  # bad input: answered, the prompt stays
    await state.clear()


@router.message(StateFilter(None), F.text, LooksLikeTrip())
async def trip_typed(message: Message, person: Person, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text)


@router.callback_query(TripCb.filter(F.action == TripAction.CONFIRM))
async def confirm(query: CallbackQuery, callback_data: TripCb, person: Person, trips: TripService) -> None:
    view = await trips.confirm(person, callback_data.trip_id)
    card = trip_card(view.payload, t("trip.card.view", status=t("trip.status.planned")))
    await pressed_message(query).edit_text(Safe(f"{card}\n\n{t('trip.confirmed')}"), reply_markup=None)
    await query.answer()


@router.callback_query(TripCb.filter(F.action == TripAction.DISCARD))
async def discard(query: CallbackQuery, callback_data: TripCb, person: Person, trips: TripService) -> None:
    await trips.discard(person, callback_data.trip_id)
    await pressed_message(query).edit_text(t("trip.discarded"), reply_markup=None)
    await query.answer()


# --------------------------------------------------------------------------------------------- my trips


def _list_keyboard(views: list[TripView], person: Person, today: dt.date) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for view in views:
        label = t(
            "mytrips.item",
            status=status_text(view.payload, today),
            place=trip_place(view.payload),
            dates=dates_text(view.start, view.end),
        )
        if view.cadre_id != person.id:
            label = Safe(label + t("mytrips.companion_of", cadre=view.payload["cadre"]))
        kb.button(text=label, callback_data=MyTripCb(action=MyTripAction.VIEW, trip_id=view.id))
    kb.adjust(1)
    return kb.as_markup()


def _trip_keyboard(view: TripView, person: Person, today: dt.date) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    open_trip = view.status == TripStatus.PLANNED
    own = view.cadre_id == person.id
    if open_trip and view.start <= today <= view.end:
        kb.button(
            text=t("mytrips.button.report"),
            callback_data=ReportCb(action=ReportAction.FILL, trip_id=view.id, day=today.toordinal()),
        )
    if own and open_trip:
        kb.button(
            text=t("trip.button.edit"), callback_data=MyTripCb(action=MyTripAction.EDIT, trip_id=view.id)
        )
        kb.button(
            text=t("mytrips.button.cancel"),
            callback_data=MyTripCb(action=MyTripAction.CANCEL, trip_id=view.id),
        )
        if view.start <= today:
            kb.button(
                text=t("mytrips.button.back"), callback_data=TripCb(action=TripAction.BACK, trip_id=view.id)
            )
    kb.button(text=t("mytrips.button.list"), callback_data=MyTripCb(action=MyTripAction.LIST))
    kb.adjust(1)
    return kb.as_markup()


def _view_card(view: TripView, today: dt.date) -> Safe:
    return trip_card(view.payload, t("trip.card.view", status=status_text(view.payload, today)))


@router.message(Command("mytrips"))
async def my_trips(message: Message, person: Person, trips: TripService, clock: Clock) -> None:
    views = await trips.mine(person)
    if not views:
        await message.answer(t("mytrips.empty"))
        return
    await message.answer(t("mytrips.title"), reply_markup=_list_keyboard(views, person, clock.today()))


@router.callback_query(MyTripCb.filter(F.action == MyTripAction.LIST))
async def my_trips_again(query: CallbackQuery, person: Person, trips: TripService, clock: Clock) -> None:
    views = await trips.mine(person)
    text = t("mytrips.title") if views else t("mytrips.empty")
    await pressed_message(query).edit_text(text, reply_markup=_list_keyboard(views, person, clock.today()))
    await query.answer()


@router.callback_query(MyTripCb.filter(F.action == MyTripAction.VIEW))
async def show_trip(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.view(person, callback_data.trip_id)
    today = clock.today()
    await pressed_message(query).edit_text(
        _view_card(view, today), reply_markup=_trip_keyboard(view, person, today)
    )
    await query.answer()


@router.callback_query(MyTripCb.filter(F.action == MyTripAction.CANCEL))
async def ask_cancel(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.editable(person, callback_data.trip_id)
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("mytrips.button.cancel_yes"),
        callback_data=MyTripCb(action=MyTripAction.CANCEL_YES, trip_id=view.id),
    )
    kb.button(text=t("mytrips.button.list"), callback_data=MyTripCb(action=MyTripAction.LIST))
    text = Safe(f"{_view_card(view, clock.today())}\n\n{t('mytrips.cancel_confirm')}")
    await pressed_message(query).edit_text(text, reply_markup=kb.as_markup())
    await query.answer()


@router.callback_query(MyTripCb.filter(F.action == MyTripAction.CANCEL_YES))
async def cancel(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.cancel(person, callback_data.trip_id)
    text = Safe(f"{_view_card(view, clock.today())}\n\n{t('trip.cancelled')}")
    await pressed_message(query).edit_text(text, reply_markup=None)
    await query.answer()


# --------------------------------------------------------------------------------------------- back home


async def _ask_summary(target: Message, state: FSMContext, view: TripView) -> None:
    await state.set_state(ReturnForm.summary)
    await state.set_data({"trip_id": view.id})
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("back.button.no_summary"), callback_data=TripCb(action=TripAction.NO_SUMMARY, trip_id=view.id)
    )
    text = t("back.ask", place=trip_place(view.payload), dates=dates_text(view.start, view.end))
    await target.answer(text, reply_markup=kb.as_markup())


def _totals(totals: TripTotals) -> Safe:
    return totals_text({**totals.trip.payload, **totals.to_payload()}, "back.done")


@router.message(Command("back"))
async def back(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    views = await trips.returnable(person)
    if not views:
        await message.answer(t("back.none"))
        return
    if len(views) == 1:
        await _ask_summary(message, state, views[0])
        return
    kb = InlineKeyboardBuilder()
    for view in views:
        label = f"{trip_place(view.payload)} {dates_text(view.start, view.end)}"
        kb.button(text=label, callback_data=TripCb(action=TripAction.BACK, trip_id=view.id))
    kb.adjust(1)
    await message.answer(t("back.choose"), reply_markup=kb.as_markup())


@router.callback_query(TripCb.filter(F.action == TripAction.BACK))
async def back_chosen(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    view = await trips.closable(person, callback_data.trip_id)
    await _ask_summary(pressed_message(query), state, view)
    await query.answer()


@router.message(ReturnForm.summary, _TEXT)
async def summary_typed(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    data = await state.get_data()
    totals = await trips.close(person, int(data["trip_id"]), message.text[:2000])
    await state.clear()
    await message.answer(_totals(totals))


@router.callback_query(TripCb.filter(F.action == TripAction.NO_SUMMARY))
async def no_summary(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    totals = await trips.close(person, callback_data.trip_id, None)
    await state.clear()
    await pressed_message(query).edit_text(_totals(totals), reply_markup=None)
    await query.answer()
