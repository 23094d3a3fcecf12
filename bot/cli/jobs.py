"""`zsbot jobs list|run`: the scheduled jobs, their times and last runs; run one by hand."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import load, parse_day, run_async, with_services

if TYPE_CHECKING:
    from bot.app import AppServices

app = typer.Typer(help="Scheduled jobs: list them, or run one now.", no_args_is_help=True)


@app.command("list")
def jobs_list() -> None:
    """Each job with its time and next run, and its last run."""
    from apscheduler.triggers.cron import CronTrigger

    from scheduler.registry import jobs

    settings = load()

    async def work(s: AppServices) -> None:
        async with s.db.transaction() as tx:
            last = {r.job_id: r for r in await tx.jobs.last_runs()}
            failing = await tx.jobs.failing()
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
        for run in failing:  # a failed run is retried with backoff, and caught up at start if still failing
            retry = (
                f"retry at {run.next_retry_at:%Y-%m-%d %H:%M} UTC" if run.next_retry_at else "no retry left"
            )
            typer.echo(
                f"FAILING {run.job_id} for {run.run_day} (attempt {run.attempts}, {retry}): {run.error}"
            )

    run_async(with_services(settings, work))


@app.command("run")
def jobs_run(
    job: Annotated[str, typer.Argument(help="job id, see `zsbot jobs list`")],
    date: Annotated[str | None, typer.Option("--date", help="run as of this day (YYYY-MM-DD)")] = None,
) -> None:
    """Run JOB once now, as of --date (default today). Notifications go to the outbox."""
    from bot.app import build_services
    from core.clock import FixedClock
    from scheduler.context import JobContext
    from scheduler.runner import JobRunner

    settings = load()

    async def work(s: AppServices) -> None:
        runner = JobRunner(JobContext(s))
        try:
            spec = runner.spec(job)
        except LookupError as exc:
            typer.secho(str(exc), fg="red", err=True)
            raise typer.Exit(2) from None
        if date is not None:  # every service sees that day as today
            at = dt.datetime.combine(parse_day(date), settings.time_of(spec.time_setting), settings.tz)
            runner = JobRunner(JobContext(build_services(settings, s.db, FixedClock(at))))
        result = await runner.run(job)
        if result.skipped:
            typer.echo(f"{job} {result.day}: skipped ({result.skipped})")
        else:
            typer.echo(f"{job} {result.day}: {result.count}")

    run_async(with_services(settings, work))
