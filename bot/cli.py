"""The `zsbot` command line (typer)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from bot.settings import ConfigError, Settings, load_settings

T = TypeVar("T")

app = typer.Typer(
    name="zsbot",
    help="zsbot — the reporting bot of the investment-promotion campaign (招商引资报送机器人).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import people, work groups or projects from .xlsx/.csv.", no_args_is_help=True)
app.add_typer(import_app, name="import")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        typer.secho(f"configuration error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


def _run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


def _logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def _with_db(settings: Settings, work: Callable[..., Awaitable[T]]) -> T:
    from bot.app import build_services
    from db.database import Database
    from db.migrate import upgrade_async

    await upgrade_async(settings.database_url)
    db = Database(settings.database_url)
    try:
        return await work(build_services(settings, db))
    finally:
        await db.dispose()


@app.command()
def run() -> None:
    """Run the bot: long polling, or webhook mode when ZSBOT_WEBHOOK_URL is set."""
    settings = _settings()
    try:
        settings.require_token()
    except ConfigError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    _logging(settings.log_level)
    from bot.runner import run_polling, run_webhook

    try:
        _run(run_webhook(settings) if settings.webhook_mode else run_polling(settings))
    except KeyboardInterrupt:
        pass


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema to the latest version (Alembic)."""
    settings = _settings()
    from db.migrate import upgrade

    upgrade(settings.database_url)
    typer.echo(f"schema up to date: {settings.database_url.split('@')[-1]}")


@app.command()
def check() -> None:
    """Validate the configuration, the database connection and the schema version."""
    settings = _settings()
    typer.echo("✓ configuration")
    problems = _run(_check(settings))
    for line in problems:
        typer.secho(f"✗ {line}", fg="red", err=True)
    if problems:
        raise typer.Exit(1)


async def _check(settings: Settings) -> list[str]:
    from alembic.runtime.migration import MigrationContext

    from db.database import Database
    from db.migrate import current_heads

    problems: list[str] = []
    db = Database(settings.database_url)
    try:
        await db.ping()
        typer.echo(f"✓ database reachable ({db.dialect})")
        async with db.engine.connect() as conn:
            revision = await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
        if revision not in current_heads():
            problems.append(f"schema at {revision or 'nothing'}, expected {current_heads()[0]}: run `zsbot migrate`")
        else:
            typer.echo(f"✓ schema at {revision}")
    except Exception as exc:  # any driver error is a failed check, stated in one line
        problems.append(f"database: {type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        await db.dispose()
    if settings.bot_token is None:
        typer.echo("· no ZSBOT_BOT_TOKEN: only `zsbot sandbox` can run")
    else:
        typer.echo("✓ bot token well-formed")
    return problems


def _print_report(report: object) -> None:
    from core.imports import ImportReport

    assert isinstance(report, ImportReport)
    if report.errors:
        typer.secho(f"{len(report.errors)} bad row(s); nothing was imported:", fg="red", err=True)
        for e in report.errors:
            where = f"row {e.row}" if e.row else "file"
            typer.secho(f"  {where}, {e.field or '-'}: {e.detail}", err=True)
        raise typer.Exit(1)
    typer.echo(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}")
    for change in report.changes:
        typer.echo(f"  {change}")


FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help=".xlsx or .csv")]


@import_app.command("people")
def import_people(file: FileArg) -> None:
    """People: 姓名/name, 手机/phone, 单位/unit, 工作组/work_group, 角色/roles (干部、项目负责人、组长、指挥部、管理员)."""
    from core.imports import ImportService

    settings = _settings()
    _print_report(_run(_with_db(settings, lambda s: ImportService(s.db).people(file, file.name))))


@import_app.command("groups")
def import_groups(file: FileArg) -> None:
    """Work groups: 工作组/name, 组长/leader, 目标(亿元)/target, 力争目标(亿元)/stretch_target."""
    from core.imports import ImportService

    settings = _settings()
    _print_report(_run(_with_db(settings, lambda s: ImportService(s.db).groups(file, file.name))))


@app.command()
def invite(person: Annotated[str, typer.Argument(help="name or phone of a registered person")]) -> None:
    """Print a single-use, expiring invite link https://t.me/<bot>?start=<token> for PERSON."""
    settings = _settings()
    from core.errors import DomainError

    async def work(services: object) -> tuple[str, str, str]:
        from bot.app import Services

        assert isinstance(services, Services)
        username = await _bot_username(settings)
        issued = await services.people.create_invite(None, person)
        expires = issued.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
        return issued.person.name, f"https://t.me/{username}?start={issued.token}", expires

    try:
        name, link, expires = _run(_with_db(settings, work))
    except DomainError as exc:
        typer.secho(f"{exc.key}: {exc.params}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{name}: {link}")
    typer.echo(f"(single use, expires {expires} {settings.timezone})")


async def _bot_username(settings: Settings) -> str:
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if settings.bot_token is None:
        typer.secho("set ZSBOT_BOT_USERNAME or ZSBOT_BOT_TOKEN to build invite links", fg="red", err=True)
        raise typer.Exit(2)
    from bot.app import build_bot

    bot = build_bot(settings)
    try:
        me = await bot.me()
    finally:
        await bot.session.close()
    return me.username or ""


def main() -> None:
    app()


if __name__ == "__main__":
    main()
