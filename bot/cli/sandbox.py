"""`zsbot sandbox`: the bot wired to a local Telegram emulator with demo data, and a web chat."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
from typing import Annotated

import typer

from bot.cli.common import load, run_async, setup_logging
from bot.settings import ConfigError


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
    settings = load()
    database_url = settings.database_url if "database_url" in settings.model_fields_set else None
    setup_logging("WARNING")
    try:
        with contextlib.suppress(KeyboardInterrupt):
            run_async(_serve_sandbox(host, port, i_know_its_public, database_url, with_scheduler))
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
