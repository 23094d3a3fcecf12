"""Importing people and work groups from .xlsx/.csv (Chinese or English headers).

Every row is checked before anything is written: an import with any bad row changes nothing
and reports each bad row with its spreadsheet row number (the header is row 1) and reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from core.importing import (
    ImportRejected,
    ImportReport,
    Progress,
    Staging,
    all_or_nothing,
    audit_import,
    known_person,
    normalize_phone,
    read_import,
    unknown_group,
)
from core.parsing.money import parse_wan
from core.project_import.plan import looks_like_projects, read_plan
from core.tabular import Column, FileError, Row, RowError, Table, cell_text, read_table
from db.database import Database
from db.enums import Role, TargetDimension
from db.models import Person, Target, WorkGroup
from db.tx import Tx

ROLE_WORDS: dict[str, Role] = {
    "干部": Role.CADRE,
    "招商干部": Role.CADRE,
    "cadre": Role.CADRE,
    "项目负责人": Role.PROJECT_LEAD,
    "负责人": Role.PROJECT_LEAD,
    "project_lead": Role.PROJECT_LEAD,
    "lead": Role.PROJECT_LEAD,
    "组长": Role.GROUP_LEADER,
    "工作组组长": Role.GROUP_LEADER,
    "group_leader": Role.GROUP_LEADER,
    "指挥部": Role.OFFICE,
    "办公室": Role.OFFICE,
    "指挥部办公室": Role.OFFICE,
    "office": Role.OFFICE,
    "管理员": Role.ADMIN,
    "admin": Role.ADMIN,
    "联络员": Role.UNIT_CONTACT,
    "单位联络员": Role.UNIT_CONTACT,
    "责任单位联络员": Role.UNIT_CONTACT,
    "单位联系人": Role.UNIT_CONTACT,
    "unit_contact": Role.UNIT_CONTACT,
}

PEOPLE_COLUMNS = (
    Column("name", ("姓名", "name", "名字"), required=True, max_length=64),
    Column("phone", ("手机", "手机号", "电话", "phone", "mobile")),
    Column("unit", ("单位", "unit", "责任单位"), max_length=100),
    Column("work_group", ("工作组", "work_group", "work group", "group"), max_length=100),
    Column("roles", ("角色", "roles", "role")),
    Column("title", ("职务", "title"), max_length=64),
    Column("update", ("更新", "修改", "update")),
)
"""``更新``/``update`` = 是/yes on a row lets it rename an existing person or change their roles or
phone; without it such a row is an error (a phone or name+unit in a file never silently takes over
someone else's record)."""

_YES = {"是", "y", "yes", "true", "1", "✓", "√", "更新", "update"}

GROUP_COLUMNS = (
    Column("name", ("工作组", "name", "work_group", "组名"), required=True, max_length=100),
    Column("leader", ("组长", "leader")),
    Column("target", ("目标(亿元)", "目标", "target", "target(亿元)")),
    Column("stretch", ("力争目标(亿元)", "力争目标", "stretch_target", "stretch")),
)

# targets below the work group: each row names exactly one park, industry, unit or person
TARGET_COLUMNS = (
    Column("park", ("园区", "park")),
    Column("industry", ("产业", "industry")),
    Column("unit", ("单位", "责任单位", "unit")),
    Column("person", ("责任人", "负责人", "person", "lead")),
    Column("target", ("目标(亿元)", "目标", "target", "target(亿元)"), required=True),
    Column("stretch", ("力争目标(亿元)", "力争目标", "stretch_target", "stretch")),
)


_SPLIT = re.compile(r"[、,，;；/\s]+")


class ImportKind(StrEnum):
    PROJECTS = "projects"
    PEOPLE = "people"
    GROUPS = "groups"
    TARGETS = "targets"


@dataclass(frozen=True)
class FileKind:
    """What a file sent to the bot is, by its headers; or, when none fits, the file's own problems."""

    kind: ImportKind | None
    problems: list[RowError]


def import_kind(source: bytes, file_name: str) -> FileKind:
    """A project plan, a people list, a work-group list or a targets list, told apart by the headers.

    People first (a 姓名 column with a phone or role), then groups (a work-group name with a leader or a
    target: a people list's 工作组 column alone is not one), then targets (a 目标 column beside a 园区,
    产业, 单位 or 责任人 column).
    """
    plan = read_plan(source, file_name)
    if looks_like_projects(plan):
        return FileKind(ImportKind.PROJECTS, [])
    people = read_table(source, file_name, PEOPLE_COLUMNS)
    if "name" in people.headers and {"phone", "roles"} & people.headers.keys():
        return FileKind(ImportKind.PEOPLE, [])
    groups = read_table(source, file_name, GROUP_COLUMNS)
    if "name" in groups.headers and {"leader", "target", "stretch"} & groups.headers.keys():
        return FileKind(ImportKind.GROUPS, [])
    targets = read_table(source, file_name, TARGET_COLUMNS)
    if "target" in targets.headers and {"park", "industry", "unit", "person"} & targets.headers.keys():
        return FileKind(ImportKind.TARGETS, [])
    return FileKind(None, [e for e in plan.errors if e.row == 0])


def parse_roles(value: object) -> set[Role]:
    text = cell_text(value)
    if text is None:
        return set()
    roles: set[Role] = set()
    for word in filter(None, _SPLIT.split(text)):
        role = ROLE_WORDS.get(word.lower())
        if role is None:
            raise ValueError(word)
        roles.add(role)
    return roles


def yi_to_wan(value: object) -> Decimal | None:
    """A target cell in 亿元 ("36", 36, "36亿", "360000万") as 万元."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value)) * 10000
        except InvalidOperation:
            return None
    return parse_wan(str(value), default_unit="亿")


def unknown_headers(table: Table) -> FileError:
    """A readable file whose header no import knows (a project plan, people, work groups or targets)."""
    found = "、".join(table.ignored_headers[:12]) or "无 / none"
    return FileError(
        RowError(
            0,
            None,
            "unknown_headers",
            "没有认出表头：项目计划需要“项目名称”等列，人员名单需要“姓名”，工作组表需要“工作组”和“目标”，"
            f"目标表需要“园区/产业/单位/责任人”之一和“目标”；文件中的表头：{found} / no known header: a project "
            f"plan needs 项目名称…, people 姓名, work groups 工作组 and 目标, targets one of 园区/产业/单位/责任人 "
            f"and 目标; found: {found}",
        )
    )


class ImportService:
    def __init__(self, db: Database, *, max_rows: int | None = None) -> None:
        self.db = db
        self.max_rows = max_rows

    async def people(
        self,
        source: bytes | Path,
        file_name: str,
        actor: Person | None = None,
        *,
        progress: Progress | None = None,
    ) -> ImportReport:
        table = await read_import(source, file_name, PEOPLE_COLUMNS, actor, max_rows=self.max_rows)
        report = ImportReport(errors=list(table.errors))
        if report.errors:
            return report
        async with Staging(self.db, progress) as staging:
            rows = await staging.round_trip(table.rows)
            await self._write_people(rows, report, actor, file_name)
        return report

    async def _write_people(
        self, rows: list[Row], report: ImportReport, actor: Person | None, file_name: str
    ) -> None:
        async with all_or_nothing(self.db, report) as tx:
            plans = await self._check_people(tx, rows, report)
            if report.errors:
                raise ImportRejected
            for row, values in plans:
                await self._apply_person(tx, row, values, report, actor)
            if report.errors:
                raise ImportRejected
            audit_import(tx, "people", actor, file_name, created=report.created, updated=report.updated)

    async def _check_people(self, tx: Tx, rows: list[Row], report: ImportReport) -> list[tuple[Row, dict]]:
        plans: list[tuple[Row, dict]] = []
        seen_phones: dict[str, int] = {}
        seen_names: dict[tuple[str, str | None], int] = {}
        groups = {g.name: g for g in await tx.org.groups()}
        for row in rows:
            v = row.values
            name = cell_text(v.get("name"))
            errors_before = len(report.errors)
            if not name:
                report.errors.append(
                    RowError(
                        row.number, "name", "required", "姓名不能为空 / name is required", {"column": "name"}
                    )
                )
            elif len(name) > 64:
                report.errors.append(
                    RowError(
                        row.number, "name", "too_long", name[:20], {"column": "name", "value": name[:20]}
                    )
                )
            try:
                phone = normalize_phone(v.get("phone"))
            except ValueError as exc:
                phone = None
                report.errors.append(
                    RowError(
                        row.number,
                        "phone",
                        "bad_phone",
                        f"手机号格式不对 / bad phone: {exc}",
                        {"value": str(exc)},
                    )
                )
            if phone and phone in seen_phones:
                report.errors.append(
                    RowError(
                        row.number,
                        "phone",
                        "duplicate",
                        f"与第 {seen_phones[phone]} 行手机号重复 / same phone as row {seen_phones[phone]}",
                        {"column": "phone", "first": seen_phones[phone]},
                    )
                )
            try:
                roles = parse_roles(v.get("roles"))
            except ValueError as exc:
                roles = set()
                report.errors.append(
                    RowError(
                        row.number,
                        "roles",
                        "unknown_role",
                        f"未知角色“{exc}”（可用：干部、项目负责人、组长、指挥部、管理员、联络员）/ unknown role {exc}",
                        {"value": str(exc)},
                    )
                )
            group_name = cell_text(v.get("work_group"))
            if group_name and group_name not in groups:
                report.errors.append(unknown_group(row.number, group_name))
            unit = cell_text(v.get("unit"))
            if Role.UNIT_CONTACT in roles and not unit:
                report.errors.append(
                    RowError(
                        row.number,
                        "unit",
                        "contact_without_unit",
                        "联络员须填写所在责任单位 / a unit contact needs the unit they answer for",
                        {"column": "unit"},
                    )
                )
            key = (name or "", unit)
            if name and not phone and key in seen_names:
                report.errors.append(
                    RowError(
                        row.number,
                        "name",
                        "duplicate",
                        f"与第 {seen_names[key]} 行重复 / same as row {seen_names[key]}",
                        {"column": "name", "first": seen_names[key]},
                    )
                )
            if name and phone and key in seen_names:  # same name and unit, another phone: who is it?
                report.errors.append(
                    RowError(
                        row.number,
                        "name",
                        "duplicate",
                        f"与第 {seen_names[key]} 行同名同单位但手机号不同；同一人请只写一行 / "
                        f"same name and unit as row {seen_names[key]} with another phone",
                    )
                )
            if len(report.errors) == errors_before:
                if phone:
                    seen_phones[phone] = row.number
                seen_names[key] = row.number
                plans.append(
                    (
                        row,
                        {
                            "name": name,
                            "phone": phone,
                            "unit": unit,
                            "roles": roles,
                            "group": groups.get(group_name) if group_name else None,
                            "title": cell_text(v.get("title")),
                            "update": (cell_text(v.get("update")) or "").lower() in _YES,
                        },
                    )
                )
        return plans

    async def _apply_person(
        self, tx: Tx, row: Row, values: dict, report: ImportReport, actor: Person | None
    ) -> None:
        unit = await tx.org.unit_get_or_create(values["unit"]) if values["unit"] else None
        group: WorkGroup | None = values["group"]
        by_phone = await tx.people.by_phone(values["phone"]) if values["phone"] else None
        person = by_phone
        if person is None:
            person = next(
                (
                    p
                    for p in await tx.people.by_name(values["name"])
                    if p.unit_id == (unit.id if unit else None)
                ),
                None,
            )
        if person is not None and not values["update"]:
            conflict = _takeover(person, values, matched_by_phone=by_phone is not None)
            if conflict is not None:
                report.errors.append(RowError(row.number, conflict[0], "takes_over", conflict[1]))
                return
        if person is None:
            person = await tx.people.add(
                Person(
                    name=values["name"],
                    phone=values["phone"],
                    unit_id=unit.id if unit else None,
                    work_group_id=group.id if group else None,
                    title=values["title"],
                )
            )
            tx.people.set_roles(person, values["roles"])
            report.created += 1
            report.changes.append(f"+ {person.name}")
        else:
            before = (
                person.name,
                person.phone,
                person.unit_id,
                person.work_group_id,
                person.title,
                person.role_set,
            )
            person.name = values["name"]
            person.phone = values["phone"] or person.phone
            person.unit_id = unit.id if unit else person.unit_id
            person.work_group_id = group.id if group else person.work_group_id
            person.title = values["title"] or person.title
            if values["roles"]:
                tx.people.set_roles(person, values["roles"])
            await tx.flush()
            after = (
                person.name,
                person.phone,
                person.unit_id,
                person.work_group_id,
                person.title,
                person.role_set,
            )
            if before == after:
                report.unchanged += 1
            else:
                report.updated += 1
                report.changes.append(f"~ {person.name}")
            if (before[0], before[1], before[5]) != (after[0], after[1], after[5]):
                tx.audit.record(
                    "person.changed_by_import",
                    "person",
                    person.id,
                    actor_id=actor.id if actor else None,
                    row=row.number,
                    name=[before[0], after[0]],
                    phone=[before[1], after[1]],
                    roles=[sorted(r.value for r in before[5]), sorted(r.value for r in after[5])],
                )
        if group is not None and Role.GROUP_LEADER in values["roles"] and group.leader_id is None:
            group.leader_id = person.id

    async def groups(self, source: bytes | Path, file_name: str, actor: Person | None = None) -> ImportReport:
        table = await read_import(source, file_name, GROUP_COLUMNS, actor, max_rows=self.max_rows)
        report = ImportReport(errors=list(table.errors))
        if report.errors:
            return report
        async with all_or_nothing(self.db, report) as tx:
            await self._write_groups(tx, table.rows, report, actor, file_name)
        return report

    async def _write_groups(
        self, tx: Tx, rows: list[Row], report: ImportReport, actor: Person | None, file_name: str
    ) -> None:
        plans = []
        seen: dict[str, int] = {}
        for row in rows:
            plan = await self._check_group(tx, row, seen, report)
            if plan is not None:
                plans.append(plan)
        if report.errors:
            raise ImportRejected
        for order, plan in enumerate(plans):
            group = await tx.org.group_by_name(plan["name"])
            if group is None:
                group = await tx.org.add_group(WorkGroup(name=plan["name"]))
                report.created += 1
                report.changes.append(f"+ {plan['name']}")
            else:
                report.updated += 1
                report.changes.append(f"~ {plan['name']}")
            group.sort_order = order
            if plan["target"] is not None:
                group.target_wan = plan["target"]
            if plan["stretch"] is not None:
                group.stretch_target_wan = plan["stretch"]
            if plan["leader"] is not None:
                group.leader_id = plan["leader"].id
                leader: Person = plan["leader"]
                if Role.GROUP_LEADER not in leader.role_set:
                    tx.people.set_roles(leader, leader.role_set | {Role.GROUP_LEADER})
        audit_import(tx, "groups", actor, file_name)

    async def _check_group(self, tx: Tx, row: Row, seen: dict[str, int], report: ImportReport) -> dict | None:
        v = row.values
        before = len(report.errors)
        name = cell_text(v.get("name"))
        if not name:
            report.errors.append(
                RowError(
                    row.number,
                    "name",
                    "required",
                    "工作组名称不能为空 / name is required",
                    {"column": "work_group"},
                )
            )
        elif name in seen:
            report.errors.append(
                RowError(
                    row.number,
                    "name",
                    "duplicate",
                    f"与第 {seen[name]} 行重复 / same as row {seen[name]}",
                    {"column": "work_group", "first": seen[name]},
                )
            )
        amounts: dict[str, Decimal | None] = {}
        for key in ("target", "stretch"):
            raw = v.get(key)
            amount = yi_to_wan(raw)
            if raw not in (None, "") and (amount is None or amount < 0):
                report.errors.append(
                    RowError(
                        row.number,
                        key,
                        "bad_amount",
                        f"金额无法识别 / bad amount: {raw}",
                        {"column": key, "value": str(raw)},
                    )
                )
            amounts[key] = amount
        if (
            amounts["target"] is not None
            and amounts["stretch"] is not None
            and amounts["stretch"] < amounts["target"]
        ):
            report.errors.append(
                RowError(
                    row.number,
                    "stretch",
                    "stretch_below_target",
                    "力争目标不能低于目标 / stretch below target",
                    {},
                )
            )
        leader = None
        leader_ref = cell_text(v.get("leader"))
        if leader_ref:
            leader = await known_person(tx, report, row.number, "leader", "组长", leader_ref)
        if len(report.errors) > before or not name:
            return None
        seen[name] = row.number
        return {"name": name, "leader": leader, **amounts}

    async def targets(
        self,
        source: bytes | Path,
        file_name: str,
        actor: Person | None = None,
        *,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Targets per park / industry / unit / person (确保 and 力争, in 亿元), all or nothing; a row updates
        the target of the same dimension and name in place."""
        table = await read_import(source, file_name, TARGET_COLUMNS, actor, max_rows=self.max_rows)
        report = ImportReport(errors=list(table.errors))
        if report.errors:
            return report
        async with Staging(self.db, progress) as staging:
            rows = await staging.round_trip(table.rows)
            await self._write_targets(rows, report, actor, file_name)
        return report

    async def _write_targets(
        self, rows: list[Row], report: ImportReport, actor: Person | None, file_name: str
    ) -> None:
        plans: list[tuple[TargetDimension, str, Decimal, Decimal | None]] = []
        seen: dict[tuple[TargetDimension, str], int] = {}
        for row in rows:
            named = [
                (TargetDimension(k), cell_text(row.get(k))) for k in ("park", "industry", "unit", "person")
            ]
            filled = [(d, n) for d, n in named if n]
            if len(filled) != 1:
                report.errors.append(
                    RowError(
                        row.number,
                        None,
                        "one_name",
                        "每行须且只能填写园区、产业、单位、责任人之一 / exactly one of park, industry, unit, person",
                    )
                )
                continue
            dimension, name = filled[0]
            assert name is not None
            if len(name) > 200:
                report.errors.append(
                    RowError(
                        row.number,
                        dimension.value,
                        "too_long",
                        "名称过长 / too long",
                        {"column": dimension.value, "value": name[:20]},
                    )
                )
                continue
            target, stretch = yi_to_wan(row.get("target")), yi_to_wan(row.get("stretch"))
            unread = [
                column
                for column, amount in (("target", target), ("stretch", stretch))
                if cell_text(row.get(column)) is not None and (amount is None or amount < 0)
            ]
            if target is None and not unread:
                unread = ["target"]  # the 目标 cell is empty
            if unread:
                column = unread[0]
                value = cell_text(row.get(column)) or ""
                report.errors.append(
                    RowError(
                        row.number,
                        column,
                        "bad_amount" if value else "required",
                        f"目标无法识别 / bad {column}: {value}",
                        {"column": column, "value": value},
                    )
                )
                continue
            assert target is not None
            if stretch is not None and stretch < target:
                report.errors.append(
                    RowError(
                        row.number,
                        "stretch",
                        "stretch_below_target",
                        "力争目标低于目标 / stretch below target",
                    )
                )
                continue
            if (dimension, name) in seen:
                first = seen[(dimension, name)]
                report.errors.append(
                    RowError(
                        row.number,
                        dimension.value,
                        "duplicate",
                        f"与第 {first} 行重复 / same as row {first}",
                        {"column": dimension.value, "first": first},
                    )
                )
                continue
            seen[(dimension, name)] = row.number
            plans.append((dimension, name, target, stretch))
        if report.errors:
            return
        if not plans:
            report.errors.append(RowError(0, None, "no_targets", "文件中没有目标 / the file has no targets"))
            return
        async with all_or_nothing(self.db, report) as tx:
            for dimension, name, target, stretch in plans:
                found = await tx.org.target(dimension, name)
                if found is None:
                    await tx.org.add_target(
                        Target(
                            dimension=dimension,
                            name=name,
                            target_wan=target,
                            stretch_target_wan=stretch if stretch is not None else target,
                        )
                    )
                    report.created += 1
                    report.changes.append(f"+ {dimension.value} {name}")
                    continue
                after = (target, stretch if stretch is not None else found.stretch_target_wan)
                if (found.target_wan, found.stretch_target_wan) == after:
                    report.unchanged += 1
                    continue
                found.target_wan, found.stretch_target_wan = after
                report.updated += 1
                report.changes.append(f"~ {dimension.value} {name}")
            audit_import(tx, "targets", actor, file_name, created=report.created, updated=report.updated)


def _takeover(person: Person, values: dict, *, matched_by_phone: bool) -> tuple[str, str] | None:
    """Why a row that is not marked as an update may not change `person` (None: it may)."""
    if matched_by_phone and person.name != values["name"]:
        return (
            "name",
            f"手机号 {values['phone']} 已登记为“{person.name}”；如确要改名，请在“更新”列填“是” / "
            f"phone already registered to {person.name}: mark the row as an update to rename",
        )
    if not matched_by_phone and values["phone"] and person.phone and person.phone != values["phone"]:
        return (
            "phone",
            f"“{person.name}”（同单位）已登记手机号 {person.phone}；如是同一人换号，请在“更新”列填“是”，"
            f"如是另一人请注明不同单位 / {person.name} of this unit has another phone: mark as an update",
        )
    if values["roles"] and values["roles"] != person.role_set:
        return (
            "roles",
            f"会改变“{person.name}”的角色；如确要修改，请在“更新”列填“是” / "
            f"changes {person.name}'s roles: mark the row as an update",
        )
    return None
