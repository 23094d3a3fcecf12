"""Re-importing people never silently takes over someone's record (issue 17): a row whose phone
belongs to another name, or whose name and unit match a person with another phone, or that changes
roles, is an error with its row number unless the row is marked as an update; changes are audited."""

from __future__ import annotations

import sqlalchemy as sa

from core.importing import ImportReport
from core.imports import ImportService
from db.database import Database
from db.enums import Role
from db.models import AuditLog, Person

HEAD = "姓名,手机,单位,工作组,角色"


async def _import(db: Database, *lines: str, head: str = HEAD) -> ImportReport:
    text = "\n".join((head, *lines)) + "\n"
    return await ImportService(db).people(text.encode(), "people.csv")


async def _people(db: Database) -> list[tuple[str, str | None, set[Role]]]:
    async with db.transaction() as tx:
        rows = (await tx.session.execute(sa.select(Person).order_by(Person.id))).scalars().all()
        return [(p.name, p.phone, set(p.role_set)) for p in rows]


async def test_a_phone_of_someone_else_does_not_rename_them(db: Database) -> None:
    assert (await _import(db, "张三,13800000001,市商务局,,干部")).ok
    report = await _import(db, "冒名者,13800000001,市商务局,,管理员")
    assert not report.ok
    (error,) = report.errors
    assert error.row == 2 and "张三" in error.detail
    assert await _people(db) == [("张三", "13800000001", {Role.CADRE})]


async def test_two_rows_same_name_and_unit_with_other_phones_are_an_error(db: Database) -> None:
    report = await _import(db, "张三,13800000001,市商务局,,干部", "张三,13800000002,市商务局,,干部")
    assert [e.row for e in report.errors] == [3]
    assert await _people(db) == []

    assert (await _import(db, "张三,13800000001,市商务局,,干部")).ok
    report = await _import(db, "张三,13800000002,市商务局,,干部")  # another phone: who is it?
    assert [e.row for e in report.errors] == [2]
    assert await _people(db) == [("张三", "13800000001", {Role.CADRE})]


async def test_a_role_change_needs_the_update_mark(db: Database) -> None:
    assert (await _import(db, "张三,13800000001,市商务局,,干部")).ok
    assert not (await _import(db, "张三,13800000001,市商务局,,管理员")).ok
    assert (await _import(db, "张三,13800000001,市商务局,,干部")).ok  # unchanged


async def test_an_update_row_renames_and_is_audited(db: Database) -> None:
    assert (await _import(db, "张三,13800000001,市商务局,,干部")).ok
    report = await _import(db, "张叁,13800000001,市商务局,,干部、项目负责人,是", head=HEAD + ",更新")
    assert report.ok and report.updated == 1
    assert await _people(db) == [("张叁", "13800000001", {Role.CADRE, Role.PROJECT_LEAD})]
    async with db.transaction() as tx:
        logs = (
            (
                await tx.session.execute(
                    sa.select(AuditLog).where(AuditLog.action == "person.changed_by_import")
                )
            )
            .scalars()
            .all()
        )
    assert len(logs) == 1 and logs[0].details["name"] == ["张三", "张叁"]
    assert logs[0].details["roles"] == [["cadre"], ["cadre", "project_lead"]]
