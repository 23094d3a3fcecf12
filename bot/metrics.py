"""Prometheus metrics of one replica: updates, handler latency, outbox depth, sends, 429s, jobs, leader.

Counters that the code increments as things happen (updates, job runs) live here; the rest is read
at scrape time from what already keeps it (the sender's stats, the leader flag, the outbox counts), so
nothing is counted twice. Each running app has its own registry (tests run several apps in one process).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.sender import OutboxSender
    from bot.webhook_input import CheckedRequestHandler
    from scheduler.service import SchedulerService

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "zsbot_updates_handled",
            "Telegram updates handled, by update type and result (ok / error)",
            ["type", "result"],
            registry=self.registry,
        )
        self.handler_seconds = Histogram(
            "zsbot_handler_seconds",
            "Time to handle one update, by update type",
            ["type"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )
        self.job_runs = Counter(
            "zsbot_job_runs",
            "Scheduled job runs, by job and result",
            ["job", "result"],
            registry=self.registry,
        )
        self.outbox_rows: dict[str, int] = {}  # refreshed by the /metrics handler before each scrape
        self.sender: OutboxSender | None = None
        self.scheduler: SchedulerService | None = None
        self.intake: CheckedRequestHandler | None = None  # webhook mode, while it is served
        self.registry.register(_LiveCollector(self))

    def job_outcome(self, job_id: str, result: str) -> None:
        self.job_runs.labels(job_id, result).inc()

    def middleware(self) -> BaseMiddleware:
        return _UpdateMetrics(self)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _LiveCollector(Collector):
    """Values kept elsewhere, read at scrape time."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        depth = GaugeMetricFamily("zsbot_outbox_rows", "Outbox rows by state", labels=["state"])
        for state, count in sorted(self.metrics.outbox_rows.items()):
            depth.add_metric([state], count)
        yield depth
        sends = CounterMetricFamily("zsbot_sends", "Outbox sends by result", labels=["result"])
        limited = CounterMetricFamily("zsbot_telegram_429", "Answers 429 (Too Many Requests) from Telegram")
        stats = self.metrics.sender.stats if self.metrics.sender is not None else None
        for result in ("sent", "retried", "rate_limited", "dead", "unreachable", "uncertain", "migrated"):
            sends.add_metric([result], getattr(stats, result, 0) if stats else 0)
        limited.add_metric([], stats.rate_limited if stats else 0)
        yield sends
        yield limited
        leader = GaugeMetricFamily("zsbot_scheduler_leader", "1 when this replica runs the scheduled jobs")
        scheduler = self.metrics.scheduler
        leader.add_metric([], 1.0 if scheduler is not None and scheduler.leadership.is_leader else 0.0)
        yield leader
        intake = self.metrics.intake
        if intake is not None:
            in_hand = GaugeMetricFamily("zsbot_updates_in_hand", "Webhook updates being handled")
            in_hand.add_metric([], intake.in_hand)
            waiting = GaugeMetricFamily(
                "zsbot_updates_waiting", "Webhook requests held until an update in hand finishes"
            )
            waiting.add_metric([], intake.waiting)
            yield in_hand
            yield waiting


class _UpdateMetrics(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        kind = (event.event_type if isinstance(event, Update) else type(event).__name__) or "unknown"
        start = time.perf_counter()
        result = "error"
        try:
            value = await handler(event, data)
            result = "ok"
            return value
        finally:
            self.metrics.handler_seconds.labels(kind).observe(time.perf_counter() - start)
            self.metrics.updates.labels(kind, result).inc()
