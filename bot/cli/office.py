"""`zsbot digest` and `zsbot export`: the command office's daily digest and its ledger workbook."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import load, parse_day, run_async, with_services

if TYPE_CHECKING:
    from bot.app import AppServices


def digest(
    date: Annotated[
        str | None, typer.Option("--date", help="as of this day (YYYY-MM-DD), default today")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="enqueue it to every office chat and subscription")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="a range: activity from this day (YYYY-MM-DD)")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="a range: up to and including this day")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en")] = "zh",
    group: Annotated[str | None, typer.Option("--group", help="only this work group")] = None,
) -> None:
    """Print the office's daily digest (plain text) as of a day or over --from/--to, or with --send
    enqueue it as the morning job does."""
    from bot.app import build_services
    from core.clock import FixedClock
    from core.office.period import Period
    from core.policy import WHOLE_CAMPAIGN, Scope
    from handlers.office.digest_text import digest_text
    from handlers.shared.i18n import plain, use_locale

    settings = load()
    if (start is None) != (end is None) or (start and (date or send)):
        typer.secho("--from and --to go together, without --date or --send", fg="red", err=True)
        raise typer.Exit(2)
    period = None
    if start and end:
        first, last = parse_day(start), parse_day(end)
        if last < first:
            typer.secho("--to comes before --from", fg="red", err=True)
            raise typer.Exit(2)
        period = Period.between(first, last)
    day = period.as_of if period else parse_day(date) if date else dt.datetime.now(settings.tz).date()

    async def work(s: AppServices) -> str:
        clock = FixedClock(dt.datetime.combine(day, settings.time_of("digest_time"), settings.tz))
        service = build_services(settings, s.db, clock).digest
        if send:
            return f"{await service.enqueue(day)} digest(s) enqueued for {day}"
        scope = WHOLE_CAMPAIGN
        if group:
            async with s.db.transaction() as tx:
                found = await tx.org.group_by_name(group)
            if found is None:
                typer.secho(f"no work group named {group!r}", fg="red", err=True)
                raise typer.Exit(2)
            scope = Scope.of_group(found.id, found.name)
        built = await service.build(day, scope, period=period)
        with use_locale(lang):
            return plain(digest_text(built), limit=10**9)

    typer.echo(run_async(with_services(settings, work)))


def export_xlsx(
    file: Annotated[Path, typer.Argument(dir_okay=False, writable=True, help="the .xlsx file to write")],
) -> None:
    """Write the campaign ledger to FILE.xlsx: people, trips and legs, daily reports, projects, milestones,
    progress, coordination issues and the scoreboard."""
    settings = load()
    if file.suffix.lower() != ".xlsx":
        typer.secho("the file name must end with .xlsx", fg="red", err=True)
        raise typer.Exit(2)

    async def work(s: AppServices) -> dict[str, int]:
        exported = await s.exports.workbook(None)
        await asyncio.to_thread(file.write_bytes, exported.data)
        return dict(exported.rows)

    rows = run_async(with_services(settings, work))
    typer.echo(f"{file}: " + ", ".join(f"{sheet} {n}" for sheet, n in rows.items()))
