"""People: invites, binding a Telegram account, language, lookup."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from core.clock import Clock
from core.delivery.audience import office_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox
from core.errors import Conflict, Expired, Invalid, NotFound
from core.importing import normalize_phone
from core.imports import ROLE_WORDS
from core.roles import OFFICE_ROLES, require_any
from db.database import Database
from db.enums import Language, Role
from db.models import Invite, Person


@dataclass(frozen=True)
class TelegramIdentity:
    id: int
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class IssuedInvite:
    person: Person
    token: str
    expires_at: dt.datetime
    rebind: bool = False  # the person was bound: opening the link moves them to a new account


@dataclass(frozen=True)
class Binding:
    """A bound account; `replaced` is the Telegram id that held the person before (a rebind)."""

    person: Person
    replaced: int | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_PHONE_LIKE = re.compile(r"^\+?[\d\-()（）]{3,}$")  # meant as a phone, but not a valid one


def _unit(person: Person) -> str | None:
    return person.unit.name if person.unit is not None else None


def language_from_code(code: str | None) -> Language | None:
    if not code:
        return None
    return (
        Language.EN
        if code.lower().startswith("en")
        else Language.ZH
        if code.lower().startswith("zh")
        else None
    )


class PeopleService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, invite_ttl: dt.timedelta) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.invite_ttl = invite_ttl

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        async with self.db.transaction() as tx:
            person = await tx.people.by_telegram_id(telegram_id)
            return person if person is not None and person.active else None

    async def resolve(self, ref: str) -> Person:
        """A person by phone or exact name; ambiguous names must be given as a phone."""
        ref = ref.strip()
        async with self.db.transaction() as tx:
            person = await tx.people.by_phone(ref)
            if person is not None:
                return person
            matches = await tx.people.by_name(ref)
        if not matches:
            raise NotFound("people.not_found", ref=ref)
        if len(matches) > 1:
            raise Invalid("people.ambiguous", ref=ref, count=len(matches))
        return matches[0]

    async def invitee(self, actor: Person | None, ref: str | int) -> Person:
        """The registered person an invite is for (by id, phone or exact name); unknown → how to add them."""
        if actor is not None:
            require_any(actor, *OFFICE_ROLES)
        if isinstance(ref, int):
            async with self.db.transaction() as tx:
                person = await tx.people.get(ref)
            if person is None or not person.active:
                raise NotFound()
            return person
        try:
            return await self.resolve(ref)
        except NotFound:
            raise NotFound("invite.not_registered", ref=ref.strip()) from None

    async def create_invite(
        self, actor: Person | None, ref: str | int, *, rebind: bool = False
    ) -> IssuedInvite:
        """A fresh single-use invite; earlier open invites of the person are revoked.

        A person already bound to an account is invited again only with ``rebind`` (a takeover would
        otherwise lock the real person out unnoticed). `actor` None means the operator at the command line.
        """
        person = await self.invitee(actor, ref)
        if person.telegram_id is not None and not rebind:
            raise Conflict("invite.already_bound", name=person.name)
        token = secrets.token_urlsafe(24)
        now = self.clock.now()
        expires = now + self.invite_ttl
        async with self.db.transaction() as tx:
            await tx.invites.revoke_open_for(person.id, now)
            await tx.invites.add(
                Invite(
                    person_id=person.id,
                    token_hash=hash_token(token),
                    created_by_id=actor.id if actor else None,
                    created_at=now,
                    expires_at=expires,
                )
            )
            rebinding = person.telegram_id is not None
            tx.audit.record(
                "invite.create", "person", person.id, actor_id=actor.id if actor else None, rebind=rebinding
            )
        return IssuedInvite(person=person, token=token, expires_at=expires, rebind=rebinding)

    async def bind(self, token: str, who: TelegramIdentity) -> Binding:
        """Bind a Telegram account to the invited person (single use, expiring).

        A person bound to another account moves only with an invite issued after they bound (which
        `create_invite` gives only with an explicit rebind); the office is told, and the handler tells
        the replaced account.
        """
        now = self.clock.now()
        async with self.db.transaction() as tx:
            invite = await tx.invites.by_hash_for_update(hash_token(token.strip()))
            if invite is None or invite.revoked_at is not None:
                raise Invalid("invite.invalid")
            if invite.used_at is not None:
                raise Expired("invite.used")
            if invite.expires_at <= now:
                raise Expired("invite.expired")
            person = await tx.people.get(invite.person_id)
            if person is None or not person.active:
                raise Invalid("invite.invalid")
            holder = await tx.people.by_telegram_id(who.id)
            if holder is not None and holder.id != person.id:
                raise Conflict("invite.account_taken", name=holder.name)
            replaced = person.telegram_id if person.telegram_id not in (None, who.id) else None
            if replaced is not None and person.bound_at is not None and invite.created_at < person.bound_at:
                raise Invalid("invite.invalid")  # issued before the person bound: not a rebind invite
            invite.used_at = now
            invite.used_by_telegram_id = who.id
            person.telegram_id = who.id
            person.telegram_username = who.username
            person.bound_at = now
            person.reachable = True
            person.unreachable_since = None
            if person.language is None:
                person.language = language_from_code(who.language_code)
            if replaced is None:
                tx.audit.record("person.bind", "person", person.id, actor_id=person.id, telegram_id=who.id)
                return Binding(person)
            tx.audit.record(
                "person.rebind",
                "person",
                person.id,
                actor_id=person.id,
                telegram_id=who.id,
                replaced=replaced,
            )
            office = await office_recipients(tx, work_group_id=person.work_group_id)
            await self.outbox.enqueue_many(
                tx,
                [r for r in office if r.person_id != person.id],
                Notification(Kind.PERSON_REBOUND, {"name": person.name, "unit": _unit(person)}),
                key=f"person:{person.id}:rebound:{invite.id}",
            )
            return Binding(person, replaced)

    async def unbind(self, actor: Person, ref: str) -> Binding:
        """An admin detaches a person's Telegram account (lost phone, wrong binding); audited."""
        require_any(actor, Role.ADMIN)
        target = await self.resolve(ref)
        async with self.db.transaction() as tx:
            person = await tx.people.get(target.id)
            if person is None or person.telegram_id is None:
                raise Invalid("unbind.not_bound", name=target.name)
            replaced = person.telegram_id
            person.telegram_id = None
            person.telegram_username = None
            person.bound_at = None
            await tx.invites.revoke_open_for(person.id, self.clock.now())
            tx.audit.record("person.unbind", "person", person.id, actor_id=actor.id, telegram_id=replaced)
            return Binding(person, replaced)

    async def register(self, actor: Person, text: str) -> Person:
        """`/person_add 张三 13800000000 单位 角色`: one person registered by the office from the chat.

        Name first; the phone and the role words (干部、项目负责人、组长…) are recognised wherever they
        are; what remains is the unit. Nothing is stored unless every part is understood.
        """
        require_any(actor, *OFFICE_ROLES)
        words = text.split()
        if len(words) < 3:
            raise Invalid("person_add.usage")
        name, rest = words[0], words[1:]
        phone: str | None = None
        roles: set[Role] = set()
        unit_words: list[str] = []
        for word in rest:
            role = ROLE_WORDS.get(word.lower())
            if role is not None:
                roles.add(role)
                continue
            try:
                found = normalize_phone(word)
            except ValueError:
                found = None
            if found is not None and phone is None:
                phone = found
            elif _PHONE_LIKE.match(word) and phone is None:
                raise Invalid("person_add.bad_phone", phone=word)
            else:
                unit_words.append(word)
        if len(name) > 64 or len(" ".join(unit_words)) > 128:
            raise Invalid("person_add.too_long")
        if phone is None:
            raise Invalid("person_add.no_phone")
        if not roles:
            raise Invalid("person_add.no_role")
        unit_name = " ".join(unit_words) or None
        async with self.db.transaction() as tx:
            holder = await tx.people.by_phone(phone)
            if holder is not None:
                raise Conflict("person_add.phone_taken", phone=phone, name=holder.name)
            unit = await tx.org.unit_get_or_create(unit_name) if unit_name else None
            if any(p.unit_id == (unit.id if unit else None) for p in await tx.people.by_name(name)):
                raise Conflict("person_add.exists", name=name)
            person = await tx.people.add(Person(name=name, phone=phone, unit_id=unit.id if unit else None))
            tx.people.set_roles(person, roles)
            await tx.flush()
            tx.audit.record(
                "person.add", "person", person.id, actor_id=actor.id, roles=sorted(r.value for r in roles)
            )
            return person

    async def set_language(self, person: Person, language: Language) -> bool:
        """Store the person's language (as loaded with this update); False when it was that already
        and nothing was written."""
        if person.language == language:
            return False
        async with self.db.transaction() as tx:
            if not await tx.people.set_fields(person.id, language=language):
                raise NotFound()
            return True

    async def menu_set(self, person_id: int, key: str) -> None:
        """Record the menu their chat was given (see handlers/shared/menu.py)."""
        async with self.db.transaction() as tx:
            await tx.people.set_fields(person_id, menu_key=key)

    async def mark_reachable(self, person_id: int) -> None:
        async with self.db.transaction() as tx:
            person = await tx.people.get(person_id)
            if person is not None and not person.reachable:
                person.reachable = True
                person.unreachable_since = None

    async def search(self, text: str) -> list[Person]:
        async with self.db.transaction() as tx:
            return list(await tx.people.search(text))
