"""An update's intake in one trip to the database (issue 18).

Every update is taken in before it is handled (core/updates.py): its id claimed with its payload,
its sender loaded with roles, unit and work group, where forms live in the database its chat's form
read — and the updates that finished meanwhile are marked done on the way. Through the ORM that was
two transactions and five statements, each statement a trip between the event loop and the
database plus the ORM's own work: most of what a small update cost. Here it is one trip:

- SQLite: one function run on the connection's own thread (see db/sqlite_driver.py) sends
  ``BEGIN IMMEDIATE``, the statements and ``COMMIT``; the rows are converted by the columns' own
  types, as SQLAlchemy converts them.
- PostgreSQL: one statement (the writes as data-modifying CTEs) in autocommit, so one round trip
  and still atomic; SQLAlchemy converts its typed columns.

The sender comes back as a detached :class:`Person` (with its roles, unit and work group) equal to
one the ORM would load: a test compares every attribute on both databases, and fails when the model
gains a relationship this module does not fill.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from db.database import Database
from db.models import Base, FsmRecord, Person, PersonRole, ProcessedUpdate, Unit, WorkGroup
from db.sqlite_driver import OneHopConnection

FormState = tuple[str | None, dict[str, Any]]
"""A chat's form: its state (None: no form open) and its data."""


def form_state(state: str | None, data: dict[str, Any] | None) -> FormState:
    """A stored form row's columns as a :data:`FormState` (its data a fresh dict)."""
    return state, dict(data or {})


PERSON_RELATIONSHIPS = frozenset({"roles", "unit", "work_group"})
"""What :func:`_person` fills besides the columns: every relationship of :class:`Person`."""


@dataclass(frozen=True)
class Taken:
    """An update just claimed: its sender (None: no such Telegram account, or none was asked for)
    and, when its key was given, its chat's form."""

    person: Person | None
    form: FormState | None


_M = TypeVar("_M", bound=Base)
_T = TypeVar("_T")
_Processor = Callable[[Any], Any] | None

_UPDATES = cast(sa.Table, ProcessedUpdate.__table__)
_PEOPLE = cast(sa.Table, Person.__table__)
_UNITS = cast(sa.Table, Unit.__table__)
_GROUPS = cast(sa.Table, WorkGroup.__table__)
_ROLES = cast(sa.Table, PersonRole.__table__)
_FORMS = cast(sa.Table, FsmRecord.__table__)

# The selected columns: a prefix per table, so one row can carry all three.
_SELECTED: tuple[tuple[str, sa.Table], ...] = (("p", _PEOPLE), ("u", _UNITS), ("g", _GROUPS))


def _select_list() -> str:
    return ", ".join(f"{alias}.{c.name} AS {alias}_{c.name}" for alias, table in _SELECTED for c in table.c)


_SENDER_FROM = (
    "FROM people p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN work_groups g ON g.id = p.work_group_id"
)


@dataclass(frozen=True)
class _Claim:
    """What one intake is asked: see :meth:`UpdateIntake.take_in`."""

    update_id: int
    at: dt.datetime
    payload: str | None
    telegram_id: int | None
    form_key: str | None
    finished: Sequence[int]


class UpdateIntake:
    """Claims an update and reads what its handling needs, marking finished ones done (one trip)."""

    def __init__(self, db: Database) -> None:
        self._impl: _SqliteIntake | _PostgresIntake = (
            _SqliteIntake(db) if db.is_sqlite else _PostgresIntake(db)
        )

    async def take_in(
        self,
        update_id: int,
        payload: str | None,
        telegram_id: int | None,
        form_key: str | None,
        finished: Sequence[int] = (),
    ) -> Taken | None:
        """Mark `finished` done, claim `update_id` (None: it was claimed before, a redelivery) and
        read its sender (the person bound to `telegram_id`, active or not) and the form under
        `form_key` — committed together, or none of it."""
        claim = _Claim(update_id, dt.datetime.now(dt.UTC), payload, telegram_id, form_key, finished)
        return await self._impl.take_in(claim)

    async def finish(self, update_ids: Sequence[int]) -> None:
        """Mark handled updates done (each kept as an id only: the payload is dropped)."""
        if update_ids:
            await self._impl.finish(update_ids)


# -- building the detached objects ---------------------------------------------------------------


def _detached(model: type[_M], columns: dict[str, Any], relationships: dict[str, Any]) -> _M:
    """An instance of `model` as if loaded by a session that has since closed (detached): `columns`
    (every column attribute) are its loaded state as a load leaves it (in the instance's dict, no
    change history), `relationships` set as loaded too."""
    obj = cast(_M, sa.inspect(model).class_manager.new_instance())
    obj.__dict__.update(columns)
    for key, value in relationships.items():
        set_committed_value(obj, key, value)
    make_transient_to_detached(obj)
    return obj


def _person(
    values: dict[str, Any], roles: Sequence[Any], unit: Unit | None, group: WorkGroup | None
) -> Person:
    person = _detached(Person, values, {"unit": unit, "work_group": group})
    role_rows = [
        _detached(PersonRole, {"person_id": person.id, "role": r}, {"person": person}) for r in roles
    ]
    set_committed_value(person, "roles", role_rows)
    return person


def _attribute_keys(model: type[Base], table: sa.Table) -> list[str]:
    mapper = sa.inspect(model)
    return [mapper.get_property_by_column(c).key for c in table.c]


def _sender(
    row: Sequence[Any],
    roles: Sequence[Any],
    convert: Callable[[str, sa.Table, Sequence[Any]], dict[str, Any]],
) -> Person:
    """The detached person of a sender row (people, units, work groups columns, in that order)."""
    values: dict[str, dict[str, Any]] = {}
    start = 0
    for alias, table in _SELECTED:
        end = start + len(table.c)
        values[alias] = convert(alias, table, row[start:end])
        start = end
    unit = _detached(Unit, values["u"], {}) if values["u"]["id"] is not None else None
    group = _detached(WorkGroup, values["g"], {}) if values["g"]["id"] is not None else None
    return _person(values["p"], roles, unit, group)


# -- SQLite: one function on the connection's thread ---------------------------------------------


@dataclass(frozen=True)
class _SqliteSql:
    finish: str
    claim: str
    sender: str
    roles: str
    form: str


def _in_transaction(conn: sqlite3.Connection, work: Callable[[], _T]) -> _T:
    """`work()` between ``BEGIN IMMEDIATE`` and ``COMMIT`` on the SQLite thread; rolled back when
    it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _sqlite_take_in(
    conn: sqlite3.Connection,
    sql: _SqliteSql,
    finished: list[tuple[int]],
    claim: tuple[Any, ...],
    telegram_id: int | None,
    form_key: str | None,
) -> tuple[Any, list[Any], Any] | None:
    """Runs on the SQLite thread: (sender row or None, its roles, form row or None); None when the
    update was claimed before."""

    def work() -> tuple[Any, list[Any], Any] | None:
        if finished:
            conn.executemany(sql.finish, finished)
        if conn.execute(sql.claim, claim).rowcount != 1:
            return None
        sender = conn.execute(sql.sender, (telegram_id,)).fetchone() if telegram_id is not None else None
        roles = conn.execute(sql.roles, (sender[0],)).fetchall() if sender is not None else []
        form = conn.execute(sql.form, (form_key,)).fetchone() if form_key is not None else None
        return sender, roles, form

    return _in_transaction(conn, work)


def _sqlite_finish(conn: sqlite3.Connection, sql: str, finished: list[tuple[int]]) -> None:
    _in_transaction(conn, lambda: conn.executemany(sql, finished))


class _SqliteIntake:
    def __init__(self, db: Database) -> None:
        self.db = db
        dialect = db.engine.dialect
        assert _PEOPLE.c.id is _PEOPLE.c[0], "the sender row starts with the person's id"
        self.sql = _SqliteSql(
            finish="UPDATE processed_updates SET done = 1, payload = NULL WHERE update_id = ?",
            claim="INSERT INTO processed_updates (update_id, at, done, payload) VALUES (?, ?, 0, ?) "
            "ON CONFLICT (update_id) DO NOTHING",
            sender=f"SELECT {_select_list()} {_SENDER_FROM} WHERE p.telegram_id = ?",
            roles="SELECT role FROM person_roles WHERE person_id = ?",
            form="SELECT state, data FROM fsm_records WHERE key = ?",
        )
        self._at = _bind(_UPDATES.c.at, dialect)
        self._columns = {
            alias: list(zip(_attribute_keys(model, table), _results(list(table.c), dialect), strict=True))
            for (alias, table), model in zip(_SELECTED, (Person, Unit, WorkGroup), strict=True)
        }
        self._role = _result(_ROLES.c.role, dialect)
        self._form = _results([_FORMS.c.state, _FORMS.c.data], dialect)

    async def take_in(self, c: _Claim) -> Taken | None:
        claim = (c.update_id, self._at(c.at) if self._at else c.at, c.payload)
        done = [(i,) for i in c.finished]
        read = await self._run(
            _sqlite_take_in, self.sql.claim, self.sql, done, claim, c.telegram_id, c.form_key
        )
        if read is None:
            return None
        sender, roles, form = read
        person = None
        if sender is not None:
            role_values = [_apply(self._role, r[0]) for r in roles]
            person = _sender(sender, role_values, self._convert)
        return Taken(person, self._form_row(form) if c.form_key is not None else None)

    async def finish(self, update_ids: Sequence[int]) -> None:
        await self._run(_sqlite_finish, self.sql.finish, self.sql.finish, [(i,) for i in update_ids])

    async def _run(self, fn: Callable[..., Any], statement: str, *args: Any) -> Any:
        """`fn(connection, *args)` on a pooled connection's thread, as the process's one writer at a
        time; the driver's errors raised as SQLAlchemy's (the callers tell an outage by them)."""
        async with self.db.writing(), self.db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            hop = cast(OneHopConnection, raw.dbapi_connection)
            try:
                return await hop.run(fn, *args)
            except sqlite3.Error as error:
                # no parameters in the message: they hold the update as sent (people's own text)
                raise sa_exc.DBAPIError.instance(
                    statement, None, error, sqlite3.Error, hide_parameters=True
                ) from error

    def _convert(self, alias: str, table: sa.Table, row: Sequence[Any]) -> dict[str, Any]:
        return {key: _apply(p, value) for (key, p), value in zip(self._columns[alias], row, strict=True)}

    def _form_row(self, form: Any) -> FormState:
        if form is None:
            return None, {}
        state, data = (_apply(p, v) for p, v in zip(self._form, form, strict=True))
        return form_state(state, data)


def _bind(column: sa.Column[Any], dialect: sa.Dialect) -> _Processor:
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _result(column: sa.Column[Any], dialect: sa.Dialect) -> _Processor:
    return column.type.dialect_impl(dialect).result_processor(dialect, None)


def _results(columns: Sequence[sa.Column[Any]], dialect: sa.Dialect) -> list[_Processor]:
    return [_result(c, dialect) for c in columns]


def _apply(processor: _Processor, value: Any) -> Any:
    return processor(value) if processor is not None else value


# -- PostgreSQL: one statement -------------------------------------------------------------------


class _PostgresIntake:
    """The writes as data-modifying CTEs of the one statement that reads: atomic in autocommit."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        columns = [sa.column(f"{alias}_{c.name}", c.type) for alias, table in _SELECTED for c in table.c]
        claimed = "claimed.update_id IS NOT NULL"
        self.take = (
            sa.text(
                "WITH finished AS ("
                " UPDATE processed_updates SET done = true, payload = NULL WHERE update_id = ANY(:finished)"
                "), claimed AS ("
                " INSERT INTO processed_updates (update_id, at, done, payload)"
                " VALUES (:update_id, :at, false, :payload)"
                " ON CONFLICT (update_id) DO NOTHING RETURNING update_id"
                ") "
                f"SELECT claimed.update_id AS claimed, {_select_list()},"
                " (SELECT array_agg(r.role) FROM person_roles r WHERE r.person_id = p.id) AS roles,"
                " f.key AS form_key, f.state AS form_state, f.data AS form_data"
                " FROM (SELECT 1) AS one"
                " LEFT JOIN claimed ON true"
                f" LEFT JOIN people p ON p.telegram_id = :telegram_id AND {claimed}"
                " LEFT JOIN units u ON u.id = p.unit_id"
                " LEFT JOIN work_groups g ON g.id = p.work_group_id"
                f" LEFT JOIN fsm_records f ON f.key = :form_key AND {claimed}"
            )
            .bindparams(
                sa.bindparam("finished", type_=sa.ARRAY(sa.BigInteger)),
                sa.bindparam("update_id", type_=_UPDATES.c.update_id.type),
                sa.bindparam("at", type_=_UPDATES.c.at.type),
                sa.bindparam("payload", type_=_UPDATES.c.payload.type),
                sa.bindparam("telegram_id", type_=_PEOPLE.c.telegram_id.type),
                sa.bindparam("form_key", type_=_FORMS.c.key.type),
            )
            .columns(
                sa.column("claimed", sa.BigInteger),
                *columns,
                sa.column("roles", sa.ARRAY(_ROLES.c.role.type)),
                sa.column("form_key", _FORMS.c.key.type),
                sa.column("form_state", _FORMS.c.state.type),
                sa.column("form_data", _FORMS.c.data.type),
            )
        )
        self.finish_many = sa.text(
            "UPDATE processed_updates SET done = true, payload = NULL WHERE update_id = ANY(:finished)"
        ).bindparams(sa.bindparam("finished", type_=sa.ARRAY(sa.BigInteger)))
        self._keys = {
            alias: _attribute_keys(model, table)
            for (alias, table), model in zip(_SELECTED, (Person, Unit, WorkGroup), strict=True)
        }
        self._width = len(columns)

    async def take_in(self, c: _Claim) -> Taken | None:
        params = {
            "finished": list(c.finished),
            "update_id": c.update_id,
            "at": c.at,
            "payload": c.payload,
            "telegram_id": c.telegram_id,
            "form_key": c.form_key,
        }
        async with self.engine.connect() as conn:
            row = (await conn.execute(self.take, params)).one()
        if row.claimed is None:
            return None
        person = None
        if row.p_id is not None:
            person = _sender(row[1 : 1 + self._width], row.roles or [], self._convert)
        form: FormState | None = None
        if c.form_key is not None:
            form = form_state(row.form_state, row.form_data) if row.form_key is not None else (None, {})
        return Taken(person, form)

    async def finish(self, update_ids: Sequence[int]) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(self.finish_many, {"finished": list(update_ids)})

    def _convert(self, alias: str, table: sa.Table, row: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(self._keys[alias], row, strict=True))
