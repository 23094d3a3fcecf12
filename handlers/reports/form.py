"""The daily trip report (日报): /report, the reminder's [填报] button, or a reply to the reminder.

Steps: where (the itinerary's city by default, a typed city, or a location pin) → visits →
outcome → new leads (``比亚迪 新能源汽车 约5亿元``, one a line) → photos → companions covered by a
joint report → review → submit. Anyone on the trip may report (companions need not be cadres);
core checks every trip id and day against the person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core import limits
from core.reports import (
    PhotoInput,
    ReportInput,
    ReportService,
    ReportStart,
    parse_leads,
)
from db.enums import Role
from db.models import Person
from handlers.reports.callbacks import REPORT_FIELDS, ReportAction, ReportCb
from handlers.reports.form_questions import (
    PIN_KM,
    Deps,
    ReportForm,
    Step,
    Turn,
    ask_leads,
    ask_outcome,
    ask_photos,
    ask_visits,
    change_report,
    coauthor_markup,
    coauthors_or_review,
    form_button,
    keep_button,
    one_per_row,
    put_report,
    report_of,
    review,
    review_text,
    saved_text,
)
from handlers.shared import form_steps
from handlers.shared.filters import Registered
from handlers.shared.form_steps import no_change
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.splitting import split_html

COMMANDS = [MenuCommand("report", "cmd.report", roles=frozenset({Role.CADRE}), order=11, private=True)]


class RepliesToReminder(BaseFilter):
    """A reply to the bot's report reminder: gives the handler the reminder's trip and day."""

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        reminder = message.reply_to_message
        if reminder is None or reminder.from_user is None or not reminder.from_user.is_bot:
            return False
        markup = reminder.reply_markup
        for row in markup.inline_keyboard if markup else []:
            for button in row:
                data = button.callback_data or ""
                if data.startswith(f"{ReportCb.__prefix__}:"):
                    fill = ReportCb.unpack(data)
                    if fill.action == ReportAction.FILL:
                        return {"reminder": fill}
        return False


async def _settle(query: CallbackQuery, shown: Safe | None = None) -> None:
    await pressed_message(query).edit_reply_markup(reply_markup=None)
    await query.answer()


# --------------------------------------------------------------------------------------------- the steps


async def _begin(
    target: Message, state: FSMContext, start: ReportStart, reports: ReportService, visits: str | None = None
) -> None:
    limits.check_text(visits, limits.REPORT_TEXT)  # a reply to the reminder: its text is the visits
    report = start.existing or ReportInput(start.trip_id, start.day, city=start.default_city or None)
    data: dict[str, Any] = {
        "default_city": start.default_city,
        "candidates": [list(c) for c in start.candidates],
        "existing": start.existing.to_json() if start.existing else None,
        "known_leads": list(start.known_leads),
        "late": start.is_late,
    }
    late = t("report.mark.late") if start.is_late else Safe("")
    lines = [t("report.begin", day=start.day, late=late, cadre=start.cadre, city=start.default_city or "-")]
    if start.existing:
        lines.append(t("report.editing"))
    await target.answer(Safe("\n".join(lines)))
    if visits:
        await put_report(state, data, dataclasses.replace(report, visits=visits.strip()))
        await ask_outcome(Turn(target, state, data, Deps(reports)))
        return
    await put_report(state, data, report)
    if start.existing:  # today's report again: the review, to change one field
        await review(Turn(target, state, data, Deps(reports)))
        return
    await ask_place(target, state, data, start.default_city)


async def ask_place(
    target: Message, state: FSMContext, data: dict[str, Any], default_city: str | None
) -> None:
    await state.set_state(ReportForm.place)
    here = form_button("report.button.here", ReportAction.HERE, city=default_city) if default_city else None
    await target.answer(t("report.ask_place"), reply_markup=one_per_row(here, keep_button(data, "city")))


# --------------------------------------------------------------------------------------------- opening


async def report_command(
    message: Message,
    person: Person,
    state: FSMContext,
    reports: ReportService,
    command: CommandObject | None = None,
) -> None:
    """/report: today's report or a late one (补报) within the grace window; /report 昨天 opens that day."""
    day = await reports.day_from_text(command.args) if command is not None and command.args else None
    open_slots = await reports.open_slots(person, day)
    if not open_slots:
        has_trip_days = bool(await reports.slots(person))
        await message.answer(t("report.all_done") if has_trip_days else t("report.none"))
        return
    if len(open_slots) == 1:
        start = await reports.begin(person, open_slots[0].trip_id, open_slots[0].day)
        await _begin(message, state, start, reports)
        return
    kb = InlineKeyboardBuilder()
    for slot in open_slots:
        mark = t("report.mark.done") if slot.done else t("report.mark.late") if slot.late else Safe("")
        kb.button(
            text=t("report.slot", day=slot.day, city=slot.city, mark=mark),
            callback_data=ReportCb(action=ReportAction.FILL, trip_id=slot.trip_id, day=slot.day.toordinal()),
        )
    kb.adjust(1)
    await message.answer(t("report.choose"), reply_markup=kb.as_markup())


async def fill(
    query: CallbackQuery, callback_data: ReportCb, person: Person, state: FSMContext, reports: ReportService
) -> None:
    day = dt.date.fromordinal(max(callback_data.day, 1))
    start = await reports.begin(person, callback_data.trip_id, day)
    await _begin(pressed_message(query), state, start, reports)
    await query.answer()


async def reply_to_reminder(
    message: Message, reminder: ReportCb, person: Person, state: FSMContext, reports: ReportService
) -> None:
    start = await reports.begin(person, reminder.trip_id, dt.date.fromordinal(max(reminder.day, 1)))
    await _begin(message, state, start, reports, visits=message.text or message.caption)


async def discard(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).edit_text(t("report.discarded"), reply_markup=None)
    await query.answer()


# --------------------------------------------------------------------------------------------- the steps' answers


async def place_typed(turn: Turn, text: str) -> None:
    city, written = await turn.deps.reports.place_from_text(text)
    change_report(turn, city=city, location_text=written, latitude=None, longitude=None)
    turn.data[PIN_KM] = None


async def place_here(turn: Turn, _: object) -> None:
    city = turn.data.get("default_city") or None
    change_report(turn, city=city, location_text=None, latitude=None, longitude=None)
    turn.data[PIN_KM] = None


async def place_pinned(message: Message, state: FSMContext, reports: ReportService) -> None:
    assert message.location is not None
    turn = Turn(message, state, await state.get_data(), Deps(reports))
    location = message.location
    city = turn.data.get("default_city") or None
    pinned = await reports.pin(location.latitude, location.longitude, city)
    change_report(
        turn,
        city=city,
        location_text=pinned.label,
        latitude=location.latitude,
        longitude=location.longitude,
    )
    turn.data[PIN_KM] = pinned.km_away
    await state.set_data(turn.data)
    await ask_visits(turn)


async def visits_typed(turn: Turn, text: str) -> None:
    limits.check_text(text, limits.REPORT_TEXT)
    change_report(turn, visits=text.strip())


async def visits_skipped(turn: Turn, _: object) -> None:
    change_report(turn, visits=None)


async def outcome_typed(turn: Turn, text: str) -> None:
    limits.check_text(text, limits.REPORT_TEXT)
    change_report(turn, outcome=text.strip())


async def outcome_skipped(turn: Turn, _: object) -> None:
    change_report(turn, outcome=None)


async def leads_typed(turn: Turn, text: str) -> None:
    change_report(turn, leads=parse_leads(text))  # an unreadable line is answered; the step stays


async def no_leads(turn: Turn, _: object) -> None:
    change_report(turn, leads=())


async def no_photos(turn: Turn, _: object) -> None:
    change_report(turn, photos=())


async def photo_sent(message: Message, state: FSMContext) -> None:
    assert message.photo
    largest = message.photo[-1]
    data = await state.get_data()
    report = report_of(data)
    limits.check_photos(len(report.photos) + 1, limits.REPORT_PHOTOS)
    photos = (*report.photos, PhotoInput(largest.file_id, largest.file_unique_id, message.caption))
    await put_report(state, data, dataclasses.replace(report, photos=photos))
    await message.answer(t("report.photo_saved", count=len(photos)))


async def photo_please(message: Message) -> None:
    await message.answer(t("report.photo_please"))


A = ReportAction
FORM = form_steps.Form(ReportCb, Deps, _settle)
STEPS = (
    Step(ReportForm.place, ask_visits, place_typed, {A.HERE: place_here, A.KEEP: no_change}),
    Step(ReportForm.visits, ask_outcome, visits_typed, {A.SKIP: visits_skipped, A.KEEP: no_change}),
    Step(ReportForm.outcome, ask_leads, outcome_typed, {A.SKIP: outcome_skipped, A.KEEP: no_change}),
    Step(ReportForm.leads, ask_photos, leads_typed, {A.SKIP: no_leads}),
    Step(ReportForm.photos, coauthors_or_review, buttons={A.DONE: no_change, A.SKIP: no_photos}),
    Step(ReportForm.coauthors, review, buttons={A.DONE: no_change}),
)


# --------------------------------------------------------------------------------------------- joint report


async def toggle_coauthor(query: CallbackQuery, callback_data: ReportCb, state: FSMContext) -> None:
    data = await state.get_data()
    if callback_data.arg not in {pid for pid, _ in data["candidates"]}:
        await query.answer(str(t("error.stale_button")), show_alert=True)
        return
    report = report_of(data)
    chosen = list(report.coauthor_ids)
    chosen = (
        [p for p in chosen if p != callback_data.arg]
        if callback_data.arg in chosen
        else [*chosen, callback_data.arg]
    )
    data = await put_report(state, data, dataclasses.replace(report, coauthor_ids=tuple(chosen)))
    await pressed_message(query).edit_reply_markup(reply_markup=coauthor_markup(data))
    await query.answer()


async def text_please(message: Message) -> None:
    await message.answer(t("form.text_please"))


# --------------------------------------------------------------------------------------------- submit


async def change_field(
    query: CallbackQuery, callback_data: ReportCb, state: FSMContext, reports: ReportService
) -> None:
    """A field button on the review: ask that one question, then come back to the review."""
    if callback_data.arg >= len(REPORT_FIELDS):
        await query.answer(str(t("error.stale_button")), show_alert=True)
        return
    field = REPORT_FIELDS[callback_data.arg]
    data = await state.get_data()
    data["only"] = field
    await state.set_data(data)
    turn = Turn(pressed_message(query), state, data, Deps(reports))
    if field == "place":
        await ask_place(turn.target, state, data, data.get("default_city"))
    else:
        await {"visits": ask_visits, "outcome": ask_outcome, "leads": ask_leads, "photos": ask_photos}[field](
            turn
        )
    await _settle(query)


async def submit(query: CallbackQuery, person: Person, state: FSMContext, reports: ReportService) -> None:
    data = await state.get_data()
    result = await reports.submit(person, report_of(data))
    await state.clear()
    text = Safe(f"{review_text(data)}\n\n{saved_text(result)}")
    if len(split_html(text)) == 1:
        await pressed_message(query).edit_text(text, reply_markup=None)
    else:  # a long review was sent in parts: they stay, the buttons go, the outcome comes below
        await pressed_message(query).edit_reply_markup(reply_markup=None)
        await pressed_message(query).answer(saved_text(result))
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.message.register(report_command, Command("report"))
    router.callback_query.register(fill, ReportCb.filter(F.action == ReportAction.FILL))
    router.message.register(reply_to_reminder, F.text | F.photo, RepliesToReminder())
    router.callback_query.register(
        discard, StateFilter(*ReportForm.__all_states__), ReportCb.filter(F.action == ReportAction.DISCARD)
    )
    form_steps.register_steps(router, FORM, STEPS)
    router.message.register(place_pinned, ReportForm.place, F.location)
    router.message.register(photo_sent, ReportForm.photos, F.photo)
    router.message.register(photo_please, ReportForm.photos, ~F.photo, ~F.text.startswith("/"))
    router.callback_query.register(
        toggle_coauthor, ReportForm.coauthors, ReportCb.filter(F.action == ReportAction.TOGGLE)
    )
    router.message.register(
        text_please,
        StateFilter(ReportForm.place, ReportForm.visits, ReportForm.outcome, ReportForm.leads),
        ~F.text,
    )
    router.callback_query.register(
        submit, ReportForm.review, ReportCb.filter(F.action == ReportAction.SUBMIT)
    )
    router.callback_query.register(
        change_field, ReportForm.review, ReportCb.filter(F.action == ReportAction.FIELD)
    )
    return router
