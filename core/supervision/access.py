"""Who may act on a 督办 (object-level, every time; callback data is never trusted):

- handle it (answer, 办结 with a note, pass it on to another unit): the office, the group leader
  supervising its project's work group, and the contacts of the unit it is assigned to;
- confirm or reopen a closing: the office, and the person who raised it (for a generated order, whose
  raiser is the office itself: the office and the supervising group leader).
"""

from __future__ import annotations

from core.errors import Forbidden, NotYours
from core.policy import may_supervise
from core.roles import has_any, is_office
from db.enums import Role
from db.models import CoordinationIssue, Person, Project
from db.tx import Tx


def is_unit_contact(actor: Person, unit_id: int | None) -> bool:
    return unit_id is not None and actor.unit_id == unit_id and has_any(actor, {Role.UNIT_CONTACT})


async def may_handle(tx: Tx, actor: Person, issue: CoordinationIssue, project: Project | None) -> bool:
    if is_unit_contact(actor, issue.assigned_unit_id):
        return True
    return await may_supervise(tx, actor, project.work_group_id if project else None)


def _refuse(actor: Person) -> None:
    if has_any(actor, {Role.GROUP_LEADER, Role.UNIT_CONTACT, Role.PROJECT_LEAD}):
        raise NotYours()
    raise Forbidden()


async def require_handler(tx: Tx, actor: Person, issue: CoordinationIssue, project: Project | None) -> None:
    if not await may_handle(tx, actor, issue, project):
        _refuse(actor)


async def may_confirm(tx: Tx, actor: Person, issue: CoordinationIssue, project: Project | None) -> bool:
    if is_office(actor):
        return True
    if issue.raised_by_id is not None:
        return issue.raised_by_id == actor.id
    return await may_supervise(tx, actor, project.work_group_id if project else None)


async def require_confirmer(tx: Tx, actor: Person, issue: CoordinationIssue, project: Project | None) -> None:
    if not await may_confirm(tx, actor, issue, project):
        _refuse(actor)
