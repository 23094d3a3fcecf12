"""Rendering helpers shared by features: names, roles, lists — always escaped, always translated."""

from __future__ import annotations

from collections.abc import Iterable

from db.enums import Role
from db.models import Person
from handlers.shared.i18n import Safe, quote, t

ROLE_ORDER = (Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER, Role.CADRE, Role.PROJECT_LEAD)


def roles(person: Person) -> Safe:
    names = [t(f"role.{r.value}") for r in ROLE_ORDER if r in person.role_set]
    return join(names) if names else t("role.none")


def join(parts: Iterable[str]) -> Safe:
    return Safe(str(t("list.sep")).join(parts))


def person_name(person: Person) -> Safe:
    return quote(person.name)
