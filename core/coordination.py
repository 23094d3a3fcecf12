"""Coordination issues (需协调问题 / 督办单): raised by a project lead, tracked to closure.

An issue is numbered 督办〔YYYY〕N号, routed to the project's work-group leader and the office,
may be assigned to a responsible unit, answered and closed by the office or that group leader.
The raiser is told at every step, and every step is an issue event. Open issues age: yellow after
``yellow_days``, red after ``red_days``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.delivery.audience import supervisor_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Conflict, Invalid, NotFound
from core.policy import chat_limit, may_supervise, require_reporter, require_supervisor, supervised_groups
from core.project_state import Light
from core.projects import project_or_404
from core.roles import is_office
from core.vocabulary import issue_code, issue_light
from db.database import Database, IntegrityError, unique_clash
from db.enums import IssueStatus
from db.models import CoordinationIssue, IssueEvent, Person, Project, Unit
from db.tx import Tx

MAX_DESCRIPTION = 1000


@dataclass(frozen=True)
class IssueView:
    id: int
    code: str
    project_id: int | None
    project: str | None
    work_group_id: int | None
    description: str
    status: IssueStatus
    unit: str | None
    answer: str | None
    raised_by_id: int | None
    raised_by: str | None
    raised_on: dt.date
    age_days: int
    light: Light | None  # None once closed


def _clean(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Invalid("issue.empty")
    if len(cleaned) > MAX_DESCRIPTION:
        raise Invalid("issue.too_long", limit=MAX_DESCRIPTION)
    return cleaned


def _payload(
    issue: CoordinationIssue, project: Project | None, tz: Any, raiser: str | None
) -> dict[str, Any]:
    return {
        "issue_id": issue.id,
        "code": issue_code(issue.number, issue.created_at.astimezone(tz).year),
        "project_id": project.id if project else None,
        "project": project.name if project else None,
        "description": issue.description,
        "raised_by": raiser,
    }


async def open_issue(
    tx: Tx,
    outbox: Outbox,
    clock: Clock,
    *,
    raiser: Person,
    project: Project,
    description: str,
    progress_id: int | None = None,
) -> CoordinationIssue:
    """Create a numbered issue in the caller's transaction and route it to the group leader and office."""
    now = clock.now()
    issue = await tx.issues.add(
        CoordinationIssue(
            number=await tx.issues.next_number(),
            project_id=project.id,
            raised_by_id=raiser.id,
            progress_id=progress_id,
            description=_clean(description),
            status=IssueStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
    )
    tx.issues.add_event(
        IssueEvent(issue_id=issue.id, action="raised", actor_id=raiser.id, text=issue.description, at=now)
    )
    recipients = await supervisor_recipients(tx, project.work_group_id)
    payload = _payload(issue, project, clock.tz, raiser.name)
    await outbox.enqueue_many(
        tx,
        [r for r in recipients if r.person_id != raiser.id],
        Notification(Kind.ISSUE_RAISED, payload),
        key=f"issue:{issue.id}:raised",
    )
    return issue


class CoordinationService:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, *, yellow_days: int = 3, red_days: int = 7
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.yellow_days = yellow_days
        self.red_days = red_days

    # -------------------------------------------------------------- raising

    @staticmethod
    def description(text: str) -> str:
        """The problem as it will be stored; Invalid (empty, too long) before it is shown for confirmation."""
        return _clean(text)

    async def raise_issue(self, actor: Person, project_id: int, description: str) -> IssueView:
        for attempt in range(3):  # a clash on the number (it is allocated under a lock) is retried
            try:
                async with self.db.transaction() as tx:
                    project = await project_or_404(tx, project_id)
                    require_reporter(actor, project)
                    issue = await open_issue(
                        tx, self.outbox, self.clock, raiser=actor, project=project, description=description
                    )
                    return await self._view(tx, issue, project)
            except IntegrityError as exc:
                if attempt == 2 or not unique_clash(exc, "uq_coordination_issues_number"):
                    raise
        raise AssertionError("unreachable")

    # -------------------------------------------------------------- office / group leader steps

    async def assign(self, actor: Person, issue_id: int, unit_id: int) -> IssueView:
        async with self.db.transaction() as tx:
            issue, project = await self._supervised(tx, actor, issue_id)
            unit = await tx.projects.unit(unit_id)
            if unit is None:
                raise NotFound()
            issue.assigned_unit_id = unit.id
            if issue.status == IssueStatus.OPEN:
                issue.status = IssueStatus.ASSIGNED
            await self._step(tx, issue, project, actor, Kind.ISSUE_ASSIGNED, unit.name, {"unit": unit.name})
            return await self._view(tx, issue, project)

    async def answer(self, actor: Person, issue_id: int, text: str) -> IssueView:
        answer = _clean(text)
        async with self.db.transaction() as tx:
            issue, project = await self._supervised(tx, actor, issue_id)
            issue.answer = answer
            issue.answered_at = self.clock.now()
            issue.answered_by_id = actor.id
            issue.status = IssueStatus.ANSWERED
            await self._step(tx, issue, project, actor, Kind.ISSUE_ANSWERED, answer, {"answer": answer})
            return await self._view(tx, issue, project)

    async def close(self, actor: Person, issue_id: int) -> IssueView:
        async with self.db.transaction() as tx:
            issue, project = await self._supervised(tx, actor, issue_id)
            issue.status = IssueStatus.CLOSED
            issue.closed_at = self.clock.now()
            issue.closed_by_id = actor.id
            await self._step(tx, issue, project, actor, Kind.ISSUE_CLOSED, None, {})
            return await self._view(tx, issue, project)

    async def for_supervisor(self, actor: Person, issue_id: int) -> IssueView:
        """An open issue the actor may assign, answer or close (else NotYours / Forbidden / Conflict)."""
        async with self.db.transaction() as tx:
            issue, project = await self._supervised(tx, actor, issue_id)
            return await self._view(tx, issue, project)

    async def units(self, actor: Person, issue_id: int) -> list[Unit]:
        async with self.db.transaction() as tx:
            await self._supervised(tx, actor, issue_id)
            return list(await tx.org.units())

    # -------------------------------------------------------------- reading

    async def view(self, actor: Person, issue_id: int) -> IssueView:
        async with self.db.transaction() as tx:
            issue = await tx.issues.get(issue_id)
            if issue is None:
                raise NotFound()
            project = await tx.projects.get(issue.project_id) if issue.project_id else None
            if issue.raised_by_id != actor.id:
                await require_supervisor(tx, actor, project.work_group_id if project else None)
            return await self._view(tx, issue, project)

    async def may_supervise(self, actor: Person, view: IssueView) -> bool:
        async with self.db.transaction() as tx:
            return await may_supervise(tx, actor, view.work_group_id)

    async def listed(self, actor: Person) -> list[IssueView]:
        """Open issues the actor follows: all (office), their groups' (group leader), their own (anyone)."""
        async with self.db.transaction() as tx:
            rows: dict[int, tuple[CoordinationIssue, Project | None]] = {}
            limit = await chat_limit(tx)  # what the chat the list is shown in may see
            if is_office(actor):
                found = list(await tx.issues.listed(work_group_ids=limit.work_group_ids))
            else:
                groups = await supervised_groups(tx, actor)
                if not limit.whole:
                    groups = groups & (limit.work_group_ids or frozenset())
                found = list(await tx.issues.listed(work_group_ids=groups)) if groups else []
                own = await tx.issues.listed(raised_by_id=actor.id)
                found += [(i, p) for i, p in own if limit.covers(p.work_group_id if p else None)]
            for issue, project in found:
                rows[issue.id] = (issue, project)
            views = [await self._view(tx, issue, project) for issue, project in rows.values()]
        return sorted(views, key=lambda v: (-v.age_days, v.id))

    # -------------------------------------------------------------- internals

    async def _supervised(
        self, tx: Tx, actor: Person, issue_id: int
    ) -> tuple[CoordinationIssue, Project | None]:
        issue = await tx.issues.get_for_update(issue_id)
        if issue is None:
            raise NotFound()
        project = await tx.projects.get(issue.project_id) if issue.project_id else None
        await require_supervisor(tx, actor, project.work_group_id if project else None)
        if issue.status == IssueStatus.CLOSED:
            raise Conflict("issue.already_closed", code=issue_code(issue.number, self._year(issue)))
        return issue, project

    def _year(self, issue: CoordinationIssue) -> int:
        return issue.created_at.astimezone(self.clock.tz).year

    async def _step(
        self,
        tx: Tx,
        issue: CoordinationIssue,
        project: Project | None,
        actor: Person,
        kind: Kind,
        text: str | None,
        extra: dict[str, Any],
    ) -> None:
        """Record the step (its action is the kind without ``issue.``) and tell the raiser (once per step)."""
        action = kind.removeprefix("issue.")
        now = self.clock.now()
        issue.updated_at = now
        event = IssueEvent(issue_id=issue.id, action=action, actor_id=actor.id, text=text, at=now)
        tx.issues.add_event(event)
        await tx.flush()
        if issue.raised_by_id is None or issue.raised_by_id == actor.id:
            return
        raiser = await tx.people.get(issue.raised_by_id)
        payload = {**_payload(issue, project, self.clock.tz, raiser.name if raiser else None), **extra}
        payload["actor"] = actor.name
        await self.outbox.enqueue(
            tx,
            Recipient(person_id=issue.raised_by_id),
            Notification(kind, payload),
            key=f"issue:{issue.id}:{action}:{event.id}",
        )

    async def _view(self, tx: Tx, issue: CoordinationIssue, project: Project | None) -> IssueView:
        raised_on = issue.created_at.astimezone(self.clock.tz).date()
        age = max(0, (self.clock.today() - raised_on).days)
        raiser = await tx.people.get(issue.raised_by_id) if issue.raised_by_id else None
        unit = await tx.projects.unit(issue.assigned_unit_id)
        return IssueView(
            id=issue.id,
            code=issue_code(issue.number, raised_on.year),
            project_id=project.id if project else None,
            project=project.name if project else None,
            work_group_id=project.work_group_id if project else None,
            description=issue.description,
            status=issue.status,
            unit=unit.name if unit else None,
            answer=issue.answer,
            raised_by_id=issue.raised_by_id,
            raised_by=raiser.name if raiser else None,
            raised_on=raised_on,
            age_days=age,
            light=None
            if issue.status == IssueStatus.CLOSED
            else issue_light(age, yellow_days=self.yellow_days, red_days=self.red_days),
        )


__all__ = [
    "CoordinationService",
    "IssueView",
    "open_issue",
]
