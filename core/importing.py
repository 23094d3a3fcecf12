"""What every spreadsheet import shares: the report, the office-only reading, one all-or-nothing
transaction, and finding a person named in a cell."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import Forbidden
from core.roles import OFFICE_ROLES, has_any
from core.tabular import Column, RowError, Table, cell_text, read_table
from db.database import Database
from db.models import Person
from db.tx import Tx

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
