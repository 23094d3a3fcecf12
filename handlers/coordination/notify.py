"""Renderers of coordination issue (督办) notifications: raised, assigned or passed on, answered, closing
(to confirm), confirmed, reopened; generated orders and their escalation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from core.delivery.kinds import Kind
from handlers.coordination.callbacks import IssueAction, IssueButton, OrderAction, OrderButton
from handlers.shared.i18n import Safe, t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import keyboard


def issue_actions(issue_id: int) -> InlineKeyboardMarkup:
    """The office's and the group leader's buttons: assign, answer, close."""
    return keyboard(
        *(
            (key, IssueButton(action=action, issue_id=issue_id))
            for key, action in (
                ("pj.btn.issue.assign", IssueAction.ASSIGN),
                ("pj.btn.issue.answer", IssueAction.ANSWER),
                ("pj.btn.issue.close", IssueAction.CLOSE),
            )
        ),
        width=3,
    )


def unit_actions(issue_id: int) -> InlineKeyboardMarkup:
    """The unit contact's buttons: answer, close with a note, pass on to another unit."""
    return keyboard(
        ("pj.btn.issue.answer", IssueButton(action=IssueAction.ANSWER, issue_id=issue_id)),
        ("pj.btn.issue.close", IssueButton(action=IssueAction.CLOSE, issue_id=issue_id)),
        ("order.btn.transfer", IssueButton(action=IssueAction.ASSIGN, issue_id=issue_id)),
        width=3,
    )


def confirm_actions(issue_id: int) -> InlineKeyboardMarkup:
    """The raiser's (or the office's) buttons on a closing: confirm, or send it back."""
    return keyboard(
        ("order.btn.confirm", OrderButton(action=OrderAction.CONFIRM, issue_id=issue_id)),
        ("order.btn.reopen", OrderButton(action=OrderAction.REOPEN, issue_id=issue_id)),
        width=2,
    )


def _due(payload: dict[str, Any]) -> Safe:
    due = payload.get("answer_due")
    return t("order.due", date=dt.date.fromisoformat(due)) if due else Safe("")


def _issue_notice(key: str, payload: dict[str, Any], *fields: str) -> Safe:
    """One step of an issue: the code, the project and the step's own fields."""
    return t(
        key,
        code=payload["code"],
        project=payload.get("project") or "-",
        **{field: payload.get(field) or "-" for field in fields},
    )


@renderer(Kind.ISSUE_RAISED)
def issue_raised(payload: dict[str, Any]) -> Rendered:
    text = t(
        "issue.notice.raised",
        code=payload["code"],
        project=payload.get("project") or "-",
        description=payload["description"],
        raiser=payload.get("raised_by") or "-",
    )
    return Rendered(Safe(text + _due(payload)), issue_actions(int(payload["issue_id"])))


@renderer(Kind.ISSUE_ASSIGNED)
def issue_assigned(payload: dict[str, Any]) -> Rendered:
    if payload.get("from_unit"):
        return Rendered(_issue_notice("issue.notice.transferred", payload, "from_unit", "unit", "actor"))
    return Rendered(_issue_notice("issue.notice.assigned", payload, "unit", "actor"))


@renderer(Kind.ISSUE_ANSWERED)
def issue_answered(payload: dict[str, Any]) -> Rendered:
    return Rendered(_issue_notice("issue.notice.answered", payload, "answer", "actor"))


@renderer(Kind.ISSUE_CLOSED)
def issue_closed(payload: dict[str, Any]) -> Rendered:
    return Rendered(_issue_notice("issue.notice.closed", payload, "actor"))


@renderer(Kind.ISSUE_CLOSING)
def issue_closing(payload: dict[str, Any]) -> Rendered:
    text = _issue_notice("issue.notice.closing", payload, "actor", "note")
    return Rendered(text, confirm_actions(int(payload["issue_id"])))


@renderer(Kind.ISSUE_CONFIRMED)
def issue_confirmed(payload: dict[str, Any]) -> Rendered:
    return Rendered(_issue_notice("issue.notice.confirmed", payload, "actor"))


@renderer(Kind.ISSUE_REOPENED)
def issue_reopened(payload: dict[str, Any]) -> Rendered:
    text = _issue_notice("issue.notice.reopened", payload, "actor", "reason")
    return Rendered(Safe(text + _due(payload)), unit_actions(int(payload["issue_id"])))


@renderer(Kind.ORDER_ISSUED)
def order_issued(payload: dict[str, Any]) -> Rendered:
    audience = payload.get("audience") or "unit"
    text = t(
        "order.notice.issued",
        code=payload["code"],
        project=payload.get("project") or "-",
        description=payload["description"],
        unit=payload.get("unit") or t("order.no_unit"),
        lead=payload.get("lead") or "-",
    )
    text = Safe(text + _due(payload) + t(f"order.notice.for.{audience}"))
    issue_id = int(payload["issue_id"])
    markup = {"unit": unit_actions(issue_id), "office": issue_actions(issue_id)}.get(audience)
    return Rendered(text, markup)


@renderer(Kind.ORDER_ASSIGNED)
def order_assigned(payload: dict[str, Any]) -> Rendered:
    text = _issue_notice("order.notice.assigned", payload, "actor", "unit", "description")
    return Rendered(Safe(text + _due(payload)), unit_actions(int(payload["issue_id"])))


@renderer(Kind.ORDER_ESCALATED)
def order_escalated(payload: dict[str, Any]) -> Rendered:
    text = t(
        f"order.notice.escalated.{int(payload.get('level') or 1)}",
        code=payload["code"],
        project=payload.get("project") or "-",
        description=payload["description"],
        unit=payload.get("unit") or t("order.no_unit"),
        days=int(payload.get("late_days") or 0),
    )
    return Rendered(text, issue_actions(int(payload["issue_id"])))
