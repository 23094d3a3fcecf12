"""Renderers of coordination issue (督办) notifications: raised, assigned, answered, closed."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup

from core.delivery.kinds import Kind
from handlers.coordination.callbacks import IssueAction, IssueButton
from handlers.shared.i18n import t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import keyboard


def issue_actions(issue_id: int) -> InlineKeyboardMarkup:
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


def _issue_notice(key: str, payload: dict[str, Any], *fields: str) -> Rendered:
    """One step of an issue told to its raiser: the code, the project and the step's own fields."""
    return Rendered(
        t(
            key,
            code=payload["code"],
            project=payload.get("project") or "-",
            **{field: payload[field] for field in fields},
        )
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
    return Rendered(text, issue_actions(int(payload["issue_id"])))


@renderer(Kind.ISSUE_ASSIGNED)
def issue_assigned(payload: dict[str, Any]) -> Rendered:
    return _issue_notice("issue.notice.assigned", payload, "unit", "actor")


@renderer(Kind.ISSUE_ANSWERED)
def issue_answered(payload: dict[str, Any]) -> Rendered:
    return _issue_notice("issue.notice.answered", payload, "answer", "actor")


@renderer(Kind.ISSUE_CLOSED)
def issue_closed(payload: dict[str, Any]) -> Rendered:
    return _issue_notice("issue.notice.closed", payload, "actor")
