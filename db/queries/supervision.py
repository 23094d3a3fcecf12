"""Supervision (督办): the rows behind generated orders, escalation, the order board, the weekly table
and the unit contacts who answer for a unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, lazyload

from db.enums import IssueStatus, Role
from db.models import (
    CoordinationIssue,
    IssueEvent,
    Milestone,
    Person,
    PersonRole,
    Project,
    Unit,
    WorkGroup,
)
from db.queries.rows import in_groups


@dataclass(frozen=True)
class OverdueMilestone:
    milestone_id: int
    project_id: int
    kind: str
    name: str
    due_date: dt.date


@dataclass(frozen=True)
class OrderRow:
    """One 督办 with what its colour, its card and its addressees need."""

    issue: CoordinationIssue
    project: Project | None
    work_group: str | None
    unit: str | None
    raised_by: str | None
    milestone_due: dt.date | None
    milestone_done: dt.date | None


@dataclass(frozen=True)
class EventRow:
    issue_id: int
    action: str
    actor: str | None
    text: str | None
    at: dt.datetime


OPEN = (IssueStatus.OPEN, IssueStatus.ASSIGNED, IssueStatus.ANSWERED, IssueStatus.CLOSING)


class SupervisionRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # ------------------------------------------------------------------ generation

    async def overdue_milestones_without_order(self, due_before: dt.date) -> Sequence[OverdueMilestone]:
        """Open milestones due before ``due_before`` of live projects, not yet the cause of an order."""
        ordered = (
            sa.select(CoordinationIssue.id).where(CoordinationIssue.milestone_id == Milestone.id).exists()
        )
        stmt = (
            sa.select(Milestone.id, Milestone.project_id, Milestone.kind, Milestone.name, Milestone.due_date)
            .join(Project, Project.id == Milestone.project_id)
            .where(
                Milestone.done_on.is_(None),
                Milestone.due_date < due_before,
                Project.archived.is_(False),
                ~ordered,
            )
            .order_by(Milestone.due_date, Milestone.id)
        )
        return [
            OverdueMilestone(r[0], r[1], str(r[2]), r[3], r[4]) for r in (await self.s.execute(stmt)).all()
        ]

    async def by_source_key(self, key: str) -> CoordinationIssue | None:
        return await self.s.scalar(sa.select(CoordinationIssue).where(CoordinationIssue.source_key == key))

    async def raised_not_ordered(self) -> Sequence[CoordinationIssue]:
        """Issues raised by a lead, still open and never issued as an order."""
        stmt = (
            sa.select(CoordinationIssue)
            .where(
                CoordinationIssue.ordered_at.is_(None),
                CoordinationIssue.status.in_(OPEN),
            )
            .order_by(CoordinationIssue.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def unanswered_past_due(self, day: dt.date) -> Sequence[CoordinationIssue]:
        """Open, unanswered 督办 whose answer was due before ``day`` and not escalated to the top."""
        stmt = (
            sa.select(CoordinationIssue)
            .where(
                CoordinationIssue.status.in_((IssueStatus.OPEN, IssueStatus.ASSIGNED)),
                CoordinationIssue.answered_at.is_(None),
                CoordinationIssue.answer_due.is_not(None),
                CoordinationIssue.answer_due < day,
                CoordinationIssue.escalation_level < 2,
            )
            .order_by(CoordinationIssue.id)
            .with_for_update()
        )
        return (await self.s.scalars(stmt)).all()

    # ------------------------------------------------------------------ units and their contacts

    async def unit_contacts(self, unit_id: int | None) -> Sequence[Person]:
        """Active people holding the unit-contact role for ``unit_id``."""
        if unit_id is None:
            return []
        stmt = (
            sa.select(Person)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.role == Role.UNIT_CONTACT, Person.unit_id == unit_id, Person.active.is_(True))
            .order_by(Person.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def units_like(self, text: str, *, limit: int = 8) -> Sequence[Unit]:
        """Units whose name contains ``text`` or is contained in it (a typed unit name, matched)."""
        typed = sa.literal(text, sa.String)
        stmt = (
            sa.select(Unit)
            .where(sa.or_(Unit.name.contains(text, autoescape=True), typed.contains(Unit.name)))
            .order_by(sa.func.length(Unit.name), Unit.name)
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    async def add_unit(self, name: str) -> Unit:
        unit = Unit(name=name)
        self.s.add(unit)
        await self.s.flush()
        return unit

    # ------------------------------------------------------------------ the board

    async def orders(
        self,
        *,
        open_only: bool = True,
        work_group_ids: Collection[int] | None = None,
        unit_id: int | None = None,
        issue_ids: Collection[int] | None = None,
        limit: int | None = None,
        lean: bool = False,
    ) -> list[OrderRow]:
        """The orders with what their colour, card and addressees need. ``lean``: without each project's
        milestones (eagerly loaded otherwise): for a transaction that reads the rows and ends."""
        raiser = aliased(Person)
        stmt = (
            sa.select(
                CoordinationIssue,
                Project,
                WorkGroup.name,
                Unit.name,
                raiser.name,
                Milestone.due_date,
                Milestone.done_on,
            )
            .outerjoin(Project, Project.id == CoordinationIssue.project_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Unit, Unit.id == CoordinationIssue.assigned_unit_id)
            .outerjoin(raiser, raiser.id == CoordinationIssue.raised_by_id)
            .outerjoin(Milestone, Milestone.id == CoordinationIssue.milestone_id)
            .where(*in_groups(Project.work_group_id, work_group_ids))
        )
        if open_only:
            stmt = stmt.where(CoordinationIssue.status != IssueStatus.CLOSED)
        if unit_id is not None:
            stmt = stmt.where(CoordinationIssue.assigned_unit_id == unit_id)
        if issue_ids is not None:
            stmt = stmt.where(CoordinationIssue.id.in_(list(issue_ids)))
        stmt = stmt.order_by(CoordinationIssue.created_at, CoordinationIssue.id)
        if lean:
            stmt = stmt.options(lazyload(Project.milestones))
        if limit is not None:
            stmt = stmt.limit(limit)
        return [OrderRow(*row) for row in (await self.s.execute(stmt)).all()]

    async def events(self, issue_ids: Collection[int]) -> list[EventRow]:
        """The events of these 督办, each with its actor's name, in the order they happened."""
        if not issue_ids:
            return []
        stmt = (
            sa.select(IssueEvent.issue_id, IssueEvent.action, Person.name, IssueEvent.text, IssueEvent.at)
            .outerjoin(Person, Person.id == IssueEvent.actor_id)
            .where(IssueEvent.issue_id.in_(list(issue_ids)))
            .order_by(IssueEvent.issue_id, IssueEvent.id)
        )
        return [EventRow(*row) for row in (await self.s.execute(stmt)).all()]

    async def events_between(self, start: dt.datetime, end: dt.datetime) -> list[tuple[EventRow, str | None]]:
        """Events in [start, end) with the name of their 督办's unit now (None: not assigned)."""
        stmt = (
            sa.select(
                IssueEvent.issue_id, IssueEvent.action, Person.name, IssueEvent.text, IssueEvent.at, Unit.name
            )
            .join(CoordinationIssue, CoordinationIssue.id == IssueEvent.issue_id)
            .outerjoin(Unit, Unit.id == CoordinationIssue.assigned_unit_id)
            .outerjoin(Person, Person.id == IssueEvent.actor_id)
            .where(IssueEvent.at >= start, IssueEvent.at < end)
            .order_by(IssueEvent.id)
        )
        return [(EventRow(*row[:5]), row[5]) for row in (await self.s.execute(stmt)).all()]
