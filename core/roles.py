"""Roles and the access policy: router-level role checks plus object-level checks in core."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import Forbidden, NotYours
from db.enums import Role
from db.models import Person

__all__ = ["OFFICE_ROLES", "Role", "has_any", "require_any", "require_self_or_office"]

OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def has_any(person: Person | None, roles: Iterable[Role]) -> bool:
    return person is not None and person.active and bool(person.role_set & set(roles))


def require_any(person: Person | None, *roles: Role) -> Person:
    if person is None or not has_any(person, roles):
        raise Forbidden()
    return person


def is_office(person: Person | None) -> bool:
    return has_any(person, OFFICE_ROLES)


def require_self_or_office(actor: Person, owner_id: int | None) -> None:
    if owner_id != actor.id and not is_office(actor):
        raise NotYours()
