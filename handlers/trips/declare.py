"""Declaring a trip: /trip, or one line of Chinese typed anywhere; the draft card's confirm and discard."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.parsing.worker import parse_off_loop
from core.trips import TripService, looks_like_trip
from db.enums import Role
from db.models import Person
from handlers.shared.filters import TYPED_TEXT, HasRole
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.trips.callbacks import TripAction, TripCb
from handlers.trips.form import TripForm
from handlers.trips.render import draft_keyboard, trip_card

CADRES = frozenset({Role.CADRE})
COMMANDS = [
    MenuCommand("trip", "cmd.trip", roles=CADRES, order=10, private=True),
]


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


async def trip_described(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text)  # bad input: answered, the prompt stays
    await state.clear()


async def trip_typed(message: Message, person: Person, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text)


async def confirm(query: CallbackQuery, callback_data: TripCb, person: Person, trips: TripService) -> None:
    view = await trips.confirm(person, callback_data.trip_id)
    card = trip_card(view.payload, t("trip.card.view", status=t("trip.status.planned")))
    await pressed_message(query).edit_text(Safe(f"{card}\n\n{t('trip.confirmed')}"), reply_markup=None)
    await query.answer()


async def discard(query: CallbackQuery, callback_data: TripCb, person: Person, trips: TripService) -> None:
    await trips.discard(person, callback_data.trip_id)
    await pressed_message(query).edit_text(t("trip.discarded"), reply_markup=None)
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.CADRE), F.chat.type == "private")
    router.callback_query.filter(HasRole(Role.CADRE))
    router.message.register(trip_command, Command("trip"))
    router.message.register(trip_described, TripForm.text, TYPED_TEXT)
    router.message.register(trip_typed, StateFilter(None), F.text, LooksLikeTrip())
    router.callback_query.register(confirm, TripCb.filter(F.action == TripAction.CONFIRM))
    router.callback_query.register(discard, TripCb.filter(F.action == TripAction.DISCARD))
    return router
