"""The webhook endpoint's request handling: the secret checked safely, the body validated before
anything is handled, in-flight updates drained at shutdown.

aiogram's SimpleRequestHandler answers 500 with a traceback on a secret header that is not ASCII
(``secrets.compare_digest`` refuses such a str), on a body that is not JSON, and on an update it
cannot validate; here those are 401 and 400, logged in one line.

It also answers every update at once and handles it in the background, so a backlog (more updates
than the process can take) piles up in the process without bound: memory, and the garbage
collector's pauses over it, grow with it. Here at most ``in_hand`` updates are handled at once; a
request beyond them is answered only when one of them finishes, so Telegram keeps the rest (it
sends over at most `max_connections` requests at a time) and delivers them as the bot catches up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from bot.middlewares import PAYLOAD

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # an update is a few kB; Telegram never sends more than this
MAX_UPDATE_ID = 2**63 - 1  # stored as BIGINT


class CheckedRequestHandler(SimpleRequestHandler):
    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, secret_token: str, *, in_hand: int = 100, **data: Any
    ) -> None:
        super().__init__(
            dispatcher=dispatcher, bot=bot, handle_in_background=True, secret_token=secret_token, **data
        )
        self._expected = secret_token.encode()
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(in_hand)  # one per update in hand (ZSBOT_UPDATES_IN_HAND)
        self.waiting = 0  # requests waiting for a slot, not yet answered
        self._last_finished = 0.0  # loop time an update in hand last finished
        self.accepting = True

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self._expected)

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            return web.Response(text="Unauthorized", status=401)
        if not self.accepting:  # shutting down: Telegram delivers it again later (to us or a sibling)
            return web.Response(text="Shutting down", status=503)
        read = await _read_update(request, self.bot)
        if isinstance(read, web.Response):
            return read
        update, body = read
        if self._slots.locked():  # as many in hand as allowed: answered once one of them finishes
            self.waiting += 1
            try:
                await self._slots.acquire()
            finally:
                self.waiting -= 1
            if not self.accepting:  # stopped meanwhile: the slot goes on to the next one waiting
                self._slots.release()
                return web.Response(text="Shutting down", status=503)
        else:
            await self._slots.acquire()  # free: returns at once
        task = asyncio.create_task(self._feed(update, body), name=f"update-{update.update_id}")
        self._in_flight.add(task)
        task.add_done_callback(self._finished)
        return web.json_response({})

    @property
    def in_hand(self) -> int:
        """Updates answered to Telegram and being handled."""
        return len(self._in_flight)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._slots.release()
        self._last_finished = asyncio.get_running_loop().time()

    async def quiet(self, settle: float, within: float) -> None:
        """Return once no update has been in hand for `settle` s (at start-up: the updates that were
        waiting for the bot are answered), or after `within` s however busy it is."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while (left := deadline - loop.time()) > 0:
            if self._in_flight:
                await asyncio.wait(set(self._in_flight), timeout=left)
                continue
            wait = self._last_finished + settle - loop.time()
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, left))

    async def _feed(self, update: Update, body: str) -> None:
        # the body as received is what the update journal stores (not serialised again)
        result = await self.dispatcher.feed_update(self.bot, update, **self.data, **{PAYLOAD: body})
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot=self.bot, result=result)

    async def drain(self, grace: float) -> int:
        """Stop taking updates and wait up to `grace` s for those in hand; the number left unfinished
        (they stay unfinished in the update journal and are handled at the next start)."""
        self.accepting = False
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=grace)
        return len(self._in_flight)

    async def close(self) -> None:
        """The Bot session is closed by the runner after the outbox sender stopped (it still sends)."""


async def _read_update(request: web.Request, bot: Bot) -> tuple[Update, str] | web.Response:
    """The update and its body as text, or the answer refusing the request."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return _bad("body too large", status=413)
    try:
        body = await request.content.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            return _bad("body too large", status=413)
        text = body.decode()
        payload = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return _bad("body is not JSON")
    if not isinstance(payload, dict):
        return _bad("body is not an update object")
    update_id = payload.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id <= MAX_UPDATE_ID:
        return _bad("update_id missing or out of range")
    try:
        return Update.model_validate(payload, context={"bot": bot}), text
    except ValidationError as exc:
        return _bad(f"not a valid update ({exc.error_count()} errors)")


def _bad(reason: str, *, status: int = 400) -> web.Response:
    log.warning("webhook request refused: %s", reason)
    return web.json_response({"ok": False, "error": reason}, status=status)


__all__ = ["MAX_UPDATE_ID", "SECRET_HEADER", "CheckedRequestHandler"]
