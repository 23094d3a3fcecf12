"""INSERT … ON CONFLICT DO NOTHING, compiled once.

The same text on SQLite (3.24+) and PostgreSQL. Not the dialects' ``insert().on_conflict_do_nothing()``:
SQLAlchemy 2.0 cannot cache SQLite's (its ``Insert`` has ``inherit_cache = False``), so every
execution compiled the statement again — the claim of every update among them (issue 18). A text
template per table and column list, with the columns' own types on its parameters (dates, enums
and JSON are converted exactly as an ``insert()`` would), is cached like any other statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import cast

import sqlalchemy as sa
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import TextClause


def insert_ignore(table: FromClause, columns: Iterable[str], *, conflict: Iterable[str]) -> TextClause:
    """The statement inserting one row of `columns` (execute it with their values) unless it would
    conflict on the unique `conflict` columns; the result's rowcount is 1 when inserted, else 0."""
    return _template(cast(sa.Table, table), tuple(columns), tuple(conflict))


@cache
def _template(table: sa.Table, columns: tuple[str, ...], conflict: tuple[str, ...]) -> TextClause:
    names = ", ".join(columns)
    params = ", ".join(f":{c}" for c in columns)
    sql = (
        f"INSERT INTO {table.name} ({names}) VALUES ({params}) ON CONFLICT ({', '.join(conflict)}) DO NOTHING"
    )
    return sa.text(sql).bindparams(*(sa.bindparam(c, type_=table.c[c].type) for c in columns))
