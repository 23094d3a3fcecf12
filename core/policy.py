"""The access policy: who may see and act on which object (object-level checks, every time).

Router-level role filters say who may open a feature; these rules say which objects within it.

- The office and admins see and act on the whole campaign.
- A work-group leader **supervises** every work group whose ``leader_id`` is them; a person with the
  group_leader role who leads no group (``leader_id`` unset) supervises their own work group. The
  same set is used by every view: digest, /status, /overdue, /supervision, /person, /project,
  export, /travelling, trips, projects and coordination issues.
- A project's progress is reported by its lead (or the office on their behalf).
- A trip is read by its members (cadre and companions), the office, and the leaders supervising
  the cadre's group; it is changed by its cadre only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from core.errors import Forbidden, NotYours
from core.roles import has_any, is_office
from db.enums import ChatKind, Role
from db.models import Person, Project, Trip, WorkGroup
from db.tx import Tx

__all__ = [
    "WHOLE_CAMPAIGN",
    "Scope",
    "Venue",
    "answering_in",
    "chat_limit",
    "in_private_chat",
    "is_lead_of",
    "may_read_trip",
    "may_supervise",
    "require_in_scope",
    "require_reporter",
    "require_supervisor",
    "resolve_scope",
    "supervised_groups",
]


# ------------------------------------------------------------------------------ work groups


async def _supervised(tx: Tx, actor: Person) -> list[WorkGroup]:
    if not has_any(actor, {Role.GROUP_LEADER}):
        return []
    led = list(await tx.org.groups_led_by(actor.id))
    if led:
        return led
    if actor.work_group_id is not None:
        own = await tx.org.group(actor.work_group_id)
        if own is not None:
            return [own]
    return []


async def supervised_groups(tx: Tx, actor: Person) -> frozenset[int]:
    """The work groups a group leader supervises (empty for anyone who is not an active group leader)."""
    return frozenset(g.id for g in await _supervised(tx, actor))


async def may_supervise(tx: Tx, actor: Person, work_group_id: int | None) -> bool:
    """The office on everything; a group leader on the groups they supervise."""
    if is_office(actor):
        return True
    return work_group_id is not None and work_group_id in await supervised_groups(tx, actor)


async def require_supervisor(tx: Tx, actor: Person, work_group_id: int | None) -> None:
    """Office members act on everything; a work-group leader on their own groups' objects."""
    if await may_supervise(tx, actor, work_group_id):
        return
    if has_any(actor, {Role.GROUP_LEADER}):
        raise NotYours()
    raise Forbidden()


# ------------------------------------------------------------------------------ reading office products


@dataclass(frozen=True)
class Scope:
    """What a reader may see: the whole campaign (``work_group_ids`` None) or a set of work groups."""

    work_group_ids: frozenset[int] | None = None
    work_group_names: tuple[str, ...] = ()

    @classmethod
    def of_groups(cls, groups: Iterable[WorkGroup]) -> Scope:
        ordered = sorted(groups, key=lambda g: (g.sort_order, g.id))
        return cls(frozenset(g.id for g in ordered), tuple(g.name for g in ordered))

    @classmethod
    def of_group(cls, work_group_id: int, name: str) -> Scope:
        return cls(frozenset({work_group_id}), (name,))

    @property
    def whole(self) -> bool:
        return self.work_group_ids is None

    @property
    def label(self) -> str | None:
        """The groups' names for headings and file names; None for the whole campaign."""
        return "、".join(self.work_group_names) if self.work_group_names else None

    def covers(self, work_group_id: int | None) -> bool:
        return self.work_group_ids is None or work_group_id in self.work_group_ids

    def narrowed_to(self, other: Scope) -> Scope:
        """What both scopes see: a reader's scope within a chat's (names kept where known)."""
        if other.whole:
            return self
        if self.whole:
            return other
        assert self.work_group_ids is not None and other.work_group_ids is not None
        ids = self.work_group_ids & other.work_group_ids
        names = other.work_group_names if ids == other.work_group_ids else self.work_group_names
        if ids not in (self.work_group_ids, other.work_group_ids):
            names = ()
        return Scope(frozenset(ids), names)


WHOLE_CAMPAIGN = Scope()


async def resolve_scope(tx: Tx, person: Person | None) -> Scope:
    """What `person` may see in the chat the answer is shown in (see :func:`answering_in`).

    The person: office/admin everything, a group leader the groups they supervise, others Forbidden.
    The chat: a private chat adds no limit; a bound office group limits to its work group (when
    scoped); any other group sees no office data at all (Forbidden ``office.not_here``).
    """
    limit = await chat_limit(tx)
    if is_office(person):
        return limit
    if person is None or not has_any(person, {Role.GROUP_LEADER}):
        raise Forbidden()
    groups = await _supervised(tx, person)
    if not groups:
        raise Forbidden("office.no_group")
    scope = Scope.of_groups(groups).narrowed_to(limit)
    if not scope.whole and not scope.work_group_ids:
        raise Forbidden("office.not_here")
    return scope


# ------------------------------------------------------------------------------ the chat an answer goes to


@dataclass(frozen=True)
class Venue:
    """The chat a command's answer is shown in: everyone in it reads the answer."""

    chat_id: int
    private: bool


_venue: ContextVar[Venue | None] = ContextVar("zsbot_venue", default=None)


@contextmanager
def answering_in(chat_id: int, *, private: bool) -> Iterator[Venue]:
    """Handle one update whose answers are shown in `chat_id` (set by the bot's outer middleware).

    Jobs and the CLI run outside any chat: the reader's own scope applies there.
    """
    venue = Venue(chat_id, private)
    token = _venue.set(venue)
    try:
        yield venue
    finally:
        _venue.reset(token)


async def chat_limit(tx: Tx) -> Scope:
    """The most the current chat may be shown: everything (private chat, job, CLI), a bound office
    group's scope, or nothing (Forbidden ``office.not_here``) in any other group."""
    venue = _venue.get()
    if venue is None or venue.private:
        return WHOLE_CAMPAIGN
    chat = await tx.chats.get(venue.chat_id)
    if chat is None or not chat.active or chat.kind != ChatKind.OFFICE:
        raise Forbidden("office.not_here")
    if chat.work_group_id is None:
        return WHOLE_CAMPAIGN
    group = await tx.org.group(chat.work_group_id)
    if group is None:
        raise Forbidden("office.not_here")
    return Scope.of_group(group.id, group.name)


def in_private_chat() -> bool:
    """True outside any group chat (a private chat, a job, the CLI)."""
    venue = _venue.get()
    return venue is None or venue.private


def require_in_scope(scope: Scope, work_group_id: int | None) -> None:
    """An object of another work group is out of a group leader's sight (forged or stale ids)."""
    if not scope.covers(work_group_id):
        raise NotYours()


# ------------------------------------------------------------------------------ projects


def is_lead_of(actor: Person, project: Project) -> bool:
    return project.lead_id is not None and project.lead_id == actor.id


def require_reporter(actor: Person, project: Project) -> None:
    """Progress on a project is reported by its lead (or by the office on their behalf)."""
    if not actor.active:
        raise Forbidden()
    if not is_lead_of(actor, project) and not is_office(actor):
        raise NotYours()


# ------------------------------------------------------------------------------ trips


def trip_members(trip: Trip) -> list[int]:
    """The cadre first, then the companions: everyone who owes a daily report."""
    return [trip.cadre_id, *(c.person_id for c in trip.companions if c.person_id != trip.cadre_id)]


async def may_read_trip(tx: Tx, actor: Person, trip: Trip) -> bool:
    if actor.id in trip_members(trip) or is_office(actor):
        return True
    cadre = await tx.people.get(trip.cadre_id)
    return cadre is not None and cadre.work_group_id in await supervised_groups(tx, actor)
