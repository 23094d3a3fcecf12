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
from core.importing import BATCH_ROWS, Progress, Staging, all_or_nothing, audit_import, read_import
from core.project_import.checking import PlanChecker
from core.project_import.plan import (
    PROJECT_COLUMNS,
    FieldChange,
    ProjectChange,
    ProjectImportReport,
    ProjectPlan,
    looks_like_projects,
    read_plan,
)
from core.project_import.writing import apply_to, find_or_create
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
        self,
        source: bytes | Path,
        file_name: str,
        actor: Person | None = None,
        *,
        progress: Progress | None = None,
    ) -> ProjectImportReport:
        """Import (or re-import) a project plan; ``actor`` None is the operator at the command line.

        Staged, checked batch by batch, then applied in one final transaction (core.importing)."""
        table = await read_import(source, file_name, PROJECT_COLUMNS, actor, max_rows=self.max_rows)
        report = ProjectImportReport(errors=list(table.errors), ignored_headers=list(table.ignored_headers))
        if report.errors:
            return report
        if not table.rows:
            report.errors.append(
                RowError(0, None, "no_rows", "文件中没有项目 / the file has no projects", {})
            )
            return report
        async with Staging(self.db, progress) as staging:
            await staging.stage(table.rows)
            del table  # from here on the rows are read back from the staging table, a batch at a time
            async with self.db.transaction() as tx:
                checker = PlanChecker({g.name: g for g in await tx.org.groups()}, self.clock.today())
            async for batch in staging.batches():
                async with self.db.transaction() as tx:
                    await checker.check(tx, batch, report)
            plans = checker.finish(report)
            if report.errors:
                return report
            await staging.report("applying", staging.total)
            await self._apply(plans, report, actor, file_name)
        return report

    async def _apply(
        self, plans: list[ProjectPlan], report: ProjectImportReport, actor: Person | None, file_name: str
    ) -> None:
        """The checked plan in one final transaction (all or nothing), written in batches whose
        objects are let go once flushed, so its cost grows with the rows and no faster."""
        async with all_or_nothing(self.db, report) as tx:
            existing = await tx.projects.keys()
            for start in range(0, len(plans), BATCH_ROWS):
                batch = plans[start : start + BATCH_ROWS]
                found = [await find_or_create(tx, p, report, self.clock, existing=existing) for p in batch]
                new = iter(await tx.projects.insert_new([p for p, c in found if c.created]))
                found = [(next(new) if c.created else p, c) for p, c in found]
                for plan, (project, change) in zip(batch, found, strict=True):
                    await apply_to(tx, project, change, plan, report, actor, self.clock)
                await tx.release_loaded()
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
