"""Projects and milestones: vocabulary, access, derived views (/myprojects) and the reminder sweep.

Reminders (T-7/T-3/T-1/T-0 by default) go to the project lead on working days only. A reminder
whose day falls on a holiday is sent on the last working day before it, so nothing is skipped;
when several offsets land on the same working day (a long holiday), one reminder goes out, keyed
by the smallest of them. After the due date the lead is reminded every working day, and the
milestone is escalated once to the work-group leader (+1 working day) and once to the liaison
leader and the office (+3 working days).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.audience import office_recipients
from core.clock import Clock
from core.errors import NotFound
from core.outbox import Notification, Outbox, Recipient
from core.policy import is_lead_of, require_reporter, require_supervisor
from core.project_state import (
    LIGHT,
    Light,
    MilestoneFacts,
    ProjectFacts,
    Rules,
    State,
    days_overdue,
    milestone_state,
    next_open,
    project_state,
)
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import STAGE_ORDER, MilestoneKind, ProjectCategory, ProjectStage
from db.models import Milestone, Person, Project
from db.queries.projects import MilestoneSnapshot, ProjectSnapshot
from db.tx import Tx

# ------------------------------------------------------------------------------ vocabulary

CATEGORY_WORDS: dict[str, ProjectCategory] = {
    "续建": ProjectCategory.CONTINUING,
    "续建项目": ProjectCategory.CONTINUING,
    "continuing": ProjectCategory.CONTINUING,
    "新建": ProjectCategory.NEW,
    "新建项目": ProjectCategory.NEW,
    "new": ProjectCategory.NEW,
    "招投标": ProjectCategory.BIDDING,
    "招标": ProjectCategory.BIDDING,
    "招投标项目": ProjectCategory.BIDDING,
    "bidding": ProjectCategory.BIDDING,
    "前期": ProjectCategory.PRELIMINARY,
    "前期项目": ProjectCategory.PRELIMINARY,
    "preliminary": ProjectCategory.PRELIMINARY,
    "招商": ProjectCategory.LEAD,
    "招商项目": ProjectCategory.LEAD,
    "线索": ProjectCategory.LEAD,
    "lead": ProjectCategory.LEAD,
}

MILESTONE_WORDS: dict[str, MilestoneKind] = {
    "开工": MilestoneKind.START_CONSTRUCTION,
    "开工建设": MilestoneKind.START_CONSTRUCTION,
    "集中开工": MilestoneKind.START_CONSTRUCTION,
    "全部开工": MilestoneKind.START_CONSTRUCTION,
    "start_construction": MilestoneKind.START_CONSTRUCTION,
    "start": MilestoneKind.START_CONSTRUCTION,
    "完成招投标": MilestoneKind.BIDDING_DONE,
    "招投标": MilestoneKind.BIDDING_DONE,
    "招标": MilestoneKind.BIDDING_DONE,
    "完成招标": MilestoneKind.BIDDING_DONE,
    "bidding_done": MilestoneKind.BIDDING_DONE,
    "完成前期": MilestoneKind.PRELIMINARY_DONE,
    "完成前期工作": MilestoneKind.PRELIMINARY_DONE,
    "前期": MilestoneKind.PRELIMINARY_DONE,
    "前期工作": MilestoneKind.PRELIMINARY_DONE,
    "preliminary_done": MilestoneKind.PRELIMINARY_DONE,
    "签约": MilestoneKind.SIGNING,
    "签订协议": MilestoneKind.SIGNING,
    "signing": MilestoneKind.SIGNING,
    "投产": MilestoneKind.PRODUCTION,
    "建成投产": MilestoneKind.PRODUCTION,
    "竣工投产": MilestoneKind.PRODUCTION,
    "production": MilestoneKind.PRODUCTION,
}

# the milestone a plan row means when its 节点 cell is empty
DEFAULT_MILESTONE: dict[ProjectCategory, MilestoneKind] = {
    ProjectCategory.CONTINUING: MilestoneKind.START_CONSTRUCTION,
    ProjectCategory.NEW: MilestoneKind.START_CONSTRUCTION,
    ProjectCategory.BIDDING: MilestoneKind.BIDDING_DONE,
    ProjectCategory.PRELIMINARY: MilestoneKind.PRELIMINARY_DONE,
    ProjectCategory.LEAD: MilestoneKind.SIGNING,
}

# the stage a milestone's completion implies (a project never moves back by it)
STAGE_AFTER: dict[MilestoneKind, ProjectStage] = {
    MilestoneKind.SIGNING: ProjectStage.SIGNED,
    MilestoneKind.START_CONSTRUCTION: ProjectStage.STARTED,
    MilestoneKind.PRODUCTION: ProjectStage.PRODUCING,
}

# words in a progress sentence that name a standard milestone (开工, 招投标已完成, ...)
_KIND_HINTS: tuple[tuple[MilestoneKind, re.Pattern[str]], ...] = (
    (MilestoneKind.BIDDING_DONE, re.compile(r"招投标|招标|中标")),
    (MilestoneKind.PRELIMINARY_DONE, re.compile(r"前期")),
    (MilestoneKind.PRODUCTION, re.compile(r"投产|试产|竣工")),
    (MilestoneKind.START_CONSTRUCTION, re.compile(r"开工|动工|开建|进场")),
    (MilestoneKind.SIGNING, re.compile(r"签约|签订|签署")),
)

_SPACES = re.compile(r"[\s_\-]+")


def milestone_kind_of(text: str) -> tuple[MilestoneKind, str]:
    """A 节点 cell → (kind, custom name): ``开工`` → start_construction; ``环评批复`` → custom."""
    cleaned = text.strip()
    kind = MILESTONE_WORDS.get(_SPACES.sub("", cleaned).lower()) or MILESTONE_WORDS.get(cleaned.lower())
    if kind is not None:
        return kind, ""
    return MilestoneKind.CUSTOM, cleaned


def category_of(text: str) -> ProjectCategory | None:
    return CATEGORY_WORDS.get(_SPACES.sub("", text.strip()).lower())


def kind_mentioned(text: str) -> MilestoneKind | None:
    for kind, pattern in _KIND_HINTS:
        if pattern.search(text):
            return kind
    return None


def stage_rank(stage: ProjectStage) -> int:
    return STAGE_ORDER.index(stage)


# ------------------------------------------------------------------------------ access


# is_lead_of, require_reporter and require_supervisor live in core.policy (re-exported here).


async def project_or_404(tx: Tx, project_id: int) -> Project:
    project = await tx.projects.get(project_id)
    if project is None or project.archived:
        raise NotFound()
    return project


# ------------------------------------------------------------------------------ derived views


def facts_of(snapshot: ProjectSnapshot) -> ProjectFacts:
    return ProjectFacts(
        milestones=tuple(MilestoneFacts(m.due_date, m.done_on) for m in snapshot.milestones),
        last_progress_on=snapshot.last_progress_on,
        created_on=snapshot.created_on,
    )


@dataclass(frozen=True)
class ProjectLine:
    """One project as /myprojects shows it: state, light and the next deadline."""

    snapshot: ProjectSnapshot
    state: State
    light: Light
    next_milestone: MilestoneSnapshot | None
    days_left: int | None  # negative when overdue

    @property
    def id(self) -> int:
        return self.snapshot.id


def project_line(snapshot: ProjectSnapshot, today: dt.date, rules: Rules) -> ProjectLine:
    state = project_state(facts_of(snapshot), today, rules)
    open_ones = [m for m in snapshot.milestones if m.done_on is None]
    nxt_facts = next_open(MilestoneFacts(m.due_date, m.done_on) for m in open_ones)
    nxt = next((m for m in open_ones if nxt_facts is not None and m.due_date == nxt_facts.due_date), None)
    days_left = (nxt.due_date - today).days if nxt is not None else None
    return ProjectLine(snapshot, state, LIGHT[state], nxt, days_left)


# ------------------------------------------------------------------------------ reminders


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


class ProjectService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: Outbox,
        *,
        offsets: Sequence[int] = (7, 3, 1, 0),
        stale_days: int = 7,
        due_soon_days: int = 7,
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.policy = ReminderPolicy(offsets=tuple(sorted(set(offsets), reverse=True)))
        self.rules = Rules(due_soon_days=due_soon_days, stale_days=stale_days)

    # -------------------------------------------------------------- views

    async def my_projects(self, actor: Person) -> list[ProjectLine]:
        """The actor's projects as lead, most urgent first."""
        today = self.clock.today()
        async with self.db.transaction() as tx:
            snapshots = await tx.projects.snapshots(self.clock.tz, lead_id=actor.id)
        lines = [project_line(s, today, self.rules) for s in snapshots]
        urgency = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
        return sorted(
            lines,
            key=lambda line: (
                urgency[line.light],
                line.state == State.DONE,
                line.days_left if line.days_left is not None else 10**6,
                line.snapshot.name,
            ),
        )

    async def lines(self, project_ids: Iterable[int]) -> list[ProjectLine]:
        today = self.clock.today()
        async with self.db.transaction() as tx:
            snapshots = await tx.projects.snapshots(self.clock.tz, project_ids=project_ids)
        return [project_line(s, today, self.rules) for s in snapshots]

    async def reportable(self, actor: Person, project_id: int) -> Project:
        """A project the actor may report progress on (their own, or any for the office)."""
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            return project

    async def open_milestones(self, actor: Person, project_id: int) -> list[Milestone]:
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            return [m for m in await tx.milestones.of_project(project.id) if m.done_on is None]

    async def milestone_for_reporter(self, actor: Person, milestone_id: int) -> Milestone:
        async with self.db.transaction() as tx:
            milestone = await tx.milestones.get(milestone_id)
            if milestone is None or milestone.project.archived:
                raise NotFound()
            require_reporter(actor, milestone.project)
            return milestone

    # -------------------------------------------------------------- reminder sweep

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
            tx, Recipient(person_id=project.lead_id), Notification("milestone.reminder", payload), key=key
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
            Notification("milestone.overdue", payload),
            key=f"milestone:{milestone.id}:overdue:{day.isoformat()}",
        )
        if late_workdays >= self.policy.group_after_workdays:
            leaders = await self._group_leaders(tx, lead, project)
            sent += await self.outbox.enqueue_many(
                tx,
                leaders,
                Notification("milestone.escalation", {**payload, "level": "group"}),
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
                Notification("milestone.escalation", {**payload, "level": "office"}),
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


__all__ = [
    "CATEGORY_WORDS",
    "DEFAULT_MILESTONE",
    "MILESTONE_WORDS",
    "STAGE_AFTER",
    "ProjectLine",
    "ProjectService",
    "category_of",
    "facts_of",
    "is_lead_of",
    "kind_mentioned",
    "milestone_kind_of",
    "milestone_payload",
    "project_line",
    "reminder_offset",
    "require_reporter",
    "require_supervisor",
    "send_day",
    "stage_rank",
]
