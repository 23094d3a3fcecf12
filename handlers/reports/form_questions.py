"""The daily report form's questions: its states, its data (the report being written, kept in the FSM
data so a half-filled report resumes after a restart), how each step asks, the review and the
answer once saved. The answers are in form.py."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.reports import (
    LeadInput,
    ReportInput,
    ReportResult,
    ReportService,
)
from handlers.reports.callbacks import REPORT_FIELDS, ReportAction, ReportCb
from handlers.shared import form_steps
from handlers.shared.answer import answer_long
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.render import join, money

PIN_KM = "report_pin_km"  # FSM data: how far a shared location is from the day's city (beyond the limit)


class ReportForm(StatesGroup):
    place = State()
    visits = State()
    outcome = State()
    leads = State()
    photos = State()
    coauthors = State()
    review = State()


# --------------------------------------------------------------------------------------------- form data


@dataclass(frozen=True)
class Deps:
    """What the report form's steps use, injected into every turn."""

    reports: ReportService


Step = form_steps.Step[Deps]
Turn = form_steps.Turn[Deps]


def report_of(data: dict[str, Any]) -> ReportInput:
    return ReportInput.from_json(data["report"])


async def put_report(state: FSMContext, data: dict[str, Any], report: ReportInput) -> dict[str, Any]:
    data["report"] = report.to_json()
    await state.set_data(data)
    return data


def change_report(turn: Turn, **changes: Any) -> None:
    """Change the report in the turn's data (the engine stores it)."""
    turn.data["report"] = dataclasses.replace(report_of(turn.data), **changes).to_json()


def form_button(key: str, action: ReportAction, **params: Any) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=t(key, **params), callback_data=ReportCb(action=action).pack())


def one_per_row(*buttons: InlineKeyboardButton | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[b] for b in buttons if b is not None])


def keep_button(data: dict[str, Any], field: str) -> InlineKeyboardButton | None:
    existing = data.get("existing") or {}
    return form_button("report.button.keep", ReportAction.KEEP) if existing.get(field) else None


def _only(turn: Turn, field: str) -> bool:
    """Changing one field from the review, and it is not this one: back to the review."""
    only = turn.data.get("only")
    return only is not None and only != field


async def ask_visits(turn: Turn) -> None:
    if _only(turn, "visits"):
        await review(turn)
        return
    await turn.state.set_state(ReportForm.visits)
    skip = form_button("report.button.skip", ReportAction.SKIP)
    await turn.target.answer(
        t("report.ask_visits"), reply_markup=one_per_row(keep_button(turn.data, "visits"), skip)
    )


async def ask_outcome(turn: Turn) -> None:
    if _only(turn, "outcome"):
        await review(turn)
        return
    await turn.state.set_state(ReportForm.outcome)
    skip = form_button("report.button.skip", ReportAction.SKIP)
    await turn.target.answer(
        t("report.ask_outcome"), reply_markup=one_per_row(keep_button(turn.data, "outcome"), skip)
    )


async def ask_leads(turn: Turn) -> None:
    if _only(turn, "leads"):
        await review(turn)
        return
    await turn.state.set_state(ReportForm.leads)
    text = t("report.ask_leads")
    if turn.data.get("known_leads"):
        names = join(quote(n) for n in turn.data["known_leads"])
        text = Safe(f"{text}\n{t('report.known_leads', names=names)}")
    await turn.target.answer(
        text, reply_markup=one_per_row(form_button("report.button.none", ReportAction.SKIP))
    )


async def ask_photos(turn: Turn) -> None:
    if _only(turn, "photos"):
        await review(turn)
        return
    await turn.state.set_state(ReportForm.photos)
    buttons = one_per_row(
        form_button("report.button.done", ReportAction.DONE),
        form_button("report.button.skip", ReportAction.SKIP),
    )
    await turn.target.answer(t("report.ask_photos"), reply_markup=buttons)


def coauthor_markup(data: dict[str, Any]) -> InlineKeyboardMarkup:
    chosen = set(report_of(data).coauthor_ids)
    kb = InlineKeyboardBuilder()
    for pid, name in data["candidates"]:
        mark = "✅ " if pid in chosen else "⬜ "
        kb.button(text=mark + name, callback_data=ReportCb(action=ReportAction.TOGGLE, arg=pid))
    kb.button(text=t("report.button.done"), callback_data=ReportCb(action=ReportAction.DONE))
    kb.adjust(1)
    return kb.as_markup()


async def coauthors_or_review(turn: Turn) -> None:
    if turn.data["candidates"] and not turn.data.get("only"):
        await turn.state.set_state(ReportForm.coauthors)
        await turn.target.answer(t("report.ask_coauthors"), reply_markup=coauthor_markup(turn.data))
        return
    await review(turn)


def lead_line(lead: LeadInput) -> Safe:
    industry = f"（{lead.industry}）" if lead.industry else ""
    amount = f" {money(lead.investment_wan)}" if lead.investment_wan is not None else ""
    return t("report.review.lead", company=lead.company, industry=industry, amount=amount)


def review_text(data: dict[str, Any]) -> Safe:
    report = report_of(data)
    none = t("report.review.none")
    late = t("report.mark.late") if data.get("late") else Safe("")
    if report.latitude is not None and report.longitude is not None:
        # a shared location is shown as its place name, never as raw coordinates
        pin = t("report.location_pin", place=report.location_text or t("report.location_unknown"))
        place = Safe(f"{quote(report.city or '')} {pin}".strip())
    else:
        place = quote(report.location_text or report.city or "") or none
    lines = [
        t("report.review.title", day=report.day, late=late),
        t("report.review.place", place=place),
        t("report.review.visits", text=report.visits or none),
        t("report.review.outcome", text=report.outcome or none),
        *(lead_line(lead) for lead in report.leads),
    ]
    if data.get(PIN_KM) is not None and report.latitude is not None:
        lines.append(
            t(
                "report.location_far",
                place=report.location_text or t("report.location_unknown"),
                city=report.city or "-",
                km=round(data[PIN_KM]),
            )
        )
    if report.photos:
        lines.append(t("report.review.photos", count=len(report.photos)))
    names = dict((pid, name) for pid, name in data["candidates"])
    if report.coauthor_ids:
        chosen = join(quote(names.get(pid, "?")) for pid in report.coauthor_ids)
        lines.append(t("report.review.coauthors", names=chosen))
    return Safe("\n".join(lines))


def review_markup() -> InlineKeyboardMarkup:
    """Submit; change one field (place, visits, outcome, leads, photos) without the whole form; discard."""
    kb = InlineKeyboardBuilder()
    kb.button(text=t("report.button.submit"), callback_data=ReportCb(action=ReportAction.SUBMIT))
    for index, field in enumerate(REPORT_FIELDS):
        kb.button(
            text=t(f"report.field.{field}"), callback_data=ReportCb(action=ReportAction.FIELD, arg=index)
        )
    kb.button(text=t("report.button.discard"), callback_data=ReportCb(action=ReportAction.DISCARD))
    kb.adjust(1, 3, 2, 1)
    return kb.as_markup()


async def review(turn: Turn) -> None:
    if turn.data.pop("only", None) is not None:
        await turn.state.set_data(turn.data)
    await turn.state.set_state(ReportForm.review)
    await answer_long(turn.target, review_text(turn.data), review_markup())  # long visits, outcome and leads


def saved_text(result: ReportResult) -> Safe:
    late = t("report.mark.late") if result.is_late else Safe("")
    key = "report.edited" if result.edited else "report.saved"
    lines = [t(key, day=result.day, late=late)]
    if result.leads_created:
        names = join(
            quote(name) + (f"（{money(wan)}）" if wan is not None else "")
            for name, wan in result.leads_created
        )
        lines.append(t("report.leads_created", names=names))
    if result.leads_known:
        lines.append(t("report.leads_known", names=join(quote(n) for n in result.leads_known)))
    if result.coauthors:
        lines.append(t("report.coauthored", names=join(quote(n) for n in result.coauthors)))
    return Safe("\n".join(lines))
