"""Renderers of coordination issue (督办) notifications: raised, assigned, answered, closed."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.notification_kinds import Kind
from handlers.coordination.callbacks import IssueAction, IssueButton
from handlers.shared.i18n import t
from handlers.shared.notifications import Rendered, renderer


def issue_actions(issue_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("pj.btn.issue.assign"), callback_data=IssueButton(action=IssueAction.ASSIGN, issue_id=issue_id)
    )
    kb.button(
        text=t("pj.btn.issue.answer"), callback_data=IssueButton(action=IssueAction.ANSWER, issue_id=issue_id)
    )
    kb.button(
        text=t("pj.btn.issue.close"), callback_data=IssueButton(action=IssueAction.CLOSE, issue_id=issue_id)
    )
    kb.adjust(3)
    return kb.as_markup()


@renderer(Kind.ISSUE_RAISED)
def issue_raised(payload: dict[str, Any]) -> Rendered:
    text = t(
        "issue.notice.raised",
        code=payload["code"],
        project=payload.get("project") or "-",
        description=payload["description"],
        raiser=payload.get("raised_by") or "-",
    )
    return Rendered(text, issue_actions(int(payload["issue_id"])))


@renderer(Kind.ISSUE_ASSIGNED)
def issue_assigned(payload: dict[str, Any]) -> Rendered:
    return Rendered(
        t(
            "issue.notice.assigned",
            code=payload["code"],
            project=payload.get("project") or "-",
            unit=payload["unit"],
            actor=payload["actor"],
        )
    )


@renderer(Kind.ISSUE_ANSWERED)
def issue_answered(payload: dict[str, Any]) -> Rendered:
    return Rendered(
        t(
            "issue.notice.answered",
            code=payload["code"],
            project=payload.get("project") or "-",
            answer=payload["answer"],
            actor=payload["actor"],
        )
    )


@renderer(Kind.ISSUE_CLOSED)
def issue_closed(payload: dict[str, Any]) -> Rendered:
    return Rendered(
        t(
            "issue.notice.closed",
            code=payload["code"],
            project=payload.get("project") or "-",
            actor=payload["actor"],
        )
    )
