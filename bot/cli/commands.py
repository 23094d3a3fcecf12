"""The `zsbot` commands (typer), one module per sub-app or family of commands; run by bot.cli.main."""

from __future__ import annotations

import typer

from bot.cli import backup, calendar, imports, invite, jobs, office, run, sandbox

app = typer.Typer(
    name="zsbot",
    help="zsbot — the reporting bot of the investment-promotion campaign (招商引资报送机器人).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(run.run)
app.command()(run.up)
app.command()(run.migrate)
app.command()(run.check)
app.add_typer(imports.app, name="import")
app.command()(invite.invite)
app.add_typer(calendar.app, name="calendar")
app.add_typer(jobs.app, name="jobs")
app.command()(office.digest)
app.command("export")(office.export_xlsx)
app.command()(sandbox.sandbox)
app.command()(backup.backup)
app.command()(backup.restore)
