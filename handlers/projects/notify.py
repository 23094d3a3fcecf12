"""Renderers of the projects feature's notifications: milestone reminders (T-7/T-3/T-1/T-0), overdue
notices and their escalations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.delivery.kinds import Kind
from handlers.projects.render import due_words, report_keyboard
from handlers.shared.i18n import Safe, t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import milestone


def _due(payload: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(payload["due"])


def _about(payload: dict[str, Any]) -> dict[str, Any]:
    """What every milestone notice names: the project, the milestone and its due date."""
    return {
        "project": payload["project"],
        "milestone": milestone(payload["kind"], payload.get("name")),
        "due": _due(payload),
    }


def _due_text(payload: dict[str, Any]) -> Safe:
    text = payload.get("due_text")
    return t("milestone.due_text", text=text) if text else Safe("")


@renderer(Kind.MILESTONE_REMINDER)
def milestone_reminder(payload: dict[str, Any]) -> Rendered:
    text = t(
        "milestone.reminder",
        **_about(payload),
        due_text=_due_text(payload),
        when=due_words(_due(payload), int(payload["days_left"])),
    )
    return Rendered(text, report_keyboard(int(payload["milestone_id"])))


@renderer(Kind.MILESTONE_OVERDUE)
def milestone_overdue(payload: dict[str, Any]) -> Rendered:
    text = t(
        "milestone.overdue", **_about(payload), due_text=_due_text(payload), days=payload["days_overdue"]
    )
    return Rendered(text, report_keyboard(int(payload["milestone_id"])))


@renderer(Kind.MILESTONE_ESCALATION)
def milestone_escalation(payload: dict[str, Any]) -> Rendered:
    key = "milestone.escalation.office" if payload.get("level") == "office" else "milestone.escalation.group"
    text = t(
        key,
        **_about(payload),
        days=payload["days_overdue"],
        workdays=payload["workdays_overdue"],
        lead=payload["lead"],
        phone=payload.get("lead_phone") or "-",
    )
    return Rendered(text)
