"""`zsbot backup` → change things → `zsbot restore`: the ledger is exactly as it was, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from bot.cli.commands import app
from db.database import Database
from db.enums import LedgerKind
from db.models import LedgerEntry, Project
from tests.support.projects import add_project


async def ledger(db: Database) -> list[tuple[object, ...]]:
    async with db.transaction() as tx:
        rows = await tx.session.execute(
            sa.select(
                LedgerEntry.id,
                LedgerEntry.project_id,
                LedgerEntry.kind,
                LedgerEntry.delta_wan,
                LedgerEntry.effective_on,
                LedgerEntry.is_correction,
                LedgerEntry.note,
                LedgerEntry.created_at,
            ).order_by(LedgerEntry.id)
        )
        projects = await tx.session.execute(sa.select(Project.id, Project.name).order_by(Project.id))
        return [tuple(r) for r in rows] + [tuple(p) for p in projects]


def cli(*args: str, url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"ZSBOT_DATABASE_URL": url})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


async def test_backup_then_restore_gives_back_the_same_ledger(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    project = await add_project(db, "新能源电池项目")
    async with db.transaction() as tx:
        for kind, amount, day in (
            (LedgerKind.SIGNED, "150000.5", 1),
            (LedgerKind.FUNDS, "32000", 2),
            (LedgerKind.FUNDS, "-1000.25", 3),
        ):
            tx.session.add(
                LedgerEntry(
                    project_id=project.id,
                    kind=kind,
                    delta_wan=Decimal(amount),
                    effective_on=dt.date(2026, 11, day),
                    note="签约 ✓ <b>",
                )
            )
    before = await ledger(db)
    assert len(before) == 4

    code, out = cli("backup", str(tmp_path / "zsbot.backup"), url=database_url)
    assert code == 0, out
    assert (tmp_path / "zsbot.backup").stat().st_size > 0

    async with db.transaction() as tx:  # a bad day: an entry lost, another one added, a project renamed
        await tx.session.execute(sa.delete(LedgerEntry).where(LedgerEntry.kind == LedgerKind.SIGNED))
        tx.session.add(
            LedgerEntry(
                project_id=project.id,
                kind=LedgerKind.FUNDS,
                delta_wan=Decimal(1),
                effective_on=dt.date(2026, 11, 9),
            )
        )
        await tx.session.execute(sa.update(Project).values(name="改名"))
    assert await ledger(db) != before
    await db.dispose()  # the bot is stopped for a restore

    code, out = cli("restore", "--yes", str(tmp_path / "zsbot.backup"), url=database_url)
    assert code == 0, out
    assert await ledger(db) == before


async def test_restore_refuses_a_file_that_is_not_a_backup(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    await add_project(db, "项目甲")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    await db.dispose()
    code, out = cli("restore", "--yes", str(junk), url=database_url)
    assert code == 1 and "restore failed" in out
    async with db.transaction() as tx:  # nothing was touched
        assert [p.name for p in (await tx.session.scalars(sa.select(Project))).all()] == ["项目甲"]
