"""Roles: who holds which, for router-level checks (the object-level rules are in core/policy.py)."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import Forbidden
from db.enums import Role
from db.models import Person

__all__ = ["OFFICE_ROLES", "Role", "has_any", "is_office", "require_any"]

OFFICE_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


def has_any(person: Person | None, roles: Iterable[Role]) -> bool:
    return person is not None and person.active and bool(person.role_set & set(roles))


def require_any(person: Person | None, *roles: Role) -> Person:
    if person is None or not has_any(person, roles):
        raise Forbidden()
    return person


def is_office(person: Person | None) -> bool:
    return has_any(person, OFFICE_ROLES)
