"""/mytrips: a cadre's trips, each with its card; edit or cancel one."""

from __future__ import annotations

import datetime as dt

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.clock import Clock
from core.trips import TripService, TripView
from db.enums import Role, TripStatus
from db.models import Person
from handlers.reports.callbacks import ReportAction, ReportCb
from handlers.shared.filters import HasRole
from handlers.shared.i18n import Safe, plain, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.trips.callbacks import MyTripAction, MyTripCb, ReturnDayCb, TripAction, TripCb
from handlers.trips.declare import CADRES
from handlers.trips.render import dates_text, status_text, trip_card, trip_place

COMMANDS = [
    MenuCommand("mytrips", "cmd.mytrips", roles=CADRES, order=12, private=True),
]


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
        # a button shows plain text: the label's HTML escapes (&amp;) would show as they are
        kb.button(text=plain(label, 128), callback_data=MyTripCb(action=MyTripAction.VIEW, trip_id=view.id))
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
    if own and view.status == TripStatus.RETURNED:
        kb.button(
            text=t("mytrips.button.reopen"),
            callback_data=MyTripCb(action=MyTripAction.REOPEN, trip_id=view.id),
        )
        kb.button(
            text=t("mytrips.button.fix_return"),
            callback_data=MyTripCb(action=MyTripAction.FIX_RETURN, trip_id=view.id),
        )
    kb.button(text=t("mytrips.button.list"), callback_data=MyTripCb(action=MyTripAction.LIST))
    kb.adjust(1)
    return kb.as_markup()


def _view_card(view: TripView, today: dt.date) -> Safe:
    return trip_card(view.payload, t("trip.card.view", status=status_text(view.payload, today)))


async def my_trips(message: Message, person: Person, trips: TripService, clock: Clock) -> None:
    views = await trips.mine(person)
    if not views:
        await message.answer(t("mytrips.empty"))
        return
    await message.answer(t("mytrips.title"), reply_markup=_list_keyboard(views, person, clock.today()))


async def my_trips_again(query: CallbackQuery, person: Person, trips: TripService, clock: Clock) -> None:
    views = await trips.mine(person)
    text = t("mytrips.title") if views else t("mytrips.empty")
    await pressed_message(query).edit_text(text, reply_markup=_list_keyboard(views, person, clock.today()))
    await query.answer()


async def show_trip(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.view(person, callback_data.trip_id)
    today = clock.today()
    await pressed_message(query).edit_text(
        _view_card(view, today), reply_markup=_trip_keyboard(view, person, today)
    )
    await query.answer()


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


async def cancel(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.cancel(person, callback_data.trip_id)
    text = Safe(f"{_view_card(view, clock.today())}\n\n{t('trip.cancelled')}")
    await pressed_message(query).edit_text(text, reply_markup=None)
    await query.answer()


async def reopen(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.reopen(person, callback_data.trip_id)
    today = clock.today()
    text = Safe(f"{_view_card(view, today)}\n\n{t('mytrips.reopened')}")
    await pressed_message(query).edit_text(text, reply_markup=_trip_keyboard(view, person, today))
    await query.answer()


async def ask_return_day(
    query: CallbackQuery, callback_data: MyTripCb, person: Person, trips: TripService, clock: Clock
) -> None:
    view = await trips.view(person, callback_data.trip_id)
    today = clock.today()
    kb = InlineKeyboardBuilder()
    day, last = view.start, min(view.end, today)
    while day <= last:
        kb.button(
            text=str(t("trip.day_button", day=day)),
            callback_data=ReturnDayCb(trip_id=view.id, day=day.toordinal()),
        )
        day += dt.timedelta(days=1)
    kb.adjust(4)
    kb.row()
    kb.button(text=t("mytrips.button.list"), callback_data=MyTripCb(action=MyTripAction.LIST))
    text = Safe(f"{_view_card(view, today)}\n\n{t('mytrips.fix_return_ask')}")
    await pressed_message(query).edit_text(text, reply_markup=kb.as_markup())
    await query.answer()


async def return_day(
    query: CallbackQuery, callback_data: ReturnDayCb, person: Person, trips: TripService, clock: Clock
) -> None:
    day = dt.date.fromordinal(max(callback_data.day, 1))
    view = await trips.correct_return(person, callback_data.trip_id, day)
    today = clock.today()
    text = Safe(f"{_view_card(view, today)}\n\n{t('mytrips.return_fixed', day=day)}")
    await pressed_message(query).edit_text(text, reply_markup=_trip_keyboard(view, person, today))
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
    router.callback_query.filter(HasRole(Role.CADRE))
    router.message.register(my_trips, Command("mytrips"))
    router.callback_query.register(my_trips_again, MyTripCb.filter(F.action == MyTripAction.LIST))
    router.callback_query.register(show_trip, MyTripCb.filter(F.action == MyTripAction.VIEW))
    router.callback_query.register(ask_cancel, MyTripCb.filter(F.action == MyTripAction.CANCEL))
    router.callback_query.register(cancel, MyTripCb.filter(F.action == MyTripAction.CANCEL_YES))
    router.callback_query.register(reopen, MyTripCb.filter(F.action == MyTripAction.REOPEN))
    router.callback_query.register(ask_return_day, MyTripCb.filter(F.action == MyTripAction.FIX_RETURN))
    router.callback_query.register(return_day, ReturnDayCb.filter())
    return router
