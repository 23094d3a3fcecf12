"""The outbox sender: claims due rows, renders them, sends them under Telegram's limits.

One asyncio task claims rows and hands each to its chat's queue; one task per chat sends that
chat's messages in order. Outcomes:
- TelegramRetryAfter: everything pauses for retry_after, the row is retried (not an attempt);
- 5xx / connection errors: exponential backoff with jitter, dead letter after N attempts;
- read timeout: the outcome is unknowable — marked uncertain and retried once;
- 403 / chat not found: the person (or chat) is unreachable; the office is told once;
- any other 400: dead letter at once (retrying cannot help), logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import socket
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import Message

from bot.ratelimit import SendLimiter
from core.delivery.bookkeeping import DeliveryService, Outgoing
from handlers.shared.notifications import Rendered, message_steps, render

log = logging.getLogger(__name__)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class SenderStats:
    sent: int = 0
    retried: int = 0
    rate_limited: int = 0
    dead: int = 0
    unreachable: int = 0
    uncertain: int = 0
    migrated: int = 0
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        delivery: DeliveryService,
        limiter: SendLimiter,
        *,
        capacity: int = 200,
        claim_batch: int = 50,
        poll_interval: float = 0.5,
        heartbeat_interval: float = 30.0,
        worker: str | None = None,
        decorate: Callable[[Outgoing, Rendered], Rendered] | None = None,
    ) -> None:
        self.bot = bot
        self.decorate = decorate  # adds what only the bot knows (the Mini App's button under a digest)
        self.delivery = delivery
        self.limiter = limiter
        self.capacity = capacity
        self.claim_batch = claim_batch  # a wave's first sends go while the next rows are claimed
        self.poll_interval = poll_interval
        self.heartbeat_interval = heartbeat_interval
        self.worker = worker or worker_id()
        self.stats = SenderStats()
        self._queues: dict[int, deque[Outgoing]] = {}
        self._chat_tasks: dict[int, asyncio.Task[None]] = {}
        self._in_flight = 0
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._render_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-render")

    def wake(self) -> None:
        """Something was enqueued: look now instead of at the next poll."""
        self._wake.set()

    async def run(self) -> None:
        """Until stop(): claim, dispatch to chat queues, heartbeat the claims."""
        heartbeat = asyncio.create_task(self._heartbeat(), name="outbox-heartbeat")
        try:
            while not self._stopping.is_set():
                claimed = await self._claim()
                if not claimed:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wait_wake_or_stop(), self.poll_interval)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            await self._finish()

    async def stop(self) -> None:
        self._stopping.set()

    async def _wait_wake_or_stop(self) -> None:
        wake = asyncio.create_task(self._wake.wait())
        stop = asyncio.create_task(self._stopping.wait())
        try:
            await asyncio.wait({wake, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            wake.cancel()
            stop.cancel()

    async def _claim(self) -> int:
        room = min(self.capacity - self._in_flight, self.claim_batch)
        if room <= 0:
            return 0
        try:
            items = await self.delivery.claim(self.worker, room)
        except Exception:
            log.exception("claiming outbox rows failed; retrying")
            return 0
        for item in items:
            self._in_flight += 1
            self._queues.setdefault(item.chat_id, deque()).append(item)
            task = self._chat_tasks.get(item.chat_id)
            if task is None or task.done():
                self._chat_tasks[item.chat_id] = asyncio.create_task(
                    self._drain_chat(item.chat_id), name=f"outbox-chat-{item.chat_id}"
                )
        return len(items)

    async def _drain_chat(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        while queue and not self._stopping.is_set():
            item = queue.popleft()
            try:
                if not await self._deliver(item):
                    # unreachable: the rest of this chat's rows were dead-lettered with it
                    self._in_flight -= len(queue)
                    queue.clear()
            except Exception:
                log.exception("delivering outbox row %s failed unexpectedly", item.row_id)
                with contextlib.suppress(Exception):
                    await self.delivery.retry(item, "unexpected sender error")
            finally:
                self._in_flight -= 1
        if not queue:
            self._queues.pop(chat_id, None)

    async def _render(self, item: Outgoing) -> Rendered:
        """Render on the sender's worker thread: a digest's chart (0.15–0.7 s of matplotlib) must not
        hold up the event loop that answers people. One thread: matplotlib's font cache and pyplot-free
        figures are safe there, and renders keep their order."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        rendered = await loop.run_in_executor(
            self._render_pool, context.run, render, item.kind, item.payload, item.locale
        )
        return self.decorate(item, rendered) if self.decorate is not None else rendered

    async def _deliver(self, item: Outgoing) -> bool:
        """Send one row and record the outcome; False when the chat turned out unreachable."""
        try:
            rendered = await self._render(item)
        except Exception as exc:
            log.exception("rendering %s (row %s) failed", item.kind, item.row_id)
            await self.delivery.dead(item, f"render failed: {type(exc).__name__}: {exc}")
            self.stats.dead += 1
            return True
        try:
            message = await self._send(item, rendered)
        except TelegramRetryAfter as exc:
            self.stats.rate_limited += 1
            self.limiter.pause(exc.retry_after)
            await self.delivery.retry(
                item, f"429 retry after {exc.retry_after}", delay=exc.retry_after, count_attempt=False
            )
        except TelegramMigrateToChat as exc:
            # the group became a supergroup: its binding and pending rows follow it, this row too
            self.stats.migrated += 1
            await self.delivery.chat_migrated(item.chat_id, exc.migrate_to_chat_id)
            await self.delivery.retry(
                item, f"chat migrated to {exc.migrate_to_chat_id}", delay=0, count_attempt=False
            )
        except TelegramForbiddenError as exc:
            self.stats.unreachable += 1
            await self.delivery.unreachable(item, f"403 {exc.message}")
            return False
        except TelegramBadRequest as exc:
            if "chat not found" in exc.message.lower():
                self.stats.unreachable += 1
                await self.delivery.unreachable(item, f"400 {exc.message}")
                return False
            else:
                log.error("Telegram refused row %s (%s): %s", item.row_id, item.kind, exc.message)
                self.stats.dead += 1
                await self.delivery.dead(item, f"400 {exc.message}")
        except (TelegramServerError, TelegramNotFound, TelegramUnauthorizedError) as exc:
            self.stats.retried += 1
            self.stats.errors[type(exc).__name__] += 1
            if not await self.delivery.retry(item, f"{type(exc).__name__}: {exc.message}"):
                self.stats.dead += 1
        except TelegramNetworkError as exc:
            timed_out = "timeout" in exc.message.lower()
            self.stats.retried += 1
            if timed_out:
                self.stats.uncertain += 1
            if not await self.delivery.retry(item, f"network: {exc.message}", uncertain=timed_out):
                self.stats.dead += 1
        else:
            self.stats.sent += 1
            await self.delivery.sent(item, message.message_id if message else None)
        return True

    async def _send(self, item: Outgoing, rendered: Rendered) -> Message | None:
        """Send a rendered notification, each message in its own rate-limit slot.

        Long texts go as several messages, split between tags. A notification of several messages
        records each part sent, so a retry after a failed part resumes there instead of repeating.
        """
        steps = message_steps(self.bot, item.chat_id, rendered)
        last: Message | None = None
        for index in range(min(item.parts_sent, len(steps) - 1), len(steps)):
            await self.limiter.acquire(item.chat_id, is_group=item.is_group)
            last = await steps[index]()
            if index < len(steps) - 1:
                await self.delivery.part_sent(item, index + 1)
        return last

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            try:
                await self.delivery.heartbeat(self.worker)
            except Exception:
                log.warning("outbox heartbeat failed", exc_info=True)

    async def _finish(self) -> None:
        """Graceful stop: let each chat finish the message in hand, then release the rest."""
        tasks = [t for t in self._chat_tasks.values() if not t.done()]
        if tasks:
            await asyncio.wait(tasks, timeout=30)
        for task in tasks:
            task.cancel()
        self._render_pool.shutdown(wait=False, cancel_futures=True)
        released = await self.delivery.release(self.worker)
        if released:
            log.info("released %d in-flight outbox rows", released)
