"""Who hears about a 督办, and the payload its notifications carry."""

from __future__ import annotations

from typing import Any

from core.delivery.outbox import Recipient
from core.vocabulary import issue_code
from db.models import CoordinationIssue, Project
from db.tx import Tx


def issue_payload(
    issue: CoordinationIssue, project: Project | None, tz: Any, raiser: str | None
) -> dict[str, Any]:
    return {
        "issue_id": issue.id,
        "code": issue_code(issue.number, issue.created_at.astimezone(tz).year),
        "project_id": project.id if project else None,
        "project": project.name if project else None,
        "description": issue.description,
        "raised_by": raiser,
        "source": issue.source.value,
        "answer_due": issue.answer_due.isoformat() if issue.answer_due else None,
    }


async def unit_contact_recipients(tx: Tx, unit_id: int | None) -> list[Recipient]:
    """The unit's contacts who can be reached in the bot."""
    return [
        Recipient(person_id=p.id)
        for p in await tx.supervision.unit_contacts(unit_id)
        if p.telegram_id is not None and p.reachable
    ]


def person(person_id: int | None) -> list[Recipient]:
    return [Recipient(person_id=person_id)] if person_id is not None else []
