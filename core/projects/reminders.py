"""The milestone reminder sweep.

Reminders (T-7/T-3/T-1/T-0 by default) go to the project lead on working days only. A reminder
whose day falls on a holiday is sent on the last working day before it, so nothing is skipped;
when several offsets land on the same working day (a long holiday), one reminder goes out, keyed
by the smallest of them. After the due date the lead is reminded every working day, and the
milestone is escalated once to the work-group leader (+1 working day) and once to the liaison
leader and the office (+3 working days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.delivery.audience import office_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.project_state import MilestoneFacts, Rules, days_overdue, milestone_state
from core.workdays import WorkCalendar
from db.database import Database
from db.models import Milestone, Person, Project
from db.queries.projects import MilestoneSnapshot
from db.tx import Tx


def send_day(due: dt.date, offset: int, cal: WorkCalendar) -> dt.date:
    """The working day the T-``offset`` reminder goes out: that day, or the last working day before it."""
    return cal.previous_workday(due - dt.timedelta(days=offset), include_today=True)


def reminder_offset(due: dt.date, day: dt.date, offsets: Iterable[int], cal: WorkCalendar) -> int | None:
    """The offset whose reminder is due on ``day`` (the smallest whose send day has come), else None."""
    if day > due:
        return None
    ready = [n for n in offsets if send_day(due, n, cal) <= day]
    return min(ready) if ready else None


def milestone_payload(milestone: Milestone | MilestoneSnapshot, project: Project) -> dict[str, Any]:
    return {
        "milestone_id": milestone.id,
        "project_id": project.id,
        "project": project.name,
        "kind": milestone.kind.value,
        "name": milestone.name,
        "due": milestone.due_date.isoformat(),
        "due_text": milestone.due_text,
    }


@dataclass(frozen=True)
class ReminderPolicy:
    offsets: tuple[int, ...] = (7, 3, 1, 0)
    group_after_workdays: int = 1
    office_after_workdays: int = 3


class MilestoneReminders:
    db: Database
    clock: Clock
    outbox: Outbox
    policy: ReminderPolicy
    rules: Rules

    async def remind_milestones(self, day: dt.date, cal: WorkCalendar) -> int:
        """Enqueue the reminders, overdue notices and escalations due on ``day`` (a working day).

        Dedupe keys make a second run (or a restart) enqueue nothing new.
        """
        horizon = max(self.policy.offsets, default=0)
        # a reminder can come early by a whole holiday (National Day: 7 days and more)
        last_day = day + dt.timedelta(days=horizon + 21)
        sent = 0
        async with self.db.transaction() as tx:
            for milestone in await tx.milestones.open_due_by(last_day):
                if milestone.due_date >= day:
                    sent += await self._before_due(tx, milestone, day, cal)
                else:
                    sent += await self._overdue(tx, milestone, day, cal)
        return sent

    async def _before_due(self, tx: Tx, milestone: Milestone, day: dt.date, cal: WorkCalendar) -> int:
        offset = reminder_offset(milestone.due_date, day, self.policy.offsets, cal)
        project = milestone.project
        if offset is None or project.lead_id is None:
            return 0
        payload = {
            **milestone_payload(milestone, project),
            "offset": offset,
            "days_left": (milestone.due_date - day).days,
            "state": milestone_state(MilestoneFacts(milestone.due_date, None), day, self.rules).value,
        }
        key = f"milestone:{milestone.id}:T-{offset}:{milestone.due_date.isoformat()}"
        return await self.outbox.enqueue(
            tx, Recipient(person_id=project.lead_id), Notification(Kind.MILESTONE_REMINDER, payload), key=key
        )

    async def _overdue(self, tx: Tx, milestone: Milestone, day: dt.date, cal: WorkCalendar) -> int:
        project = milestone.project
        lead = await tx.people.get(project.lead_id) if project.lead_id is not None else None
        if lead is None:
            return 0
        late_days = days_overdue(MilestoneFacts(milestone.due_date, None), day)
        late_workdays = cal.workdays_between(milestone.due_date, day)
        payload = {
            **milestone_payload(milestone, project),
            "days_overdue": late_days,
            "workdays_overdue": late_workdays,
            "lead": lead.name,
            "lead_phone": lead.phone,
            "liaison": project.liaison_name,
        }
        due_key = milestone.due_date.isoformat()
        sent = await self.outbox.enqueue(
            tx,
            Recipient(person_id=lead.id),
            Notification(Kind.MILESTONE_OVERDUE, payload),
            key=f"milestone:{milestone.id}:overdue:{day.isoformat()}",
        )
        if late_workdays >= self.policy.group_after_workdays:
            leaders = await self._group_leaders(tx, lead, project)
            sent += await self.outbox.enqueue_many(
                tx,
                leaders,
                Notification(Kind.MILESTONE_ESCALATION, {**payload, "level": "group"}),
                key=f"milestone:{milestone.id}:escalate:group:{due_key}",
            )
        if late_workdays >= self.policy.office_after_workdays:
            recipients: list[Recipient] = []
            if project.liaison_id is not None and project.liaison_id != lead.id:
                recipients.append(Recipient(person_id=project.liaison_id))
            recipients += await office_recipients(tx, work_group_id=project.work_group_id)
            sent += await self.outbox.enqueue_many(
                tx,
                [r for r in recipients if r.person_id != lead.id],
                Notification(Kind.MILESTONE_ESCALATION, {**payload, "level": "office"}),
                key=f"milestone:{milestone.id}:escalate:office:{due_key}",
            )
        return sent

    @staticmethod
    async def _group_leaders(tx: Tx, lead: Person, project: Project) -> list[Recipient]:
        """The lead's work-group leader (the project's group when the lead has none)."""
        group_id = lead.work_group_id or project.work_group_id
        if group_id is None:
            return []
        group = await tx.org.group(group_id)
        if group is None or group.leader_id is None or group.leader_id == lead.id:
            return []
        return [Recipient(person_id=group.leader_id)]
