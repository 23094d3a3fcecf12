"""Which tables this process has committed writes to: a counter per table, raised after each commit.

Read-side caches (core.miniapp) put the counters of the tables a view reads into their keys, so a
write committed by this process makes the next read compute afresh. A counter is raised only after
the commit (SQLAlchemy's ``after_commit``), never before, so a reader cannot store data read before
the commit under a key that is already new. Writes by other processes are not seen here: callers add
markers read from the database itself (row counts, highest ids, last update times) to their keys.

Every ORM write is seen: objects flushed (added, changed, deleted) and INSERT / UPDATE / DELETE
statements run through a session; a textual statement that is not a SELECT counts as a write to
every table.
"""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

ANY = "*"
_KEY = "zsbot_written_tables"
_lock = threading.Lock()
_counters: dict[str, int] = {}


def generation(tables: tuple[str, ...]) -> tuple[int, ...]:
    """The write counters of `tables` (and of the catch-all for unknown writes), in that order."""
    with _lock:
        return (_counters.get(ANY, 0), *(_counters.get(t, 0) for t in tables))


def _written(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_KEY, set())
    return found


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__table__", None)
        _written(session).add(table.name if isinstance(table, sa.Table) else ANY)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    statement: Any = state.statement
    if isinstance(statement, sa.TextClause):
        if not statement.text.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA")):
            _written(state.session).add(ANY)
        return
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(statement, "table", None)
        _written(state.session).add(table.name if isinstance(table, sa.Table) else ANY)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    tables = session.info.pop(_KEY, None)
    if tables:
        with _lock:
            for table in tables:
                _counters[table] = _counters.get(table, 0) + 1


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
