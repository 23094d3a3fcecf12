"""Coordination issues (需协调问题 / 督办单): raised by a project lead or generated as orders, tracked to
a confirmed closure.

An issue is numbered 督办〔YYYY〕N号 and has an answer deadline (working days, settings). It is routed
to the project's work-group leader and the office; assigned (or passed on) to a responsible unit,
whose contacts are told and answer in the bot; closed (办结) only with a closing note, and closed for
good only when its raiser (or the office) confirms — or reopened, with a reason and a new deadline.
Every step is an issue event (the history). Generated orders, escalation and the colour rule are in
core.supervision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.calendar import CalendarService, calendar_in
from core.clock import Clock
from core.delivery.audience import office_recipients, supervisor_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Conflict, Invalid, NotFound
from core.policy import chat_limit, require_reporter, supervised_groups
from core.projects import project_or_404
from core.roles import has_any, is_office
from core.supervision.access import (
    is_unit_contact,
    may_confirm,
    may_handle,
    require_confirmer,
    require_handler,
)
from core.supervision.board import OrderView, order_view, orders_board
from core.supervision.notify import issue_payload, unit_contact_recipients
from core.supervision.rules import SupervisionRules
from core.vocabulary import issue_code
from core.workdays import WorkCalendar
from db.database import Database, IntegrityError, unique_clash
from db.enums import IssueStatus, Role
from db.models import CoordinationIssue, IssueEvent, Person, Project, Unit
from db.tx import Tx

MAX_DESCRIPTION = 1000
MAX_UNIT_NAME = 100

IssueView = OrderView  # one view of a 督办 everywhere (core.supervision.board)


def _clean(text: str, empty: str = "issue.empty") -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Invalid(empty)
    if len(cleaned) > MAX_DESCRIPTION:
        raise Invalid("issue.too_long", limit=MAX_DESCRIPTION)
    return cleaned


async def open_issue(
    tx: Tx,
    outbox: Outbox,
    clock: Clock,
    *,
    raiser: Person,
    project: Project,
    description: str,
    progress_id: int | None = None,
    answer_due: dt.date | None = None,
    answer_days: int = SupervisionRules().answer_days,
) -> CoordinationIssue:
    """Create a numbered issue in the caller's transaction and route it to the group leader and office;
    its answer is due ``answer_days`` working days from today unless ``answer_due`` says when."""
    now = clock.now()
    if answer_due is None:
        answer_due = (await calendar_in(tx)).add_workdays(clock.today(), answer_days)
    issue = await tx.issues.add(
        CoordinationIssue(
            number=await tx.issues.next_number(),
            project_id=project.id,
            raised_by_id=raiser.id,
            progress_id=progress_id,
            description=_clean(description),
            status=IssueStatus.OPEN,
            answer_due=answer_due,
            created_at=now,
            updated_at=now,
        )
    )
    tx.issues.add_event(
        IssueEvent(issue_id=issue.id, action="raised", actor_id=raiser.id, text=issue.description, at=now)
    )
    recipients = await supervisor_recipients(tx, project.work_group_id)
    payload = issue_payload(issue, project, clock.tz, raiser.name)
    await outbox.enqueue_many(
        tx,
        [r for r in recipients if r.person_id != raiser.id],
        Notification(Kind.ISSUE_RAISED, payload),
        key=f"issue:{issue.id}:raised",
    )
    return issue


class CoordinationService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: Outbox,
        *,
        calendar: CalendarService | None = None,
        rules: SupervisionRules | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.calendar = calendar or CalendarService(db)
        self.rules = rules or SupervisionRules()

    # -------------------------------------------------------------- raising

    @staticmethod
    def description(text: str) -> str:
        """The problem as it will be stored; Invalid (empty, too long) before it is shown for confirmation."""
        return _clean(text)

    @staticmethod
    def note(text: str) -> str:
        """A closing note or a reason to reopen: Invalid when empty or too long."""
        return _clean(text, "issue.note_required")

    async def raise_issue(self, actor: Person, project_id: int, description: str) -> IssueView:
        calendar = await self.calendar.calendar()
        due = calendar.add_workdays(self.clock.today(), self.rules.answer_days)
        for attempt in range(3):  # a clash on the number (it is allocated under a lock) is retried
            try:
                async with self.db.transaction() as tx:
                    project = await project_or_404(tx, project_id)
                    require_reporter(actor, project)
                    issue = await open_issue(
                        tx,
                        self.outbox,
                        self.clock,
                        raiser=actor,
                        project=project,
                        description=description,
                        answer_due=due,
                    )
                    return await self._view(tx, issue.id, calendar)
            except IntegrityError as exc:
                if attempt == 2 or not unique_clash(exc, "uq_coordination_issues_number"):
                    raise
        raise AssertionError("unreachable")

    # -------------------------------------------------------------- handling: supervisors and the unit's contacts

    async def assign(self, actor: Person, issue_id: int, unit_id: int) -> IssueView:
        """Assign to a unit, or pass on to another one (recorded as a transfer); its contacts are told."""
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._handled(tx, actor, issue_id)
            unit = await tx.projects.unit(unit_id)
            if unit is None:
                raise NotFound()
            await self._assign(tx, actor, issue, project, unit)
            return await self._view(tx, issue.id, calendar)

    async def _assign(
        self, tx: Tx, actor: Person, issue: CoordinationIssue, project: Project | None, unit: Unit
    ) -> None:
        if issue.assigned_unit_id == unit.id:
            raise Conflict("issue.same_unit", unit=unit.name)
        before = await tx.projects.unit(issue.assigned_unit_id) if issue.assigned_unit_id else None
        issue.assigned_unit_id = unit.id
        if issue.status == IssueStatus.OPEN:
            issue.status = IssueStatus.ASSIGNED
        action, text = ("transferred", f"{before.name} → {unit.name}") if before else ("assigned", unit.name)
        event = await self._record(tx, issue, actor, action, text)
        extra = {"unit": unit.name, "from_unit": before.name if before else None}
        await self._tell_raiser(tx, issue, project, actor, Kind.ISSUE_ASSIGNED, extra, event)
        payload = {**await self._payload(tx, issue, project), **extra, "actor": actor.name}
        await self.outbox.enqueue_many(
            tx,
            [r for r in await unit_contact_recipients(tx, unit.id) if r.person_id != actor.id],
            Notification(Kind.ORDER_ASSIGNED, payload),
            key=f"issue:{issue.id}:unit:{event.id}",
        )

    async def answer(self, actor: Person, issue_id: int, text: str) -> IssueView:
        answer = _clean(text)
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._handled(tx, actor, issue_id)
            issue.answer = answer
            issue.answered_at = self.clock.now()
            issue.answered_by_id = actor.id
            issue.status = IssueStatus.ANSWERED
            event = await self._record(tx, issue, actor, "answered", answer)
            await self._tell_raiser(tx, issue, project, actor, Kind.ISSUE_ANSWERED, {"answer": answer}, event)
            return await self._view(tx, issue.id, calendar)

    async def close(self, actor: Person, issue_id: int, note: str) -> IssueView:
        """办结 with a closing note: waits for the raiser (or the office) to confirm or reopen."""
        closing = self.note(note)
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._handled(tx, actor, issue_id)
            issue.status = IssueStatus.CLOSING
            issue.closing_note = closing
            event = await self._record(tx, issue, actor, "closing", closing)
            await self._tell_raiser(tx, issue, project, actor, Kind.ISSUE_CLOSING, {"note": closing}, event)
            return await self._view(tx, issue.id, calendar)

    # -------------------------------------------------------------- confirming: the raiser or the office

    async def confirm(self, actor: Person, issue_id: int) -> IssueView:
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._closing(tx, actor, issue_id)
            issue.status = IssueStatus.CLOSED
            issue.closed_at = self.clock.now()
            issue.closed_by_id = actor.id
            event = await self._record(tx, issue, actor, "confirmed", None)
            await self._tell_handlers(tx, issue, project, actor, Kind.ISSUE_CONFIRMED, {}, event)
            return await self._view(tx, issue.id, calendar)

    async def reopen(self, actor: Person, issue_id: int, reason: str) -> IssueView:
        """Back to the unit with a reason and a new answer deadline; the history is kept."""
        why = self.note(reason)
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._closing(tx, actor, issue_id, closed_too=True)
            issue.status = IssueStatus.ASSIGNED if issue.assigned_unit_id else IssueStatus.OPEN
            issue.answered_at = None
            issue.closing_note = None
            issue.closed_at = None
            issue.closed_by_id = None
            issue.answer_due = calendar.add_workdays(self.clock.today(), self.rules.answer_days)
            event = await self._record(tx, issue, actor, "reopened", why)
            await self._tell_handlers(tx, issue, project, actor, Kind.ISSUE_REOPENED, {"reason": why}, event)
            return await self._view(tx, issue.id, calendar)

    # -------------------------------------------------------------- units, by button or by name

    async def units(self, actor: Person, issue_id: int) -> list[Unit]:
        async with self.db.transaction() as tx:
            await self._handled(tx, actor, issue_id)
            return list(await tx.org.units())

    async def match_units(self, actor: Person, issue_id: int, typed: str) -> tuple[str, list[Unit]]:
        """A typed unit name and the existing units it matches (exact match alone when there is one).

        Nothing is created here: a new unit is only made by :meth:`assign_new_unit`, after the
        person confirmed the name."""
        name = " ".join(typed.split())
        if not name:
            raise Invalid("issue.unit_empty")
        if len(name) > MAX_UNIT_NAME:
            raise Invalid("issue.unit_too_long", limit=MAX_UNIT_NAME)
        async with self.db.transaction() as tx:
            await self._handled(tx, actor, issue_id)
            exact = await tx.org.unit_by_name(name)
            if exact is not None:
                return name, [exact]
            return name, list(await tx.supervision.units_like(name))

    async def assign_new_unit(self, actor: Person, issue_id: int, name: str) -> IssueView:
        """Create the unit the person confirmed (or use it, if someone just created it) and assign."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_UNIT_NAME:
            raise Invalid("issue.unit_empty")
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue, project = await self._handled(tx, actor, issue_id)
            unit = await tx.org.unit_by_name(name)
            if unit is None:
                unit = await tx.supervision.add_unit(name)
                tx.audit.record("unit.create", "unit", unit.id, actor_id=actor.id, name=name)
            await self._assign(tx, actor, issue, project, unit)
            return await self._view(tx, issue.id, calendar)

    # -------------------------------------------------------------- reading

    async def for_handler(self, actor: Person, issue_id: int) -> IssueView:
        """An open issue the actor may assign, answer or close (else NotYours / Forbidden / Conflict)."""
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            await self._handled(tx, actor, issue_id)
            return await self._view(tx, issue_id, calendar)

    for_supervisor = for_handler

    async def for_confirmer(self, actor: Person, issue_id: int) -> IssueView:
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            await self._closing(tx, actor, issue_id, closed_too=True)
            return await self._view(tx, issue_id, calendar)

    async def view(self, actor: Person, issue_id: int) -> IssueView:
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            issue = await tx.issues.get(issue_id)
            if issue is None:
                raise NotFound()
            project = await tx.projects.get(issue.project_id) if issue.project_id else None
            if issue.raised_by_id != actor.id and not await may_handle(tx, actor, issue, project):
                await require_handler(tx, actor, issue, project)
            return await self._view(tx, issue.id, calendar)

    async def may_supervise(self, actor: Person, view: IssueView) -> bool:
        """May the actor handle this issue (assign, answer, close)?"""
        async with self.db.transaction() as tx:
            issue = await tx.issues.get(view.id)
            project = await tx.projects.get(view.project_id) if view.project_id else None
            return issue is not None and await may_handle(tx, actor, issue, project)

    async def may_confirm(self, actor: Person, view: IssueView) -> bool:
        async with self.db.transaction() as tx:
            issue = await tx.issues.get(view.id)
            project = await tx.projects.get(view.project_id) if view.project_id else None
            return issue is not None and await may_confirm(tx, actor, issue, project)

    async def listed(self, actor: Person) -> list[IssueView]:
        """Open issues the actor follows: all (office), their groups' (group leader), their unit's (unit
        contact), their own (anyone); red first."""
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:

            async def board(
                groups: frozenset[int] | None = None, unit_id: int | None = None
            ) -> list[IssueView]:
                return await orders_board(
                    tx,
                    today=self.clock.today(),
                    calendar=calendar,
                    rules=self.rules,
                    tz=self.clock.tz,
                    work_group_ids=groups,
                    unit_id=unit_id,
                    with_history=False,
                )

            limit = await chat_limit(tx)  # what the chat the list is shown in may see
            found: dict[int, IssueView] = {}
            if is_office(actor):
                found.update((v.id, v) for v in await board(limit.work_group_ids))
            else:
                groups = await supervised_groups(tx, actor)
                if not limit.whole:
                    groups = groups & (limit.work_group_ids or frozenset())
                if groups:
                    found.update((v.id, v) for v in await board(groups))
                mine = []
                if has_any(actor, {Role.UNIT_CONTACT}) and actor.unit_id is not None:
                    mine += await board(unit_id=actor.unit_id)
                mine += [v for v in await board() if v.raised_by_id == actor.id]
                found.update((v.id, v) for v in mine if limit.covers(v.work_group_id))
        rank = {"red": 0, "yellow": 1, "green": 2}
        return sorted(found.values(), key=lambda v: (rank.get(str(v.colour), 3), v.raised_on, v.id))

    # -------------------------------------------------------------- internals

    async def _handled(
        self, tx: Tx, actor: Person, issue_id: int
    ) -> tuple[CoordinationIssue, Project | None]:
        issue = await tx.issues.get_for_update(issue_id)
        if issue is None:
            raise NotFound()
        project = await tx.projects.get(issue.project_id) if issue.project_id else None
        await require_handler(tx, actor, issue, project)
        code = issue_code(issue.number, self._year(issue))
        if issue.status == IssueStatus.CLOSED:
            raise Conflict("issue.already_closed", code=code)
        if issue.status == IssueStatus.CLOSING:
            raise Conflict("issue.already_closing", code=code)
        return issue, project

    async def _closing(
        self, tx: Tx, actor: Person, issue_id: int, *, closed_too: bool = False
    ) -> tuple[CoordinationIssue, Project | None]:
        issue = await tx.issues.get_for_update(issue_id)
        if issue is None:
            raise NotFound()
        project = await tx.projects.get(issue.project_id) if issue.project_id else None
        await require_confirmer(tx, actor, issue, project)
        code = issue_code(issue.number, self._year(issue))
        if issue.status == IssueStatus.CLOSED and not closed_too:
            raise Conflict("issue.already_closed", code=code)
        if issue.status not in (IssueStatus.CLOSING, IssueStatus.CLOSED):
            raise Conflict("issue.not_closing", code=code)
        return issue, project

    def _year(self, issue: CoordinationIssue) -> int:
        return issue.created_at.astimezone(self.clock.tz).year

    async def _record(
        self, tx: Tx, issue: CoordinationIssue, actor: Person | None, action: str, text: str | None
    ) -> IssueEvent:
        now = self.clock.now()
        issue.updated_at = now
        event = IssueEvent(
            issue_id=issue.id, action=action, actor_id=actor.id if actor else None, text=text, at=now
        )
        tx.issues.add_event(event)
        await tx.flush()
        return event

    async def _payload(self, tx: Tx, issue: CoordinationIssue, project: Project | None) -> dict[str, Any]:
        raiser = await tx.people.get(issue.raised_by_id) if issue.raised_by_id else None
        return issue_payload(issue, project, self.clock.tz, raiser.name if raiser else None)

    async def _tell_raiser(
        self,
        tx: Tx,
        issue: CoordinationIssue,
        project: Project | None,
        actor: Person,
        kind: Kind,
        extra: dict[str, Any],
        event: IssueEvent,
    ) -> None:
        """Tell the raiser of a step (once per step); a generated order's raiser is the office in scope."""
        if issue.raised_by_id is not None:
            recipients = [Recipient(person_id=issue.raised_by_id)]
        else:
            recipients = await office_recipients(tx, work_group_id=project.work_group_id if project else None)
        await self._tell(tx, issue, project, actor, kind, extra, event, recipients)

    async def _tell_handlers(
        self,
        tx: Tx,
        issue: CoordinationIssue,
        project: Project | None,
        actor: Person,
        kind: Kind,
        extra: dict[str, Any],
        event: IssueEvent,
    ) -> None:
        """Tell the unit's contacts and whoever proposed the closing of a confirmation or a reopening."""
        recipients = await unit_contact_recipients(tx, issue.assigned_unit_id)
        for past in reversed(await tx.issues.events(issue.id)):
            if past.action == "closing" and past.actor_id is not None:
                recipients.append(Recipient(person_id=past.actor_id))
                break
        if issue.raised_by_id is not None and issue.raised_by_id != actor.id:
            recipients.append(Recipient(person_id=issue.raised_by_id))
        await self._tell(tx, issue, project, actor, kind, extra, event, recipients)

    async def _tell(
        self,
        tx: Tx,
        issue: CoordinationIssue,
        project: Project | None,
        actor: Person,
        kind: Kind,
        extra: dict[str, Any],
        event: IssueEvent,
        recipients: list[Recipient],
    ) -> None:
        """One notification of a step to `recipients` but the actor, once per step (its event's id)."""
        recipients = [r for r in recipients if r.person_id != actor.id]
        payload = {**await self._payload(tx, issue, project), **extra, "actor": actor.name}
        await self.outbox.enqueue_many(
            tx, recipients, Notification(kind, payload), key=f"issue:{issue.id}:{event.action}:{event.id}"
        )

    async def _view(self, tx: Tx, issue_id: int, calendar: WorkCalendar) -> IssueView:
        rows = await tx.supervision.orders(open_only=False, issue_ids=[issue_id])
        if not rows:
            raise NotFound()
        return order_view(rows[0], self.clock.today(), calendar, self.rules, self.clock.tz)


__all__ = [
    "CoordinationService",
    "IssueView",
    "is_unit_contact",
    "issue_payload",
    "open_issue",
    "unit_contact_recipients",
]
