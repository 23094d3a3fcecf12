"""Large files (issue 17): read in a worker thread, not on the event loop that answers everyone;
more rows than the row limit (a setting) is one clear file error, before anything is imported;
a long plan gets a progress message before its report."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

import core.importing
import handlers.projects.plan_import as plan_import
from bot.runner import Running
from core.tabular import Column, read_table
from db.database import Database
from db.enums import Role
from db.models import Project
from tests.e2e.conftest import MakePersona
from tests.support.factories import add_group
from tests.support.projects import plan_row, xlsx
from tgemu.client import TelegramTester


def test_the_row_limit_refuses_a_bigger_file() -> None:
    csv = "姓名\n" + "".join(f"人{i}\n" for i in range(50))
    columns = [Column("name", ("姓名",), required=True)]
    assert len(read_table(csv.encode(), "p.csv", columns, max_rows=50).rows) == 50
    table = read_table(csv.encode(), "p.csv", columns, max_rows=49)
    assert table.rows == [] and table.file_error is not None and table.file_error.code == "too_many_rows"
    table = read_table(csv.encode() * 40, "p.csv", columns, max_rows=10)  # stops early, same answer
    assert table.file_error is not None and "超过 10 行" in table.file_error.detail


async def test_a_long_plan_is_read_off_the_loop_with_a_progress_message(
    zsbot: Running,
    tg: TelegramTester,
    db: Database,
    persona: MakePersona,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    await add_group(db, "第一工作组")
    readers: list[bool] = []
    real_read_table = core.importing.read_table

    def recording(*args: object, **kwargs: object) -> object:
        readers.append(threading.current_thread() is threading.main_thread())
        return real_read_table(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(core.importing, "read_table", recording)
    rows = [
        plan_row(f"项目{i}", "新建", "第一工作组", milestone="开工", due="2026-12-20") for i in range(600)
    ]
    data = xlsx(rows)
    progress = await tg.upload(office.user, data, "plan.xlsx", timeout=120)
    assert "共 600 行" in progress.text
    report = await tg.next_answer(progress, timeout=120)
    assert "600" in report.text
    assert readers == [False]  # the import's read ran in a worker thread
    async with db.transaction() as tx:
        assert await tx.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 600

    zsbot.services.project_imports.max_rows = 100
    refused = await tg.upload(office.user, data, "plan2.xlsx")
    assert refused.text.startswith("文件无法导入：") and "超过 100 行" in refused.text
    assert plan_import.PROGRESS_ROWS == 500
