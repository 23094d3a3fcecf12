"""Importing the project plan from .xlsx/.csv (Chinese or English headers), all or nothing.

One row is one milestone of a project; several rows may give several milestones of one project
(the project's own columns may repeat or be left empty on the later rows, but must not disagree).
A project is matched by name and work group, so re-importing a corrected plan updates it in place
and the report says what changed. Any bad row → nothing is imported, every bad row is reported
with its spreadsheet row number (the header is row 1) and the reason.
"""

from __future__ import annotations

from pathlib import Path

from core.clock import Clock
from core.importing import ImportRejected, all_or_nothing, audit_import, read_import
from core.project_import.checking import check_rows
from core.project_import.plan import (
    PROJECT_COLUMNS,
    FieldChange,
    ProjectChange,
    ProjectImportReport,
    looks_like_projects,
    read_plan,
)
from core.project_import.writing import apply_plan
from core.tabular import RowError
from db.database import Database
from db.models import Person

__all__ = [
    "PROJECT_COLUMNS",
    "FieldChange",
    "ProjectChange",
    "ProjectImportReport",
    "ProjectImportService",
    "looks_like_projects",
    "read_plan",
]


class ProjectImportService:
    def __init__(self, db: Database, clock: Clock, *, max_rows: int | None = None) -> None:
        self.db = db
        self.clock = clock
        self.max_rows = max_rows  # more data rows than this: the file is refused (a setting)

    async def import_plan(
        self, source: bytes | Path, file_name: str, actor: Person | None = None
    ) -> ProjectImportReport:
        """Import (or re-import) a project plan; ``actor`` None is the operator at the command line."""
        table = await read_import(source, file_name, PROJECT_COLUMNS, actor, max_rows=self.max_rows)
        report = ProjectImportReport(errors=list(table.errors), ignored_headers=list(table.ignored_headers))
        if report.errors:
            return report
        if not table.rows:
            report.errors.append(
                RowError(0, None, "no_rows", "文件中没有项目 / the file has no projects", {})
            )
            return report
        async with all_or_nothing(self.db, report) as tx:
            plans = await check_rows(tx, table.rows, report, self.clock.today())
            if report.errors:
                raise ImportRejected
            for plan in plans:
                await apply_plan(tx, plan, report, actor, self.clock)
            audit_import(
                tx,
                "projects",
                actor,
                file_name,
                created=report.created,
                updated=report.updated,
                milestones_created=report.milestones_created,
                milestones_updated=report.milestones_updated,
            )
        return report
