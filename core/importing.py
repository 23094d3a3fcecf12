"""What every spreadsheet import shares: the report, the office-only reading, the staging of a
large file's rows, one all-or-nothing final transaction, and finding a person named in a cell.

A file is read in a worker thread (bounded by the row limit, a setting); its rows are then written
in batches of :data:`BATCH_ROWS` into the ``import_staging`` table, each batch in its own short
transaction, and read back batch by batch to be checked (short read transactions), so other
people's updates are served between batches. Only a file whose every row is good is applied, in
one final transaction; the staged rows are dropped whatever happens (a crash leaves them to
:func:`purge_staging` at the next start). Progress is reported per batch."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from core.errors import Forbidden
from core.roles import OFFICE_ROLES, has_any
from core.tabular import Column, Row, RowError, Table, cell_text, read_table
from db.database import Database
from db.models import Person
from db.tx import Tx

BATCH_ROWS = 1000  # rows staged / checked per short transaction
STALE_STAGING = dt.timedelta(hours=1)  # staged rows this old belong to an import that died

Progress = Callable[[str, int, int], Awaitable[None]]
"""``await progress(step, done, total)``: step is "staged", "checked" or "applying"."""

_PHONE = re.compile(r"^(?:\+?86)?(1\d{10}|0\d{2,3}-?\d{7,8})$")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # imported, but worth a second look

    @property
    def ok(self) -> bool:
        return not self.errors

    def discard(self) -> None:
        """The import was rolled back: nothing was created, updated or changed."""
        self.created = self.updated = self.unchanged = 0
        self.changes.clear()
        self.warnings.clear()


def normalize_phone(value: object) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    compact = re.sub(r"[\s()（）]", "", text)
    match = _PHONE.match(compact)
    if not match:
        raise ValueError(text)
    return match.group(1).replace("-", "") if match.group(1).startswith("1") else match.group(1)


class ImportRejected(Exception):
    """Raised inside an import's transaction to roll it back when any row is bad."""


async def read_import(
    source: bytes | Path,
    file_name: str,
    columns: Sequence[Column],
    actor: Person | None,
    *,
    max_rows: int | None = None,
) -> Table:
    """The office imports (``actor`` None is the operator at the command line); the file as a table,
    read in a worker thread so the bot keeps answering others meanwhile."""
    if actor is not None and not has_any(actor, OFFICE_ROLES):
        raise Forbidden()
    return await asyncio.to_thread(read_table, source, file_name, columns, max_rows=max_rows)


def encode_row(values: dict[str, object]) -> str:
    """A row's cells as JSON, keeping their types (dates stay dates, numbers stay exact)."""

    def tagged(value: object) -> object:
        if isinstance(value, dt.datetime):
            return {"$dt": value.isoformat()}
        if isinstance(value, dt.date):
            return {"$d": value.isoformat()}
        if isinstance(value, dt.time):
            return {"$t": value.isoformat()}
        if isinstance(value, Decimal):
            return {"$dec": str(value)}
        if isinstance(value, bool | int | float | str) or value is None:
            return value
        return str(value)

    return json.dumps({k: tagged(v) for k, v in values.items()}, ensure_ascii=False)


def decode_row(text: str) -> dict[str, object]:
    def untagged(value: object) -> object:
        if isinstance(value, dict):
            if "$dt" in value:
                return dt.datetime.fromisoformat(value["$dt"])
            if "$d" in value:
                return dt.date.fromisoformat(value["$d"])
            if "$t" in value:
                return dt.time.fromisoformat(value["$t"])
            if "$dec" in value:
                return Decimal(value["$dec"])
        return value

    return {k: untagged(v) for k, v in json.loads(text).items()}


class StagingLost(RuntimeError):
    """Fewer rows came back from the staging table than went in: the import stops, nothing applied."""


class Staging:
    """A file's rows in the staging table for the length of one import (``async with``): staged in
    batches, each its own short transaction, read back batch by batch, dropped at the end."""

    def __init__(self, db: Database, progress: Progress | None = None) -> None:
        self.db = db
        self.progress = progress
        self.import_id = uuid.uuid4().hex
        self.total = 0

    async def stage(self, rows: Sequence[Row]) -> None:
        self.total = len(rows)
        for start in range(0, len(rows), BATCH_ROWS):
            batch = [(row.number, encode_row(row.values)) for row in rows[start : start + BATCH_ROWS]]
            async with self.db.transaction() as tx:
                await tx.import_staging.stage(self.import_id, batch, dt.datetime.now(dt.UTC))
            await self.report("staged", start + len(batch))

    async def round_trip(self, rows: Sequence[Row]) -> list[Row]:
        """Stage ``rows`` and read them all back (an import whose check needs every row at once)."""
        await self.stage(rows)
        return [row async for batch in self.batches() for row in batch]

    async def batches(self) -> AsyncIterator[list[Row]]:
        """The staged rows in file order, one batch per short transaction."""
        after, done = 0, 0
        while True:
            async with self.db.transaction() as tx:
                found = await tx.import_staging.batch(self.import_id, after, BATCH_ROWS)
            if not found:
                if done != self.total:  # the staged rows went (a purge mistook the import for a dead one)
                    raise StagingLost(done, self.total)
                return
            after = found[-1][0]
            yield [Row(number, decode_row(data)) for _id, number, data in found]
            done += len(found)
            await self.report("checked", done)

    async def report(self, step: str, done: int) -> None:
        if self.progress is not None:
            await self.progress(step, done, self.total)

    async def __aenter__(self) -> Staging:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        # dropped even when the import failed or was cancelled (shielded: a cancelled task still
        # cleans up); if the process dies here, purge_staging does it at the next start
        await asyncio.shield(self._drop())

    async def _drop(self) -> None:
        async with self.db.transaction() as tx:
            await tx.import_staging.drop(self.import_id)


async def purge_staging(db: Database, now: dt.datetime | None = None) -> int:
    """Drop the staged rows of imports a crash cut short (staged over an hour before ``now``, real
    time by default: an import in progress, perhaps in another process, is left alone)."""
    async with db.transaction() as tx:
        return await tx.import_staging.purge((now or dt.datetime.now(dt.UTC)) - STALE_STAGING)


@asynccontextmanager
async def all_or_nothing(db: Database, report: ImportReport) -> AsyncIterator[Tx]:
    """One transaction for the whole import: ImportRejected (any bad row) rolls it all back."""
    try:
        async with db.transaction() as tx:
            yield tx
    except ImportRejected:
        report.discard()


def audit_import(tx: Tx, what: str, actor: Person | None, file_name: str, **counts: int) -> None:
    """The import is in the audit log: who (None: the operator), which file, what it did."""
    tx.audit.record(
        f"import.{what}", "import", None, actor_id=actor.id if actor else None, file=file_name, **counts
    )


def unknown_group(row: int, name: str) -> RowError:
    """A row names a work group that is not imported yet."""
    return RowError(
        row,
        "work_group",
        "unknown_group",
        f"工作组“{name}”不存在，请先导入工作组 / unknown work group {name}",
        {"value": name},
    )


async def known_person(
    tx: Tx, report: ImportReport, row: int, field: str, who: str, ref: str
) -> Person | None:
    """The person a cell names (find_person); unknown: an error on the row ("<who>“<ref>”<reason>")."""
    person, reason = await find_person(tx, ref)
    if person is None:
        why = "phone" if "手机号" in reason else "ambiguous" if "重名" in reason else "missing"
        report.errors.append(
            RowError(
                row,
                field,
                "unknown_person",
                f"{who}“{ref}”{reason}",
                {"column": field, "value": ref, "why": why},
            )
        )
    return person


async def find_person(tx: Tx, ref: str) -> tuple[Person | None, str]:
    """A person named in a cell by phone or by name (active, and alone with that name); else the reason."""
    try:
        phone = normalize_phone(ref)
    except ValueError:
        phone = None
    if phone is not None:
        person = await tx.people.by_phone(phone)
        return (person, "") if person else (None, "（手机号未登记，请先导入人员 / phone not registered）")
    matches = [p for p in await tx.people.by_name(ref) if p.active]
    if len(matches) == 1:
        return matches[0], ""
    if not matches:
        return None, "不存在，请先导入人员 / no such person: import people first"
    return (
        None,
        f"有 {len(matches)} 人重名，请改用手机号 / {len(matches)} people share this name: use the phone",
    )
