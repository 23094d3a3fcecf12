"""`zsbot invite PERSON`: a single-use, expiring invite link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import load, run_async, with_services
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import AppServices


def invite(
    person: Annotated[str, typer.Argument(help="name or phone of a registered person")],
    rebind: Annotated[
        bool,
        typer.Option(
            "--rebind", help="PERSON is bound: the link moves them to a new account (the old one is told)"
        ),
    ] = False,
) -> None:
    """Print a single-use, expiring invite link https://t.me/<bot>?start=<token> for PERSON.

    A person already bound to an account needs --rebind (otherwise the link would let anyone take it over).
    """
    settings = load()
    from core.errors import DomainError

    async def work(services: AppServices) -> tuple[str, str, str]:
        username = await _bot_username(settings)
        issued = await services.people.create_invite(None, person, rebind=rebind)
        expires = issued.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
        return issued.person.name, f"https://t.me/{username}?start={issued.token}", expires

    try:
        name, link, expires = run_async(with_services(settings, work))
    except DomainError as exc:
        if exc.key == "invite.already_bound":
            typer.secho(
                f"{person} is already bound to a Telegram account; a new link would let whoever opens it take "
                "the account over. If they really changed accounts, add --rebind (the old account is told).",
                fg="red",
                err=True,
            )
        else:
            typer.secho(f"{exc.key}: {exc.params}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{name}: {link}")
    typer.echo(f"(single use, expires {expires} {settings.timezone})")
    if rebind:
        typer.echo("(rebind: whoever opens it replaces the account the person is bound to now)")


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
