"""Dialect-aware INSERT … ON CONFLICT DO NOTHING (SQLite and PostgreSQL both have it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Insert


def insert_ignore(dialect: str, table: Any, values: dict[str, Any], *, conflict: list[str]) -> Insert:
    module = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table).values(**values)
    return stmt.on_conflict_do_nothing(index_elements=conflict)
