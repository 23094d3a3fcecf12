"""What the office's read-side queries share: a page of a list, counts, and a scope filter."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """The first items of a list, and how many there are in all."""

    total: int
    items: list[T]


def count_of(value: object) -> int:
    """A COUNT or SUM that may come back as None."""
    return int(value or 0)  # type: ignore[call-overload]


def names_joined(dialect: str, column: Any) -> sa.ColumnElement[str]:
    """Comma-joined names within a GROUP BY (SQLite and PostgreSQL spell it differently)."""
    if dialect == "postgresql":
        return sa.func.string_agg(column, sa.literal_column("','"))
    return sa.func.group_concat(column, ",")


def in_groups(column: Any, work_group_ids: Collection[int] | None) -> list[sa.ColumnElement[bool]]:
    """The scope filter: rows of the given work groups; no filter for the whole campaign (None)."""
    return [] if work_group_ids is None else [column.in_(work_group_ids)]


async def total_rows(session: AsyncSession, stmt: sa.Select[Any]) -> int:
    """How many rows a statement gives in all (a page shows the first of them)."""
    return count_of(await session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())))
