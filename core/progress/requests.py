"""Replies and requests: which project a reply to a reminder is about; asking leads of quiet projects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.clock import Clock
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.project_state import Rules, State, project_state
from core.projects import facts_of
from db.database import Database
from db.models import Person

REPLYABLE_KINDS = (Kind.MILESTONE_REMINDER, Kind.MILESTONE_OVERDUE, Kind.PROGRESS_REQUEST)


@dataclass(frozen=True)
class ReplyContext:
    project_id: int
    milestone_id: int | None


async def reply_context(db: Database, actor: Person, telegram_message_id: int) -> ReplyContext | None:
    """The project (and milestone) a reply is about, when it replies to one of our reminders."""
    async with db.transaction() as tx:
        row = await tx.milestones.notification_for_message(actor.id, telegram_message_id, REPLYABLE_KINDS)
    if row is None or not row.payload.get("project_id"):
        return None
    return ReplyContext(int(row.payload["project_id"]), row.payload.get("milestone_id"))


async def request_stale(db: Database, clock: Clock, outbox: Outbox, day: dt.date, stale_days: int) -> int:
    """Ask each lead once a week for news of a project quiet for ``stale_days``."""
    tz = clock.tz
    cutoff = dt.datetime.combine(day - dt.timedelta(days=stale_days - 1), dt.time(), tz)
    iso = day.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    rules = Rules(stale_days=stale_days)
    sent = 0
    async with db.transaction() as tx:
        quiet = list(await tx.projects.quiet_since(cutoff))
        snapshots = {s.id: s for s in await tx.projects.snapshots(tz, project_ids=[p.id for p in quiet])}
        for project in quiet:
            snapshot = snapshots.get(project.id)
            if snapshot is None or project.lead_id is None:
                continue
            if project_state(facts_of(snapshot), day, rules) == State.DONE:
                continue
            since = snapshot.last_progress_on or snapshot.created_on
            payload = {
                "project_id": project.id,
                "project": project.name,
                "last_progress_on": snapshot.last_progress_on.isoformat()
                if snapshot.last_progress_on
                else None,
                "days_quiet": (day - since).days,
            }
            sent += await outbox.enqueue(
                tx,
                Recipient(person_id=project.lead_id),
                Notification(Kind.PROGRESS_REQUEST, payload),
                key=f"progress:{project.id}:request:{week}",
            )
    return sent
