"""The office sends a file (.xlsx/.csv) to the bot: the project plan, the people list, the work-group
list or the targets (per park, industry, unit or person), told apart by its headers (core.imports.import_kind). It is imported, all or nothing, and the
answer is the report (what changed, or every bad row with its number and reason in the reader's language)."""

from __future__ import annotations

import asyncio
import contextlib
import io
from pathlib import PurePosixPath
from typing import Any

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import Message

from core import limits
from core.importing import ImportReport, Progress
from core.imports import ImportKind, ImportService, import_kind, unknown_headers
from core.media import MediaService
from core.project_import import (
    FieldChange,
    ProjectImportReport,
    ProjectImportService,
    looks_like_projects,
    read_plan,
)
from core.roles import OFFICE_ROLES
from core.tabular import SPREADSHEET_SUFFIXES, RowError
from db.enums import MilestoneKind
from db.models import Person
from handlers.shared.answer import answer_long
from handlers.shared.filters import HasRole, Registered
from handlers.shared.i18n import Safe, catalog, quote, t
from handlers.shared.menu import MenuCommand
from handlers.shared.render import milestone

COMMANDS = [MenuCommand("import_projects", "cmd.import_projects", roles=OFFICE_ROLES, order=72, private=True)]

MAX_LINES = 30
PROGRESS_ROWS = 500  # a plan this long gets a "checking N rows…" message first
PROGRESS_EVERY = 5000  # … edited after every this many rows read in or checked


def _is_plan_file(message: Message) -> bool:
    doc = message.document
    if doc is None or doc.file_name is None:
        return False
    caption = (message.caption or "").strip()
    if caption.startswith("/") and not caption.startswith("/import_projects"):
        return False  # a command for another feature (e.g. /brochure_add)
    return PurePosixPath(doc.file_name).suffix.lower() in SPREADSHEET_SUFFIXES


def _field_words(change: FieldChange) -> Safe:
    label = milestone(change.label, "") if change.label in _KINDS else quote(change.label or "")
    if change.field == "due":
        return t(
            "pimport.change.due", milestone=label, before=change.before or "-", after=change.after or "-"
        )
    if change.field == "milestone_added":
        return t("pimport.change.milestone_added", milestone=label, after=change.after or "-")
    return t(
        "pimport.change.field",
        field=t(f"pimport.field.{change.field}"),
        before=change.before or "-",
        after=change.after or "-",
    )


_KINDS = {k.value for k in MilestoneKind if k != MilestoneKind.CUSTOM}


def error_text(error: RowError) -> Safe:
    """One bad row (or the file) in the reader's language; a problem without its own text shows the detail."""
    where = t("pimport.row", row=error.row) if error.row else t("pimport.file")
    key = f"import.error.{error.code}"
    if key not in catalog() or (not error.params and error.code not in _NO_PARAMS):
        return Safe(f"{where}{quote(error.detail)}")
    params: dict[str, Any] = dict(error.params)
    column = params.pop("column", None) or error.field
    label = (
        t(f"import.column.{column}")
        if column and f"import.column.{column}" in catalog()
        else quote(column or "")
    )
    if error.code == "unknown_person":
        params["why"] = t(f"import.why.{params.get('why', 'missing')}")
    return Safe(f"{where}{t(key, column=label, **params)}")


def errors_text(errors: list[RowError]) -> Safe:
    lines: list[str] = [t("pimport.projects.failed", count=len(errors))]
    lines += [error_text(error) for error in errors[:MAX_LINES]]
    if len(errors) > MAX_LINES:
        lines.append(t("pimport.more", count=len(errors) - MAX_LINES))
    return Safe("\n".join(lines))


_NO_PARAMS = frozenset({"stretch_below_target", "no_rows", "one_name", "no_targets"})


def people_report_text(report: ImportReport, kind: ImportKind) -> Safe:
    if report.errors:
        return errors_text(report.errors)
    lines = [
        t(
            f"pimport.{kind.value}.done",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    ]
    lines += [quote(change) for change in report.changes[:MAX_LINES]]
    if len(report.changes) > MAX_LINES:
        lines.append(t("pimport.more", count=len(report.changes) - MAX_LINES))
    return Safe("\n".join(lines))


def report_text(report: ProjectImportReport) -> Safe:
    if report.errors:
        return errors_text(report.errors)
    lines = [
        t(
            "pimport.projects.done",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            milestones_created=report.milestones_created,
            milestones_updated=report.milestones_updated,
        )
    ]
    for change in report.projects[:MAX_LINES]:
        if change.created:
            lines.append(t("pimport.change.created", project=change.name, milestones=change.milestones_added))
        else:
            words = Safe(str(t("list.sep")).join(_field_words(f) for f in change.fields))
            lines.append(t("pimport.change.updated", project=change.name, changes=words))
    if len(report.projects) > MAX_LINES:
        lines.append(t("pimport.more", count=len(report.projects) - MAX_LINES))
    if report.ignored_headers:
        lines.append(t("pimport.ignored", headers="、".join(report.ignored_headers)))
    for warning in report.warnings[:MAX_LINES]:
        lines.append(t("pimport.warning", row=warning.row, detail=warning.detail))
    return Safe("\n".join(lines))


async def _progress(message: Message, rows: int) -> Progress | None:
    """A long file gets a progress message first, edited as its batches are read in, checked and
    saved (every :data:`PROGRESS_EVERY` rows); a short one gets none."""
    if rows < PROGRESS_ROWS:
        return None
    shown = await message.answer(t("pimport.progress", rows=rows))
    last = {"staged": 0, "checked": 0}

    async def progress(step: str, done: int, total: int) -> None:
        if step in last:
            if done - last[step] < PROGRESS_EVERY and done < total:
                return
            last[step] = done
        with contextlib.suppress(TelegramAPIError):  # progress is a courtesy: never fails the import
            await shown.edit_text(t(f"pimport.progress.{step}", rows=total, done=done))

    return progress


async def how_to(message: Message) -> None:
    await message.answer(t("pimport.projects.how"))


async def office_document(
    message: Message,
    bot: Bot,
    person: Person,
    project_imports: ProjectImportService,
    imports: ImportService,
    media: MediaService,
) -> None:
    if not _is_plan_file(message):
        raise SkipHandler()
    doc = message.document
    assert doc is not None and doc.file_name is not None
    if doc.file_size is not None and doc.file_size > limits.PLAN_FILE_BYTES:
        await message.answer(t("pimport.too_big", mb=limits.PLAN_FILE_BYTES // (1024 * 1024)))
        return
    buffer = io.BytesIO()
    await bot.download(doc, destination=buffer)
    await media.keep_import(  # kept for the office (media store) whether or not the import succeeds
        person,
        file_id=doc.file_id,
        file_unique_id=doc.file_unique_id,
        file_name=doc.file_name,
        mime_type=doc.mime_type,
    )
    data = buffer.getvalue()
    table = await asyncio.to_thread(read_plan, data, doc.file_name, max_rows=project_imports.max_rows)
    table.require_readable()  # FileError: one clear answer
    progress = await _progress(message, len(table.rows))
    if looks_like_projects(table):
        report = await project_imports.import_plan(data, doc.file_name, person, progress=progress)
        await answer_long(message, report_text(report))
        return
    found = await asyncio.to_thread(import_kind, data, doc.file_name)
    if found.kind == ImportKind.PEOPLE:
        people = await imports.people(data, doc.file_name, person, progress=progress)
        await answer_long(message, people_report_text(people, found.kind))
    elif found.kind == ImportKind.GROUPS:
        groups = await imports.groups(data, doc.file_name, person)
        await answer_long(message, people_report_text(groups, found.kind))
    elif found.kind == ImportKind.TARGETS:
        targets = await imports.targets(data, doc.file_name, person, progress=progress)
        await answer_long(message, people_report_text(targets, found.kind))
    else:
        raise unknown_headers(table)  # FileError: the headers found, in the reader's language


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.message.register(how_to, Command("import_projects"), HasRole(*OFFICE_ROLES), ~F.document)
    router.message.register(office_document, F.document, HasRole(*OFFICE_ROLES))
    return router
