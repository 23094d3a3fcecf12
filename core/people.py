"""People: invites, binding a Telegram account, language, lookup."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from core.clock import Clock
from core.errors import Conflict, Expired, Invalid, NotFound
from core.roles import OFFICE_ROLES, require_any
from db.database import Database
from db.enums import Language
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


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    def __init__(self, db: Database, clock: Clock, *, invite_ttl: dt.timedelta) -> None:
        self.db = db
        self.clock = clock
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

    async def create_invite(self, actor: Person | None, ref: str) -> IssuedInvite:
        """A fresh single-use invite; earlier open invites of the person are revoked.

        `actor` None means the operator at the command line.
        """
        if actor is not None:
            require_any(actor, *OFFICE_ROLES)
        person = await self.resolve(ref)
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
            tx.audit.record("invite.create", "person", person.id, actor_id=actor.id if actor else None)
        return IssuedInvite(person=person, token=token, expires_at=expires)

    async def bind(self, token: str, who: TelegramIdentity) -> Person:
        """Bind a Telegram account to the invited person (single use, expiring)."""
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
            invite.used_at = now
            invite.used_by_telegram_id = who.id
            person.telegram_id = who.id
            person.telegram_username = who.username
            person.bound_at = now
            person.reachable = True
            person.unreachable_since = None
            if person.language is None:
                person.language = language_from_code(who.language_code)
            tx.audit.record("person.bind", "person", person.id, actor_id=person.id, telegram_id=who.id)
            return person

    async def set_language(self, person: Person, language: Language) -> Person:
        async with self.db.transaction() as tx:
            fresh = await tx.people.get(person.id)
            if fresh is None:
                raise NotFound()
            fresh.language = language
            return fresh

    async def mark_reachable(self, person_id: int) -> None:
        async with self.db.transaction() as tx:
            person = await tx.people.get(person_id)
            if person is not None and not person.reachable:
                person.reachable = True
                person.unreachable_since = None

    async def search(self, text: str) -> list[Person]:
        async with self.db.transaction() as tx:
            return list(await tx.people.search(text))
