"""`zsbot import people|groups|targets|projects FILE`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from bot.cli.common import FileArg, load, run_async, with_services

if TYPE_CHECKING:
    from core.imports import ImportReport

app = typer.Typer(help="Import people, work groups or projects from .xlsx/.csv.", no_args_is_help=True)


_STEPS = {"staged": "read in", "checked": "checked", "applying": "all checked; saving"}


async def _progress(step: str, done: int, total: int) -> None:
    """A long file's progress on stderr, one line a batch (a short file's few lines do no harm)."""
    typer.echo(f"{_STEPS.get(step, step)}: {done}/{total} rows", err=True)


def _print_report(report: ImportReport) -> None:
    if report.errors:
        typer.secho(f"{len(report.errors)} bad row(s); nothing was imported:", fg="red", err=True)
        for e in report.errors:
            where = f"row {e.row}" if e.row else "file"
            typer.secho(f"  {where}, {e.field or '-'}: {e.detail}", err=True)
        raise typer.Exit(1)
    typer.echo(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}")
    for change in report.changes:
        typer.echo(f"  {change}")
    for w in report.warnings:
        typer.secho(f"  warning: row {w.row}, {w.field or '-'}: {w.detail}", fg="yellow", err=True)


@app.command("people")
def import_people(file: FileArg) -> None:
    """People: 姓名/name, 手机/phone, 单位/unit, 工作组/work_group, 角色/roles (干部、项目负责人、组长、指挥部、管理员)."""
    _print_report(
        run_async(with_services(load(), lambda s: s.imports.people(file, file.name, progress=_progress)))
    )


@app.command("groups")
def import_groups(file: FileArg) -> None:
    """Work groups: 工作组/name, 组长/leader, 目标(亿元)/target, 力争目标(亿元)/stretch_target."""
    _print_report(run_async(with_services(load(), lambda s: s.imports.groups(file, file.name))))


@app.command("targets")
def import_targets(file: FileArg) -> None:
    """Targets below the work group, one a row: one of 园区/park, 产业/industry, 单位/unit, 责任人/person, with
    目标(亿元)/target and optionally 力争目标(亿元)/stretch_target. Re-importing updates them in place."""
    _print_report(
        run_async(with_services(load(), lambda s: s.imports.targets(file, file.name, progress=_progress)))
    )


@app.command("projects")
def import_projects(file: FileArg) -> None:
    """Project plan, one milestone a row: 项目名称/name, 类别/category (续建 新建 招投标 前期 招商), 工作组/work_group,
    责任单位/unit, 负责人/lead (name or phone), 计划投资(万元)/planned_investment, 园区/park, 产业/industry,
    地块/plot, 联系领导/liaison, 节点/milestone (开工 完成招投标 完成前期 签约 投产, or any name),
    截止日期/due (2026-04-20, 4月20日, 5月中旬, 5月底); optional 阶段/stage, 签约日期/signed_on,
    协议投资(万元)/signed_investment, 落地日期/landed_on, 落地投资(万元)/landed_investment,
    累计完成投资(万元)/completed_investment, 已到位资金(万元)/funds_arrived (cumulative totals; each posts its
    increment to the ledger). Re-importing updates projects in place."""
    _print_report(
        run_async(
            with_services(
                load(), lambda s: s.project_imports.import_plan(file, file.name, progress=_progress)
            )
        )
    )
