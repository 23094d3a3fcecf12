"""The supervision sweep (the job) and the office's reading of 督办: /supervision and its export.

The sweep, once a working day, in one transaction:

1. gives every raised issue without a deadline its answer deadline (raised day + the answer window);
2. issues an order (督办单) for each milestone overdue by more than ``overdue_days`` working days, each
   project stalled past the threshold (no progress for ``stale_days``; once per quiet spell), and each
   raised issue that turned red: once each (``source_key``, and dedupe keys on every notification),
   addressed to the responsible unit's contacts, the project lead and the liaison leader (联系领导),
   with an answer deadline ``answer_days`` working days away; an order without a unit goes to the
   office to be assigned;
3. escalates each order still unanswered after its deadline: first to the group leader, then
   (``escalation_days`` working days later) to the office and the liaison leader; each level once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.calendar import calendar_in
from core.clock import Clock, day_start
from core.delivery.audience import group_leader_recipients, office_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Invalid
from core.policy import resolve_scope
from core.project_state import Light
from core.supervision.board import OrderView, orders_board
from core.supervision.colour import OrderFacts, order_colour
from core.supervision.export import file_name, order_workbook
from core.supervision.notify import issue_payload, person, unit_contact_recipients
from core.supervision.rules import SupervisionRules
from core.supervision.weekly import UnitSupervision, supervision_table
from core.vocabulary import milestone_label
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import IssueSource, IssueStatus
from db.models import CoordinationIssue, IssueEvent, Person, Project
from db.tx import Tx

COLOUR_WORDS = {
    "红": Light.RED,
    "红色": Light.RED,
    "🔴": Light.RED,
    "red": Light.RED,
    "黄": Light.YELLOW,
    "黄色": Light.YELLOW,
    "🟡": Light.YELLOW,
    "yellow": Light.YELLOW,
    "绿": Light.GREEN,
    "绿色": Light.GREEN,
    "🟢": Light.GREEN,
    "green": Light.GREEN,
}


@dataclass(frozen=True)
class BoardFilter:
    colour: Light | None = None
    unit: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Board:
    filter: BoardFilter
    orders: list[OrderView]


class SupervisionService:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, rules: SupervisionRules | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.rules = rules or SupervisionRules()

    # ------------------------------------------------------------------ the job

    async def sweep(self, day: dt.date) -> int:
        """Generate orders and escalate (see the module's docstring); the notifications written."""
        async with self.db.transaction() as tx:
            calendar = await calendar_in(tx)
            sent = await self._from_raised(tx, day, calendar)
            sent += await self._from_milestones(tx, day, calendar)
            sent += await self._from_stalled(tx, day, calendar)
            sent += await self._escalate(tx, day, calendar)
            return sent

    async def _from_raised(self, tx: Tx, day: dt.date, calendar: WorkCalendar) -> int:
        sent = 0
        for issue in await tx.supervision.raised_not_ordered():
            if issue.answer_due is None:
                raised_on = issue.created_at.astimezone(self.clock.tz).date()
                issue.answer_due = calendar.add_workdays(raised_on, self.rules.answer_days)
            facts = OrderFacts(issue.status, issue.answer_due, issue.answered_at is not None)
            if (
                issue.source != IssueSource.RAISED
                or order_colour(facts, day, calendar, self.rules) != Light.RED
            ):
                continue
            project = await tx.projects.get(issue.project_id) if issue.project_id else None
            if project is None:
                continue
            issue.source_key = f"issue:{issue.id}"
            issue.ordered_at = self.clock.now()
            issue.answer_due = calendar.add_workdays(day, self.rules.answer_days)
            self._event(tx, issue, "ordered", None)
            sent += await self._notify_order(tx, issue, project)
        return sent

    async def _from_milestones(self, tx: Tx, day: dt.date, calendar: WorkCalendar) -> int:
        sent = 0
        for m in await tx.supervision.overdue_milestones_without_order(day):
            late = calendar.workdays_between(m.due_date, day)
            if late <= self.rules.overdue_days:
                continue
            project = await tx.projects.get(m.project_id)
            if project is None:
                continue
            what = milestone_label(m.kind, m.name)
            text = f"节点「{what}」（截止{m.due_date.month}月{m.due_date.day}日）已逾期{late}个工作日，请说明原因及整改措施。"
            issue = await self._new_order(
                tx, project, IssueSource.MILESTONE, f"milestone:{m.milestone_id}", text, day, calendar
            )
            issue.milestone_id = m.milestone_id
            sent += await self._notify_order(tx, issue, project)
        return sent

    async def _from_stalled(self, tx: Tx, day: dt.date, calendar: WorkCalendar) -> int:
        sent = 0
        as_of = day_start(day + dt.timedelta(days=1), self.clock.tz)
        page = await tx.digest_rows.stalled_projects(
            as_of, as_of - dt.timedelta(days=self.rules.stale_days), work_group_ids=None, limit=None
        )
        for row in page.items:
            since = row.quiet_since.astimezone(self.clock.tz).date() if row.quiet_since else None
            key = f"stalled:{row.project_id}:{since.isoformat() if since else 'never'}"
            if await tx.supervision.by_source_key(key) is not None:
                continue
            project = await tx.projects.get(row.project_id)
            if project is None:
                continue
            days = (day - since).days if since else self.rules.stale_days
            text = f"项目已{days}天未报送进展，请说明项目推进情况及存在的困难。"
            issue = await self._new_order(tx, project, IssueSource.STALLED, key, text, day, calendar)
            sent += await self._notify_order(tx, issue, project)
        return sent

    async def _new_order(
        self,
        tx: Tx,
        project: Project,
        source: IssueSource,
        key: str,
        text: str,
        day: dt.date,
        calendar: WorkCalendar,
    ) -> CoordinationIssue:
        now = self.clock.now()
        issue = await tx.issues.add(
            CoordinationIssue(
                number=await tx.issues.next_number(),
                project_id=project.id,
                raised_by_id=None,
                description=text,
                status=IssueStatus.ASSIGNED if project.unit_id else IssueStatus.OPEN,
                assigned_unit_id=project.unit_id,
                source=source,
                source_key=key,
                ordered_at=now,
                answer_due=calendar.add_workdays(day, self.rules.answer_days),
                created_at=now,
                updated_at=now,
            )
        )
        self._event(tx, issue, "raised", text)
        return issue

    def _event(self, tx: Tx, issue: CoordinationIssue, action: str, text: str | None) -> None:
        tx.issues.add_event(
            IssueEvent(issue_id=issue.id, action=action, actor_id=None, text=text, at=self.clock.now())
        )

    async def _payload(self, tx: Tx, issue: CoordinationIssue, project: Project) -> dict[str, Any]:
        raiser = await tx.people.get(issue.raised_by_id) if issue.raised_by_id else None
        unit = await tx.projects.unit(issue.assigned_unit_id) if issue.assigned_unit_id else None
        lead = await tx.people.get(project.lead_id) if project.lead_id else None
        return {
            **issue_payload(issue, project, self.clock.tz, raiser.name if raiser else None),
            "unit": unit.name if unit else None,
            "lead": lead.name if lead else None,
            "liaison": project.liaison_name,
        }

    async def _notify_order(self, tx: Tx, issue: CoordinationIssue, project: Project) -> int:
        """The order to the unit's contacts (with the answer buttons), the lead and the liaison; to the
        office (with the assign buttons) when no unit is responsible yet."""
        await tx.flush()
        payload = await self._payload(tx, issue, project)
        key = f"order:{issue.id}:issued"
        sent = 0
        audiences: list[tuple[str, list[Recipient]]] = [
            ("unit", await unit_contact_recipients(tx, issue.assigned_unit_id)),
            ("lead", person(project.lead_id)),
            ("liaison", person(project.liaison_id)),
        ]
        if issue.assigned_unit_id is None:
            audiences.append(("office", await office_recipients(tx, work_group_id=project.work_group_id)))
        seen: set[str] = set()
        for audience, recipients in audiences:
            fresh = [r for r in recipients if r.key not in seen]
            seen |= {r.key for r in fresh}
            note = Notification(Kind.ORDER_ISSUED, {**payload, "audience": audience})
            sent += await self.outbox.enqueue_many(tx, fresh, note, key=key)
        return sent

    async def _escalate(self, tx: Tx, day: dt.date, calendar: WorkCalendar) -> int:
        sent = 0
        for issue in await tx.supervision.unanswered_past_due(day):
            assert issue.answer_due is not None
            late = calendar.workdays_between(issue.answer_due, day)
            project = await tx.projects.get(issue.project_id) if issue.project_id else None
            group = project.work_group_id if project else None
            if issue.escalation_level == 0:
                level, recipients = 1, await group_leader_recipients(tx, group)
            elif late > self.rules.escalation_days:
                level = 2
                recipients = await office_recipients(tx, work_group_id=group)
                recipients += person(project.liaison_id if project else None)
            else:
                continue
            issue.escalation_level = level
            issue.updated_at = self.clock.now()
            self._event(tx, issue, "escalated", str(level))
            if project is None:
                continue
            payload = {**await self._payload(tx, issue, project), "level": level, "late_days": late}
            sent += await self.outbox.enqueue_many(
                tx,
                recipients,
                Notification(Kind.ORDER_ESCALATED, payload),
                key=f"order:{issue.id}:esc{level}",
            )
        return sent

    # ------------------------------------------------------------------ /supervision and the export

    @staticmethod
    def parse_filter(text: str) -> BoardFilter:
        """``/supervision 红 县住建局 第一工作组``: a colour word, then unit or group names (in any order)."""
        colour: Light | None = None
        names: list[str] = []
        for word in text.split():
            if word.lower() in COLOUR_WORDS:
                if colour is not None:
                    raise Invalid("supervision.two_colours")
                colour = COLOUR_WORDS[word.lower()]
            else:
                names.append(word)
        if len(names) > 2:
            raise Invalid("supervision.usage")
        unit = next((n for n in names if not n.endswith("组")), None)
        group = next((n for n in names if n.endswith("组")), None)
        return BoardFilter(colour, unit, group)

    async def board(self, actor: Person, wanted: BoardFilter, *, open_only: bool = True) -> Board:
        """The orders the actor may read (office: all; group leader: their groups), filtered."""
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            groups = scope.work_group_ids
            if wanted.group is not None:
                group = await tx.org.group_by_name(wanted.group)
                if group is None:
                    raise Invalid("supervision.unknown_group", name=wanted.group)
                if not scope.covers(group.id):
                    raise Invalid("supervision.unknown_group", name=wanted.group)
                groups = frozenset({group.id})
            unit_id = None
            if wanted.unit is not None:
                unit = await tx.org.unit_by_name(wanted.unit)
                if unit is None:
                    raise Invalid("supervision.unknown_unit", name=wanted.unit)
                unit_id = unit.id
            orders = await orders_board(
                tx,
                today=self.clock.today(),
                calendar=await calendar_in(tx),
                rules=self.rules,
                tz=self.clock.tz,
                work_group_ids=groups,
                unit_id=unit_id,
                colour=wanted.colour,
                open_only=open_only,
                lean=True,  # the transaction ends here: the views hold plain values
            )
            return Board(wanted, orders)

    async def export(self, actor: Person, wanted: BoardFilter) -> tuple[str, bytes]:
        """The export sheet: the orders (closed ones too) and every event of each."""
        board = await self.board(actor, wanted, open_only=False)
        data = await asyncio.to_thread(order_workbook, board.orders, self.clock.tz)
        return file_name(self.clock.today()), data

    async def weekly(self, tx: Tx, start: dt.date, end: dt.date, day: dt.date) -> list[UnitSupervision]:
        """The 通报's supervision table for the days [start, end], overdue as of ``day``."""
        return await supervision_table(
            tx,
            start=day_start(start, self.clock.tz),
            end=day_start(end + dt.timedelta(days=1), self.clock.tz),
            day=day,
            calendar=await calendar_in(tx),
            rules=self.rules,
            tz=self.clock.tz,
        )
