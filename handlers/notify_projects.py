"""Renderers of the projects feature's notifications (milestones, progress requests, 督办)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.i18n import Safe, t
from handlers.notifications import Rendered, renderer
from handlers.projects import (
    IssueAction,
    IssueButton,
    ProgressAction,
    ProgressButton,
    due_words,
    milestone_label,
    report_keyboard,
)


def _due(payload: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(payload["due"])


def _milestone(payload: dict[str, Any]) -> Safe:
    return milestone_label(payload["kind"], payload.get("name") or "")


def _due_text(payload: dict[str, Any]) -> Safe:
    text = payload.get("due_text")
    return t("milestone.due_text", text=text) if text else Safe("")


@renderer("milestone.reminder")
def milestone_reminder(payload: dict[str, Any]) -> Rendered:
    due = _due(payload)
    text = t(
        "milestone.reminder",
        project=payload["project"],
        milestone=_milestone(payload),
        due=due,
        due_text=_due_text(payload),
        when=due_words(due, int(payload["days_left"])),
    )
    return Rendered(text, report_keyboard(int(payload["milestone_id"])))


@renderer("milestone.overdue")
def milestone_overdue(payload: dict[str, Any]) -> Rendered:
    text = t(
        "milestone.overdue",
        project=payload["project"],
        milestone=_milestone(payload),
        due=_due(payload),
        due_text=_due_text(payload),
        days=payload["days_overdue"],
    )
    return Rendered(text, report_keyboard(int(payload["milestone_id"])))


@renderer("milestone.escalation")
def milestone_escalation(payload: dict[str, Any]) -> Rendered:
    key = "milestone.escalation.office" if payload.get("level") == "office" else "milestone.escalation.group"
    text = t(
        key,
        project=payload["project"],
        milestone=_milestone(payload),
        due=_due(payload),
        days=payload["days_overdue"],
        workdays=payload["workdays_overdue"],
        lead=payload["lead"],
        phone=payload.get("lead_phone") or "-",
    )
    return Rendered(text)


@renderer("progress.request")
def progress_request(payload: dict[str, Any]) -> Rendered:
    last = payload.get("last_progress_on")
    since = (
        t("progress.request.since", date=dt.date.fromisoformat(last)) if last else t("progress.request.never")
    )
    text = t("progress.request", project=payload["project"], days=payload["days_quiet"], since=since)
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("pj.btn.report"),
        callback_data=ProgressButton(action=ProgressAction.PICK, project_id=int(payload["project_id"])),
    )
    return Rendered(text, kb.as_markup())


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


@renderer("issue.raised")
def issue_raised(payload: dict[str, Any]) -> Rendered:
    text = t(
        "issue.notice.raised",
        code=payload["code"],
        project=payload.get("project") or "-",
        description=payload["description"],
        raiser=payload.get("raised_by") or "-",
    )
    return Rendered(text, issue_actions(int(payload["issue_id"])))


@renderer("issue.assigned")
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


@renderer("issue.answered")
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


@renderer("issue.closed")
def issue_closed(payload: dict[str, Any]) -> Rendered:
    return Rendered(
        t(
            "issue.notice.closed",
            code=payload["code"],
            project=payload.get("project") or "-",
            actor=payload["actor"],
        )
    )
