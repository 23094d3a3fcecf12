"""Declaring a trip: /trip, or one line of Chinese typed anywhere; the draft card's confirm and discard."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.errors import Invalid
from core.parsing.worker import parse_off_loop
from core.trips import TripQuestion, TripService, TripView, looks_like_trip, near_miss
from core.trips.text import joined_answer
from db.enums import Role
from db.models import Person
from handlers.shared.filters import TYPED_TEXT, HasRole
from handlers.shared.i18n import Safe, plain, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.trips.callbacks import TripAction, TripCb, TripSplitCb
from handlers.trips.form import TripForm
from handlers.trips.render import dates_text, draft_keyboard, trip_card, year_note

LINE = "trip_line"  # FSM data: the trip line understood so far, while a question about it is open
MISSING = "trip_missing"


class TripLine(StatesGroup):
    asked = State()  # a trip line left something open: waiting for the answer (text or a button)


CADRES = frozenset({Role.CADRE})
COMMANDS = [
    MenuCommand("trip", "cmd.trip", roles=CADRES, order=10, private=True),
]


def _plain_text(message: Message) -> bool:
    """Private, not a reply, not a command, not longer than a trip line can be: worth parsing (a
    command or a long text would be turned down by the parser anyway, without the round trip)."""
    text = message.text
    return (
        message.chat.type == "private"
        and message.reply_to_message is None
        and text is not None
        and not text.lstrip().startswith("/")
        and len(text.strip()) <= 300
    )


class NearMissTrip(BaseFilter):
    """Not a trip line, but about one (``我要出差``, ``深圳``): answered with a pointer to /trip."""

    async def __call__(self, message: Message) -> bool:
        return _plain_text(message) and await parse_off_loop(near_miss, message.text or "")


class LooksLikeTrip(BaseFilter):
    """A private, non-reply trip line: a travel verb and a place (``去深圳``), or a date and a place
    (``12月16日-18日，深圳``), or a date and a travel verb (``下周出差``: the place is asked for)."""

    async def __call__(self, message: Message, trips: TripService) -> bool:
        today = trips.clock.today()
        return _plain_text(message) and await parse_off_loop(looks_like_trip, message.text or "", today)


# --------------------------------------------------------------------------------------------- declaring


async def _show_draft(
    message: Message,
    person: Person,
    trips: TripService,
    text: str,
    state: FSMContext,
    split: int | None = None,
) -> None:
    """A draft card, or the one question the line leaves open (its text kept for the answer)."""
    found = await trips.understand(person, text, split=split)
    if isinstance(found, TripView):
        await state.clear()
        card = trip_card(found.payload, t("trip.card.draft"))
        year = year_note(found.start, found.end, trips.clock.today())
        lines = [str(card), *([str(year)] if year else []), "", str(t("trip.card.ask_confirm"))]
        await message.answer(Safe("\n".join(lines)), reply_markup=draft_keyboard(found.id))
        return
    await state.set_state(TripLine.asked)
    await state.update_data({LINE: found.text, MISSING: found.missing})
    await message.answer(_question_text(found), reply_markup=_question_keyboard(found))


def _question_text(question: TripQuestion) -> Safe:
    places = "、".join(question.places)
    if question.missing == "place":
        assert question.start is not None and question.end is not None
        return t("trip.ask.place", dates=dates_text(question.start, question.end))
    if question.missing == "dates":
        return t("trip.ask.dates", places=places)
    assert question.start is not None and question.end is not None
    key = "trip.ask.split" if question.options else "trip.ask.split_none"
    return t(key, places=places, dates=dates_text(question.start, question.end))


def _question_keyboard(question: TripQuestion) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, option in enumerate(question.options):
        label = "，".join(
            f"{leg.label} {plain(dates_text(leg.start, leg.end)).split('（')[0].split(' (')[0]}"
            for leg in option
        )
        kb.button(text=label[:60], callback_data=TripSplitCb(option=index))
    kb.button(text=t("trip.button.form"), callback_data=TripCb(action=TripAction.FORM))
    kb.button(text=t("form.button.abort"), callback_data=TripCb(action=TripAction.ABORT))
    kb.adjust(1)
    return kb.as_markup()


async def answered(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    """The answer to a trip line's question: joined to the line (a date, a place), or a new line."""
    assert message.text is not None
    data = await state.get_data()
    line, missing = str(data.get(LINE) or ""), data.get(MISSING)
    text = await parse_off_loop(joined_answer, line, str(missing or ""), message.text, trips.clock.today())
    await _show_draft(message, person, trips, text, state)


async def split_chosen(
    query: CallbackQuery, callback_data: TripSplitCb, person: Person, state: FSMContext, trips: TripService
) -> None:
    data = await state.get_data()
    if await state.get_state() != TripLine.asked.state or data.get(MISSING) != "split":
        raise Invalid("trip.question_gone")
    await _show_draft(pressed_message(query), person, trips, str(data[LINE]), state, callback_data.option)
    await query.answer()  # after the card: the press is settled once its answer is there


async def abort_question(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).edit_text(t("form.aborted"), reply_markup=None)
    await query.answer()


async def pointer(message: Message) -> None:
    """A near miss: how to declare a trip, instead of "not understood"."""
    await message.answer(t("trip.near_miss"))


async def trip_command(
    message: Message, command: CommandObject, person: Person, state: FSMContext, trips: TripService
) -> None:
    if command.args:
        await state.clear()
        await _show_draft(message, person, trips, command.args, state)
        return
    await state.set_state(TripForm.text)
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.form"), callback_data=TripCb(action=TripAction.FORM))
    kb.button(text=t("form.button.abort"), callback_data=TripCb(action=TripAction.ABORT))
    await message.answer(t("trip.prompt"), reply_markup=kb.as_markup())


async def trip_described(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text, state)  # bad input: answered, the prompt stays


async def trip_typed(message: Message, person: Person, state: FSMContext, trips: TripService) -> None:
    assert message.text is not None
    await _show_draft(message, person, trips, message.text, state)


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
    router.message.register(answered, TripLine.asked, TYPED_TEXT)
    router.callback_query.register(split_chosen, TripSplitCb.filter())
    router.callback_query.register(
        abort_question, TripLine.asked, TripCb.filter(F.action == TripAction.ABORT)
    )
    router.message.register(pointer, StateFilter(None), F.text, NearMissTrip())
    router.callback_query.register(confirm, TripCb.filter(F.action == TripAction.CONFIRM))
    router.callback_query.register(discard, TripCb.filter(F.action == TripAction.DISCARD))
    return router
