"""Broadcasts: the office sends a notice to a role, a work group or everyone, through the outbox.

A broadcast is drafted first (stored, not sent) so the author sees a preview with the number of
people it will reach; sending writes one outbox row per recipient under the key
``broadcast:<id>``, and the tally (sent / pending / unreachable) is read back from those rows.
People who have not bound a Telegram account cannot be reached and are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.clock import Clock
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Conflict, Invalid, NotFound, NotYours
from core.roles import OFFICE_ROLES, require_any
from db.database import Database
from db.enums import Role
from db.models import Broadcast, Person
from db.queries.notices import Tally
from db.tx import Tx

MAX_TEXT = 3500  # leaves room for the header within one Telegram message


class AudienceKind(StrEnum):
    ALL = "all"
    ROLE = "role"
    GROUP = "group"


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    role: Role | None = None
    work_group_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "role": self.role.value if self.role else None,
            "work_group_id": self.work_group_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        role = data.get("role")
        return cls(
            AudienceKind(data.get("kind", "all")), Role(role) if role else None, data.get("work_group_id")
        )


@dataclass(frozen=True)
class Preview:
    id: int
    audience: Audience
    audience_label: str | None  # the work group's name, for a group audience
    text: str
    reachable: int
    unbound: int


@dataclass(frozen=True)
class Status:
    id: int
    audience: Audience
    audience_label: str | None
    recipients: int
    sent: bool
    tally: Tally


def _key(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


class BroadcastService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox

    async def _people(self, tx: Tx, author: Person, audience: Audience) -> list[Person]:
        if audience.kind == AudienceKind.ROLE and audience.role is None:
            raise Invalid("broadcast.bad_audience")
        if audience.kind == AudienceKind.GROUP and audience.work_group_id is None:
            raise Invalid("broadcast.bad_audience")
        return list(
            await tx.broadcasts.audience(
                role=audience.role if audience.kind == AudienceKind.ROLE else None,
                work_group_id=audience.work_group_id if audience.kind == AudienceKind.GROUP else None,
                exclude_person_id=author.id,
            )
        )

    async def _label(self, tx: Tx, audience: Audience, *, strict: bool = True) -> str | None:
        """The work group's name for a group audience; a group gone since is an error only when sending."""
        if audience.kind != AudienceKind.GROUP or audience.work_group_id is None:
            return None
        group = await tx.org.group(audience.work_group_id)
        if group is None and strict:
            raise NotFound("broadcast.group_gone")
        return group.name if group else None

    async def groups(self, actor: Person) -> list[tuple[int, str]]:
        require_any(actor, *OFFICE_ROLES)
        async with self.db.transaction() as tx:
            return [(g.id, g.name) for g in await tx.org.groups()]

    async def draft(self, author: Person, audience: Audience, text: str) -> Preview:
        """Store the broadcast unsent and say whom it will reach."""
        require_any(author, *OFFICE_ROLES)
        text = text.strip()
        if not text:
            raise Invalid("broadcast.empty")
        if len(text) > MAX_TEXT:
            raise Invalid("broadcast.too_long", limit=MAX_TEXT, length=len(text))
        async with self.db.transaction() as tx:
            label = await self._label(tx, audience)
            people = await self._people(tx, author, audience)
            if not people:
                raise Invalid("broadcast.nobody")
            bound = [p for p in people if p.telegram_id is not None]
            broadcast = await tx.broadcasts.add(
                Broadcast(author_id=author.id, audience=audience.as_json(), text=text, recipients=len(bound))
            )
            return Preview(broadcast.id, audience, label, text, len(bound), len(people) - len(bound))

    async def _own_unsent(self, tx: Tx, actor: Person, broadcast_id: int) -> Broadcast:
        require_any(actor, *OFFICE_ROLES)
        broadcast = await tx.broadcasts.get(broadcast_id, for_update=True)
        if broadcast is None:
            raise NotFound("broadcast.not_found")
        if broadcast.author_id != actor.id:
            raise NotYours()
        if broadcast.sent_at is not None:
            raise Conflict("broadcast.already_sent")
        return broadcast

    async def send(self, actor: Person, broadcast_id: int) -> Status:
        """One outbox row per bound recipient, key broadcast:<id>; the people are resolved now."""
        async with self.db.transaction() as tx:
            broadcast = await self._own_unsent(tx, actor, broadcast_id)
            audience = Audience.from_json(broadcast.audience)
            people = [p for p in await self._people(tx, actor, audience) if p.telegram_id is not None]
            note = Notification(
                Kind.OFFICE_BROADCAST,
                {"broadcast_id": broadcast.id, "text": broadcast.text, "author": actor.name},
            )
            written = await self.outbox.enqueue_many(
                tx, [Recipient(person_id=p.id) for p in people], note, key=_key(broadcast.id)
            )
            broadcast.sent_at = self.clock.now()
            broadcast.recipients = written
            tx.audit.record(
                "broadcast.send", "broadcast", broadcast.id, actor_id=actor.id, recipients=written
            )
            label = await self._label(tx, audience)
            tally = await tx.broadcasts.tally(_key(broadcast.id) + ">")
            return Status(broadcast.id, audience, label, written, True, tally)

    async def cancel(self, actor: Person, broadcast_id: int) -> None:
        """An unsent draft is dropped."""
        async with self.db.transaction() as tx:
            broadcast = await self._own_unsent(tx, actor, broadcast_id)
            await tx.broadcasts.delete(broadcast)

    async def status(self, actor: Person, broadcast_id: int | None = None) -> Status:
        """The delivery tally of a broadcast (default: the actor's latest one sent)."""
        require_any(actor, *OFFICE_ROLES)
        async with self.db.transaction() as tx:
            if broadcast_id is None:
                broadcast = await tx.broadcasts.latest_by(actor.id)
                if broadcast is None:
                    raise NotFound("broadcast.none_sent")
            else:
                broadcast = await tx.broadcasts.get(broadcast_id)
                if broadcast is None:
                    raise NotFound("broadcast.not_found")
            audience = Audience.from_json(broadcast.audience)
            label = await self._label(tx, audience, strict=False)
            tally = await tx.broadcasts.tally(_key(broadcast.id) + ">")
            return Status(
                broadcast.id, audience, label, broadcast.recipients, broadcast.sent_at is not None, tally
            )
