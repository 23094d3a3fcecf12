"""The `zsbot` command line (typer)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import logging
import signal
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
calendar_app = typer.Typer(
    help="Official holidays and make-up working days (调休) that win over the built-in calendar.",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar")
jobs_app = typer.Typer(help="Scheduled jobs: list them, or run one now.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")


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

    with contextlib.suppress(KeyboardInterrupt):
        _run(run_webhook(settings) if settings.webhook_mode else run_polling(settings))


@app.command()
def up(
    port: Annotated[int, typer.Option(help="port of the sandbox's web chat, when there is no token")] = 8080,
) -> None:
    """Run the bot when ZSBOT_BOT_TOKEN is configured; without a token, the local sandbox instead."""
    if _settings().bot_token is None:
        typer.echo("No ZSBOT_BOT_TOKEN configured: starting the local sandbox (no Telegram involved).")
        sandbox(port=port, host="127.0.0.1", i_know_its_public=False, with_scheduler=False)
    else:
        run()


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
            problems.append(
                f"schema at {revision or 'nothing'}, expected {current_heads()[0]}: run `zsbot migrate`"
            )
        else:
            typer.echo(f"✓ schema at {revision}")
            async with db.transaction() as tx:
                counts = await tx.outbox.counts()
            mark = "✓" if counts["dead"] == 0 else "!"
            typer.echo(
                f"{mark} outbox: {counts['pending'] + counts['failed']} waiting, {counts['sending']} in flight, "
                f"{counts['sent']} sent, {counts['dead']} dead letters, {counts['uncertain']} uncertain"
            )
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


@import_app.command("projects")
def import_projects(file: FileArg) -> None:
    """Project plan, one milestone a row: 项目名称/name, 类别/category (续建 新建 招投标 前期 招商), 工作组/work_group,
    责任单位/unit, 负责人/lead (name or phone), 计划投资(万元)/planned_investment, 园区/park, 产业/industry,
    地块/plot, 联系领导/liaison, 节点/milestone (开工 完成招投标 完成前期 签约 投产, or any name),
    截止日期/due (2026-04-20, 4月20日, 5月中旬, 5月底). Re-importing updates projects in place."""
    from core.project_import import ProjectImportService

    settings = _settings()
    _print_report(
        _run(_with_db(settings, lambda s: ProjectImportService(s.db, s.clock).import_plan(file, file.name)))
    )


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


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


@calendar_app.command("set")
def calendar_set(
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD")],
    kind: Annotated[str, typer.Argument(help="holiday (放假) or workday (补班/调休上班)")],
    note: Annotated[str | None, typer.Option(help="e.g. 春节, 国庆节调休")] = None,
) -> None:
    """Mark DAY as a holiday or a working day; this wins over chinese-calendar."""
    from core.calendar import parse_kind
    from core.errors import DomainError

    settings = _settings()
    when = _parse_day(day)
    try:
        what = parse_kind(kind)
    except DomainError:
        typer.secho(f"unknown kind {kind!r}: use holiday or workday", fg="red", err=True)
        raise typer.Exit(2) from None
    _run(_with_db(settings, lambda s: s.calendar.set(when, what, note)))
    typer.echo(f"{when} {what.value}")


@calendar_app.command("unset")
def calendar_unset(day: Annotated[str, typer.Argument(help="YYYY-MM-DD")]) -> None:
    """Remove the office's entry for DAY (the built-in calendar applies again)."""
    settings = _settings()
    removed = _run(_with_db(settings, lambda s: s.calendar.remove(_parse_day(day))))
    typer.echo("removed" if removed else "no entry for that day")


@calendar_app.command("import")
def calendar_import(file: FileArg) -> None:
    """Import a year's schedule: columns 日期/date, 类型/kind (放假/holiday, 上班/workday), 备注/note."""
    from core.calendar import CalendarLine, parse_kind
    from core.errors import DomainError
    from core.parsing.dates import coerce_deadline
    from core.tabular import Column, read_table

    settings = _settings()
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
    if problems:
        for p in problems:
            typer.secho(p, fg="red", err=True)
        typer.secho("nothing was imported", fg="red", err=True)
        raise typer.Exit(1)
    count = _run(_with_db(settings, lambda s: s.calendar.set_many(lines)))
    typer.echo(f"{count} day(s) set")


@calendar_app.command("list")
def calendar_list(
    year: Annotated[int | None, typer.Option(help="only this year")] = None,
) -> None:
    """The office's entries, and whether the built-in calendar covers each year."""
    settings = _settings()

    async def work(s: object) -> None:
        from bot.app import Services

        assert isinstance(s, Services)
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

    _run(_with_db(settings, work))


@jobs_app.command("list")
def jobs_list() -> None:
    """Each job with its time and next run, and its last run."""
    from apscheduler.triggers.cron import CronTrigger

    from scheduler.registry import jobs

    settings = _settings()

    async def work(s: object) -> None:
        from bot.app import Services

        assert isinstance(s, Services)
        async with s.db.transaction() as tx:
            last = {r.job_id: r for r in await tx.jobs.last_runs()}
        now = dt.datetime.now(settings.tz)
        for spec in jobs().values():
            at = settings.time_of(spec.time_setting)
            dow = settings.ranking_weekday if spec.day_of_week == "settings" else spec.day_of_week
            trigger = CronTrigger(hour=at.hour, minute=at.minute, day_of_week=dow, timezone=settings.tz)
            nxt = trigger.get_next_fire_time(None, now)
            run = last.get(spec.id)
            last_text = (
                f"last {run.run_day} → {run.result if run.error is None else 'ERROR'}" if run else "never run"
            )
            days = "working days" if spec.workdays_only else "every day"
            typer.echo(f"{spec.id:24} {at:%H:%M} {dow:>3} ({days})  next {nxt:%Y-%m-%d %H:%M}  {last_text}")
            typer.echo(f"{'':24} {spec.description}")

    _run(_with_db(settings, work))


@jobs_app.command("run")
def jobs_run(
    job: Annotated[str, typer.Argument(help="job id, see `zsbot jobs list`")],
    date: Annotated[str | None, typer.Option("--date", help="run as of this day (YYYY-MM-DD)")] = None,
) -> None:
    """Run JOB once now, as of --date (default today). Notifications go to the outbox."""
    from bot.app import job_context
    from core.clock import FixedClock
    from scheduler.runner import JobRunner

    settings = _settings()

    async def work(s: object) -> None:
        from bot.app import Services

        assert isinstance(s, Services)
        runner = JobRunner(job_context(s))
        try:
            spec = runner.spec(job)
        except LookupError as exc:
            typer.secho(str(exc), fg="red", err=True)
            raise typer.Exit(2) from None
        if date is not None:
            day = _parse_day(date)
            s.clock = FixedClock(dt.datetime.combine(day, settings.time_of(spec.time_setting), settings.tz))
            runner = JobRunner(job_context(s))
        result = await runner.run(job)
        if result.skipped:
            typer.echo(f"{job} {result.day}: skipped ({result.skipped})")
        else:
            typer.echo(f"{job} {result.day}: {result.count}")

    _run(_with_db(settings, work))


@app.command()
def digest(
    date: Annotated[
        str | None, typer.Option("--date", help="as of this day (YYYY-MM-DD), default today")
    ] = None,
    send: Annotated[
        bool, typer.Option("--send", help="enqueue it to every office chat and subscription")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="zh or en")] = "zh",
    group: Annotated[str | None, typer.Option("--group", help="only this work group")] = None,
) -> None:
    """Print the office's daily digest (plain text), or with --send enqueue it as the morning job does."""
    from core.clock import FixedClock
    from core.office_chats import WHOLE_CAMPAIGN, Scope
    from handlers.office.digest_text import digest_text
    from handlers.shared.i18n import plain, use_locale

    settings = _settings()
    day = _parse_day(date) if date else dt.datetime.now(settings.tz).date()

    async def work(s: object) -> str:
        from bot.app import Services, office_services

        assert isinstance(s, Services)
        clock = FixedClock(dt.datetime.combine(day, settings.time_of("digest_time"), settings.tz))
        service = office_services(settings, s.db, clock, s.outbox)["digest"]
        if send:
            return f"{await service.enqueue(day)} digest(s) enqueued for {day}"
        scope = WHOLE_CAMPAIGN
        if group:
            async with s.db.transaction() as tx:
                found = await tx.org.group_by_name(group)
            if found is None:
                typer.secho(f"no work group named {group!r}", fg="red", err=True)
                raise typer.Exit(2)
            scope = Scope(found.id, found.name)
        built = await service.build(day, scope)
        with use_locale(lang):
            return plain(digest_text(built), limit=10**9)

    typer.echo(_run(_with_db(settings, work)))


@app.command("export")
def export_xlsx(
    file: Annotated[Path, typer.Argument(dir_okay=False, writable=True, help="the .xlsx file to write")],
) -> None:
    """Write the campaign ledger to FILE.xlsx: people, trips and legs, daily reports, projects, milestones,
    progress, coordination issues and the scoreboard."""
    settings = _settings()
    if file.suffix.lower() != ".xlsx":
        typer.secho("the file name must end with .xlsx", fg="red", err=True)
        raise typer.Exit(2)

    async def work(s: object) -> dict[str, int]:
        from bot.app import Services, office_services

        assert isinstance(s, Services)
        exported = await office_services(settings, s.db, s.clock, s.outbox)["exports"].workbook(None)
        await asyncio.to_thread(file.write_bytes, exported.data)
        return dict(exported.rows)

    rows = _run(_with_db(settings, work))
    typer.echo(f"{file}: " + ", ".join(f"{sheet} {n}" for sheet, n in rows.items()))


@app.command()
def sandbox(
    port: Annotated[int, typer.Option(help="port of the web chat")] = 8080,
    host: Annotated[
        str, typer.Option(help="address to listen on; loopback only unless --i-know-its-public")
    ] = "127.0.0.1",
    i_know_its_public: Annotated[
        bool,
        typer.Option(
            "--i-know-its-public",
            help="allow a non-loopback --host: anyone who reaches it can act as any persona",
        ),
    ] = False,
    with_scheduler: Annotated[
        bool, typer.Option("--with-scheduler", help="also run jobs at their times (default: by button only)")
    ] = False,
) -> None:
    """Try zsbot in a browser, without Telegram or a token: a local Bot API emulator, the bot wired to
    it, demo data shaped like the campaign, and a web chat at http://127.0.0.1:8080."""
    from bot.sandbox.server import PublicBindRefusedError, check_bind_host

    try:
        check_bind_host(host, allow_public=i_know_its_public)
    except PublicBindRefusedError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    settings = _settings()
    database_url = settings.database_url if "database_url" in settings.model_fields_set else None
    _logging("WARNING")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            _run(_serve_sandbox(host, port, i_know_its_public, database_url, with_scheduler))
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        typer.secho(
            f"cannot listen on {host}:{port} ({exc.strerror}); try another --port", fg="red", err=True
        )
        raise typer.Exit(1) from None


async def _serve_sandbox(
    host: str, port: int, public: bool, database_url: str | None, with_scheduler: bool
) -> None:
    from bot.sandbox.app import SandboxError
    from bot.sandbox.app import sandbox as run_sandbox

    try:
        async with run_sandbox(
            host=host,
            port=port,
            allow_public=public,
            database_url=database_url,
            with_scheduler=with_scheduler,
        ) as box:
            _print_sandbox(box, database_url, with_scheduler)
            await _until_stopped()
    except (SandboxError, ConfigError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None


async def _until_stopped() -> None:
    """Until Ctrl-C or SIGTERM: either way the sandbox shuts down cleanly (its temporary files go)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows / off the main thread
            loop.add_signal_handler(signum, stop.set)
    await stop.wait()


def _print_sandbox(box: object, database_url: str | None, with_scheduler: bool) -> None:
    from bot.sandbox.app import Sandbox

    assert isinstance(box, Sandbox)
    typer.secho(f"zsbot sandbox: {box.url}", fg="green", bold=True)
    typer.echo(
        "本地沙盒，全部为虚构数据，不连接 Telegram · a local sandbox with fake data; nothing reaches Telegram"
    )
    typer.echo(
        f"today 今天: {box.clock.today()} ({box.app.settings.timezone})   bot: @{box.emulator.username}"
    )
    typer.echo("personas 身份:")
    for persona in box.personas:
        link = f"{box.url}/#{persona.key}"
        typer.echo(f"  {link:<40} {persona.name} — {persona.role_zh} · {persona.role_en}")
    typer.echo(f"invite link 邀请链接 ({box.world.invitee.name}): {box.invite_link}")
    where = (
        "a temporary SQLite file, deleted on exit" if database_url is None else database_url.split("@")[-1]
    )
    typer.echo(f"database: {where}")
    jobs = "on their times and by the page's buttons" if with_scheduler else "only by the page's buttons"
    typer.echo(f"scheduled jobs run {jobs}. Ctrl-C stops.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
