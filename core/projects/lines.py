"""A project as its lead and the office see it: state, light and the next deadline (/myprojects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import NotFound
from core.project_state import (
    LIGHT,
    Light,
    MilestoneFacts,
    ProjectFacts,
    Rules,
    State,
    next_open,
    project_state,
)
from db.enums import ProjectStage
from db.models import Milestone, Project
from db.queries.projects import MilestoneSnapshot, ProjectSnapshot
from db.tx import Tx


async def project_or_404(tx: Tx, project_id: int) -> Project:
    project = await tx.projects.get(project_id)
    if project is None or project.archived:
        raise NotFound()
    return project


async def milestone_or_404(tx: Tx, milestone_id: int) -> Milestone:
    milestone = await tx.milestones.get(milestone_id)
    if milestone is None or milestone.project.archived:
        raise NotFound()
    return milestone


def project_facts(
    milestones: Iterable[MilestoneFacts],
    last_progress_at: dt.datetime | None,
    created_at: dt.datetime,
    tz: dt.tzinfo,
    *,
    stage: ProjectStage | None,
    percent_done: int | None,
) -> ProjectFacts:
    """A project's facts from its stored instants, read as local days."""
    return ProjectFacts(
        milestones=tuple(milestones),
        last_progress_on=last_progress_at.astimezone(tz).date() if last_progress_at else None,
        created_on=created_at.astimezone(tz).date(),
        stage=stage,
        percent_done=percent_done,
    )


def facts_of(snapshot: ProjectSnapshot) -> ProjectFacts:
    return ProjectFacts(
        milestones=tuple(MilestoneFacts(m.due_date, m.done_on) for m in snapshot.milestones),
        last_progress_on=snapshot.last_progress_on,
        created_on=snapshot.created_on,
        stage=snapshot.stage,
        percent_done=snapshot.percent_done,
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
