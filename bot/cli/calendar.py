"""`zsbot calendar set|unset|import|list`: the office's holidays and make-up working days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import FileArg, load, parse_day, run_async, with_services

if TYPE_CHECKING:
    from bot.app import AppServices
    from core.calendar import CalendarLine

app = typer.Typer(
    help="Official holidays and make-up working days (调休) that win over the built-in calendar.",
    no_args_is_help=True,
)


@app.command("set")
def calendar_set(
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
    kind: Annotated[str, typer.Argument(help="holiday (放假) or workday (补班/调休上班)")],
    note: Annotated[str | None, typer.Option(help="e.g. 春节, 国庆节调休")] = None,
) -> None:
    """Mark DAY as a holiday or a working day; this wins over chinese-calendar."""
    from core.calendar import parse_kind
    from core.errors import DomainError

    settings = load()
    when = parse_day(day)
    try:
        what = parse_kind(kind)
    except DomainError:
        typer.secho(f"unknown kind {kind!r}: use holiday or workday", fg="red", err=True)
        raise typer.Exit(2) from None
    run_async(with_services(settings, lambda s: s.calendar.set(when, what, note)))
    typer.echo(f"{when} {what.value}")


@app.command("unset")
def calendar_unset(day: Annotated[str, typer.Argument(help="YYYY-MM-DD")]) -> None:
    """Remove the office's entry for DAY (the built-in calendar applies again)."""
    removed = run_async(with_services(load(), lambda s: s.calendar.remove(parse_day(day))))
    typer.echo("removed" if removed else "no entry for that day")


@app.command("import")
def calendar_import(file: FileArg) -> None:
    """Import a year's schedule: columns 日期/date, 类型/kind (放假/holiday, 上班/workday), 备注/note."""
    settings = load()
    lines, problems = _read_schedule(file)
    if problems:
        for p in problems:
            typer.secho(p, fg="red", err=True)
        typer.secho("nothing was imported", fg="red", err=True)
        raise typer.Exit(1)
    count = run_async(with_services(settings, lambda s: s.calendar.set_many(lines)))
    typer.echo(f"{count} day(s) set")


def _read_schedule(file: Path) -> tuple[list[CalendarLine], list[str]]:
    from core.calendar import CalendarLine, parse_kind
    from core.errors import DomainError
    from core.parsing.dates import coerce_deadline
    from core.tabular import Column, read_table

    table = read_table(
        file,
        file.name,
        (
            Column("day", ("日期", "date", "day"), required=True),
            Column("kind", ("类型", "kind", "type"), required=True),
            Column("note", ("备注", "note", "名称")),
        ),
    )
    problems = [f"{e.detail}" for e in table.errors]
    lines = []
    today = dt.date.today()
    for row in table.rows:
        when = coerce_deadline(row.values.get("day"), today)
        try:
            kind = parse_kind(str(row.values.get("kind") or ""))
        except DomainError:
            problems.append(f"row {row.number}: unknown kind {row.values.get('kind')!r}")
            continue
        if when is None:
            problems.append(f"row {row.number}: bad date {row.values.get('day')!r}")
            continue
        note = row.values.get("note")
        lines.append(CalendarLine(when, kind, str(note) if note else None))
    return lines, problems


@app.command("list")
def calendar_list(
    year: Annotated[int | None, typer.Option(help="only this year")] = None,
) -> None:
    """The office's entries, and whether the built-in calendar covers each year."""

    async def work(s: AppServices) -> None:
        entries = await s.calendar.entries()
        for e in entries:
            if year is None or e.day.year == year:
                typer.echo(f"{e.day} {e.kind.value:8} {e.note or ''}")
        cal = await s.calendar.calendar()
        this_year = dt.date.today().year
        for y in sorted({this_year, this_year + 1} | ({year} if year else set())):
            covered = not cal.uncovered_years([dt.date(y, 1, 1)]) or any(e.day.year == y for e in entries)
            typer.echo(
                f"{y}: {'covered' if covered else 'NOT covered — Mon–Fri assumed; enter the official schedule'}"
            )

    run_async(with_services(load(), work))
