"""Scheduled jobs, declared where they live: `@job(...)` on an async function of (ctx, day)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from scheduler.context import JobContext

JobFunc = Callable[[JobContext, dt.date], Awaitable[int]]

CatchUp = Literal["each", "latest", "none"]
"""What start-up does with occurrences missed while the bot was down (within settings.catch_up_days):
"each" runs every missed one, in order, as of its own date (a reminder whose dedupe key and text
carry its day: only what is still owed goes out); "latest" runs only the most recent (a digest or a
sweep that covers everything up to its day: older ones would only repeat it); "none" runs none."""


@dataclass(frozen=True)
class JobSpec:
    id: str
    description: str
    func: JobFunc
    time_setting: str  # name of the Settings attribute giving HH:MM
    day_of_week: str = "*"  # cron day_of_week, e.g. "mon"; "settings" = Settings.ranking_weekday
    workdays_only: bool = True
    catch_up: CatchUp = "each"


_registry: dict[str, JobSpec] = {}
_loaded = False


def job(
    job_id: str,
    *,
    description: str,
    at: str,
    day_of_week: str = "*",
    workdays_only: bool = True,
    catch_up: CatchUp = "each",
) -> Callable[[JobFunc], JobFunc]:
    def register(func: JobFunc) -> JobFunc:
        if job_id in _registry and _registry[job_id].func is not func:
            raise RuntimeError(f"job id {job_id!r} registered twice")
        _registry[job_id] = JobSpec(job_id, description, func, at, day_of_week, workdays_only, catch_up)
        return func

    return register


def jobs() -> dict[str, JobSpec]:
    global _loaded
    if not _loaded:
        import scheduler.jobs as package

        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
        _loaded = True
    return dict(sorted(_registry.items()))
