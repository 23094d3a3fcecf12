"""`zsbot run|up|migrate|check`: run the bot, set up its schema, check its configuration."""

from __future__ import annotations

import contextlib
import gc
import logging
from typing import Annotated

import typer

from bot.cli.common import load, run_async, setup_logging
from bot.cli.sandbox import sandbox
from bot.settings import ConfigError, Settings


def run() -> None:
    """Run the bot: long polling, or webhook mode when ZSBOT_WEBHOOK_URL is set."""
    settings = load()
    try:
        settings.require_token()
    except ConfigError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    setup_logging(settings.log_level, settings.require_token(), secret)
    # Loading the bot allocates some hundred thousand objects that live as long as the process
    # (aiogram's models, SQLAlchemy's mappers, the routers) and frees next to none: the garbage
    # collector would scan them again and again for nothing (about a fifth of the start-up's CPU).
    # Paused until the app is built; bot.runner.warming_up freezes what was loaded and resumes it.
    gc.disable()
    try:
        from bot.runner import run_polling, run_webhook
        from db.locks import RunnerLocked

        try:
            with contextlib.suppress(KeyboardInterrupt):
                run_async(run_webhook(settings) if settings.webhook_mode else run_polling(settings))
        except RunnerLocked as exc:
            typer.secho(str(exc), fg="red", err=True)
            raise typer.Exit(3) from None
        except Exception:  # logged through the redaction (a traceback printed by typer would show the token)
            logging.getLogger("zsbot").exception("zsbot stopped on an error")
            raise typer.Exit(1) from None
    finally:
        gc.enable()


def up(
    port: Annotated[int, typer.Option(help="port of the sandbox's web chat, when there is no token")] = 8080,
) -> None:
    """Run the bot when ZSBOT_BOT_TOKEN is configured; without a token, the local sandbox instead."""
    if load().bot_token is None:
        typer.echo("No ZSBOT_BOT_TOKEN configured: starting the local sandbox (no Telegram involved).")
        sandbox(port=port, host="127.0.0.1", i_know_its_public=False, with_scheduler=False)
    else:
        run()


def migrate() -> None:
    """Create or upgrade the database schema to the latest version (Alembic)."""
    settings = load()
    from db.migrate import upgrade

    upgrade(settings.database_url)
    typer.echo(f"schema up to date: {settings.database_url.split('@')[-1]}")


def check() -> None:
    """Validate the configuration, the database connection and the schema version."""
    settings = load()
    typer.echo("✓ configuration")
    problems = run_async(_check(settings))
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
