"""/back: close a trip on return, with an optional summary; the totals go to the office."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core import limits
from core.trips import TripService, TripTotals, TripView
from db.enums import Role
from db.models import Person
from handlers.shared.filters import TYPED_TEXT, HasRole
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.trips.callbacks import TripAction, TripCb
from handlers.trips.declare import CADRES
from handlers.trips.render import dates_text, totals_text, trip_place

COMMANDS = [
    MenuCommand("back", "cmd.back", roles=CADRES, order=13, private=True),
]


class ReturnForm(StatesGroup):
    summary = State()
    confirm = State()  # the typed summary is shown back before the trip is closed


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


async def back_chosen(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    view = await trips.closable(person, callback_data.trip_id)
    await _ask_summary(pressed_message(query), state, view)
    await query.answer()


async def summary_typed(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    """The summary is shown back with the trip; only the button closes it (nothing is stored yet)."""
    assert message.text is not None
    limits.check_text(message.text, limits.TRIP_SUMMARY)
    data = await state.get_data()
    view = await trips.closable(person, int(data["trip_id"]))
    await state.set_state(ReturnForm.confirm)
    await state.set_data({"trip_id": view.id, "summary": message.text})
    kb = InlineKeyboardBuilder()
    kb.button(text=t("back.button.close"), callback_data=TripCb(action=TripAction.CLOSE, trip_id=view.id))
    kb.button(
        text=t("back.button.rewrite"), callback_data=TripCb(action=TripAction.RESUMMARISE, trip_id=view.id)
    )
    kb.adjust(1)
    text = t(
        "back.confirm",
        place=trip_place(view.payload),
        dates=dates_text(view.start, view.end),
        summary=message.text.strip(),
    )
    await message.answer(text, reply_markup=kb.as_markup())


async def close_confirmed(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    data = await state.get_data()
    if data.get("trip_id") != callback_data.trip_id or "summary" not in data:
        await query.answer(t("error.stale_button"), show_alert=True)
        return
    totals = await trips.close(person, callback_data.trip_id, str(data["summary"]))
    await state.clear()
    await pressed_message(query).edit_text(_totals(totals), reply_markup=None)
    await query.answer()


async def rewrite(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    view = await trips.closable(person, callback_data.trip_id)
    await state.set_state(ReturnForm.summary)
    await state.set_data({"trip_id": view.id})
    await pressed_message(query).edit_reply_markup(reply_markup=None)
    await pressed_message(query).answer(t("back.rewrite"))
    await query.answer()


async def confirm_pending(message: Message) -> None:
    """Text while the summary waits for its button: the buttons decide, nothing is closed by typing."""
    await message.answer(t("back.press_button"))


async def no_summary(
    query: CallbackQuery, callback_data: TripCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    totals = await trips.close(person, callback_data.trip_id, None)
    await state.clear()
    await pressed_message(query).edit_text(_totals(totals), reply_markup=None)
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
    router.callback_query.filter(HasRole(Role.CADRE))
    router.message.register(back, Command("back"))
    router.callback_query.register(back_chosen, TripCb.filter(F.action == TripAction.BACK))
    router.message.register(summary_typed, ReturnForm.summary, TYPED_TEXT)
    router.callback_query.register(no_summary, TripCb.filter(F.action == TripAction.NO_SUMMARY))
    router.callback_query.register(close_confirmed, TripCb.filter(F.action == TripAction.CLOSE))
    router.callback_query.register(rewrite, TripCb.filter(F.action == TripAction.RESUMMARISE))
    router.message.register(confirm_pending, ReturnForm.confirm, TYPED_TEXT)
    return router
