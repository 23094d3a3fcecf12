"""What every command shares: the settings, an event loop, a migrated database with its services."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bot.settings import ConfigError, Settings, load_settings, retired_settings

if TYPE_CHECKING:
    from bot.app import AppServices

T = TypeVar("T")

FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help=".xlsx or .csv")]


def load() -> Settings:
    """The settings; a configuration error ends the command in one line, a retired variable still
    set is reported (bot.settings.RETIRED)."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        typer.secho(f"configuration error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None
    for line in retired_settings(os.environ):
        typer.secho(f"warning: {line}", fg="yellow", err=True)
    return settings


def run_async(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


def setup_logging(level: str, *secrets: str | None) -> None:
    """Logging to stderr; `secrets` (the bot token, the webhook secret) are masked in every record."""
    from bot.redact import install_redaction

    install_redaction(*secrets)
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


async def with_services(settings: Settings, work: Callable[[AppServices], Awaitable[T]]) -> T:
    """Migrate the database, build the services on it, run `work`, close the database."""
    from bot.app import build_services
    from db.database import Database
    from db.migrate import upgrade_async

    await upgrade_async(settings.database_url)
    db = Database(settings.database_url)
    try:
        return await work(build_services(settings, db))
    finally:
        await db.dispose()


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None
