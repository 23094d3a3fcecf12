"""Where office products go, and how much each reader may see.

- An admin binds a Telegram group as an office chat (``/bind``, optionally scoped to a work group).
- Office members and group leaders subscribe privately (``/subscribe``); a group leader's
  subscription is scoped to the groups they supervise.
- The read policy of every office product (digest, queries, export) is ``core.policy.resolve_scope``:
  office and admins see the whole campaign, a group leader the groups they supervise, anyone else
  nothing. A private subscription follows its person's scope as it is on the day of delivery.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock
from core.delivery.outbox import Recipient
from core.errors import Forbidden, Invalid, NotFound
from core.policy import WHOLE_CAMPAIGN, Scope, resolve_scope
from core.roles import require_any
from db.database import Database
from db.enums import ChatKind, Language, Role
from db.models import BoundChat, Person
from db.tx import Tx

__all__ = [
    "Audience",
    "BoundInfo",
    "OfficeChatService",
    "office_audiences",
    "office_reviewers",
]


@dataclass(frozen=True)
class Audience:
    """A bound chat or subscription as a recipient of office products, with its scope."""

    recipient: Recipient
    scope: Scope


async def office_audiences(tx: Tx) -> list[Audience]:
    """Every active bound chat and subscription, with its scope.

    An office group chat is addressed as a chat; a private subscription as its person, so the
    message follows the person's language and reachability. With nothing bound, the office
    members (privately) get the whole campaign.
    """
    groups = {g.id: g for g in await tx.org.groups()}
    audiences: list[Audience] = []
    for chat in await tx.chats.active():
        group = groups.get(chat.work_group_id) if chat.work_group_id else None
        scope = Scope.of_groups([group]) if group is not None else WHOLE_CAMPAIGN
        if chat.kind == ChatKind.SUBSCRIPTION and chat.person_id is not None:
            if group is not None:
                scope = await _subscriber_scope(tx, chat.person_id, scope)
            audiences.append(Audience(Recipient(person_id=chat.person_id), scope))
        else:
            audiences.append(Audience(Recipient(chat_id=chat.chat_id), scope))
    if audiences:
        return audiences
    people = await tx.people.with_role(Role.OFFICE)
    return [
        Audience(Recipient(person_id=p.id), WHOLE_CAMPAIGN) for p in people if p.telegram_id and p.reachable
    ]


async def _subscriber_scope(tx: Tx, person_id: int, stored: Scope) -> Scope:
    """A group leader's subscription covers every group they supervise today (the stored one else)."""
    person = await tx.people.get(person_id)
    try:
        scope = await resolve_scope(tx, person)
    except Forbidden:
        return stored
    return stored if scope.whole else scope


async def office_reviewers(tx: Tx) -> list[Recipient]:
    """Who reviews drafts (the ranking notice): office members privately; admins when there are none."""
    for role in (Role.OFFICE, Role.ADMIN):
        people = [p for p in await tx.people.with_role(role) if p.telegram_id and p.reachable]
        if people:
            return [Recipient(person_id=p.id) for p in people]
    return [
        Recipient(chat_id=c.chat_id)
        for c in await tx.chats.active(whole_campaign_only=True)
        if c.kind == ChatKind.OFFICE
    ]


@dataclass(frozen=True)
class BoundInfo:
    chat_id: int
    kind: ChatKind
    work_group: str | None
    already: bool = False


class OfficeChatService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def bind(
        self, actor: Person, *, chat_id: int, title: str | None, group_name: str | None, language: Language
    ) -> BoundInfo:
        """Make a group chat an office chat (admins only), scoped to a work group when named."""
        require_any(actor, Role.ADMIN)
        if chat_id > 0:
            raise Invalid("office.bind_private")
        async with self.db.transaction() as tx:
            group = None
            if group_name:
                group = await tx.org.group_by_name(group_name.strip())
                if group is None:
                    raise NotFound("office.group_not_found", name=group_name.strip())
            chat = await tx.chats.get(chat_id)
            if chat is None:
                chat = await tx.chats.add(
                    BoundChat(chat_id=chat_id, kind=ChatKind.OFFICE, bound_at=self.clock.now())
                )
            chat.kind = ChatKind.OFFICE
            chat.title = title
            chat.person_id = None
            chat.work_group_id = group.id if group else None
            chat.language = language
            chat.bound_by_id = actor.id
            chat.bound_at = self.clock.now()
            chat.active = True
            chat.reachable = True
            tx.audit.record(
                "office.bind",
                "chat",
                chat.id,
                actor_id=actor.id,
                chat_id=chat_id,
                work_group=group.name if group else None,
            )
            return BoundInfo(chat_id, ChatKind.OFFICE, group.name if group else None)

    async def is_office_chat(self, chat_id: int) -> bool:
        """An office group bound with /bind (and not unbound since)."""
        async with self.db.transaction() as tx:
            chat = await tx.chats.get(chat_id)
            return chat is not None and chat.active and chat.kind == ChatKind.OFFICE

    async def unbind(self, actor: Person, *, chat_id: int) -> bool:
        require_any(actor, Role.ADMIN)
        async with self.db.transaction() as tx:
            chat = await tx.chats.get(chat_id)
            if chat is None or not chat.active or chat.kind != ChatKind.OFFICE:
                return False
            chat.active = False
            tx.audit.record("office.unbind", "chat", chat.id, actor_id=actor.id, chat_id=chat_id)
            return True

    async def subscribe(self, actor: Person) -> BoundInfo:
        """A private subscription: office/admin to everything, a group leader to their group."""
        if actor.telegram_id is None:
            raise Forbidden()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            chat = await tx.chats.get(actor.telegram_id)
            stored_group = min(scope.work_group_ids) if scope.work_group_ids else None
            already = chat is not None and chat.active and chat.work_group_id == stored_group
            if chat is None:
                chat = await tx.chats.add(
                    BoundChat(
                        chat_id=actor.telegram_id, kind=ChatKind.SUBSCRIPTION, bound_at=self.clock.now()
                    )
                )
            chat.kind = ChatKind.SUBSCRIPTION
            chat.person_id = actor.id
            chat.work_group_id = stored_group
            chat.language = actor.language or Language.ZH
            chat.bound_by_id = actor.id
            chat.active = True
            chat.reachable = True
            tx.audit.record("office.subscribe", "chat", chat.id, actor_id=actor.id, work_group=scope.label)
            return BoundInfo(actor.telegram_id, ChatKind.SUBSCRIPTION, scope.label, already=already)

    async def unsubscribe(self, actor: Person) -> bool:
        if actor.telegram_id is None:
            return False
        async with self.db.transaction() as tx:
            chat = await tx.chats.get(actor.telegram_id)
            if chat is None or not chat.active or chat.kind != ChatKind.SUBSCRIPTION:
                return False
            chat.active = False
            tx.audit.record("office.unsubscribe", "chat", chat.id, actor_id=actor.id)
            return True
