"""Dialect-aware INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL both have it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Insert


def insert_ignore(
    dialect: str, table: Any, values: dict[str, Any] | list[dict[str, Any]], *, conflict: list[str]
) -> Insert:
    """INSERT … ON CONFLICT DO NOTHING of one row (a dict) or several (a list of dicts)."""
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = (
        module.insert(table).values(values)
        if isinstance(values, list)
        else module.insert(table).values(**values)
    )
    return stmt.on_conflict_do_nothing(index_elements=conflict)
