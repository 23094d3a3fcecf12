"""The `zsbot` command line: its commands are in bot.cli.commands (typer)."""

from __future__ import annotations

import gc


def main() -> None:
    """`zsbot …`. The commands are loaded with the garbage collector paused: loading them (the
    settings, SQLAlchemy, the models, the repositories: some 140,000 objects that live as long as
    the process) made it scan them again and again for nothing, a fifth to a third of the load's
    CPU. What was loaded is then put out of its sight for good (`gc.freeze`), and it resumes
    before any command runs; `zsbot run` pauses it again while it loads the bot (bot.cli.run)."""
    gc.disable()
    try:
        from bot.cli.commands import app
    finally:
        gc.freeze()
        gc.enable()
    app()
