"""Transport: the HTTP server (Bot API + file downloads), in-process calls, webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from tgemu.constants import (
    FAULTABLE_METHODS,
    MAX_UPLOAD_BYTES,
    SECRET_HEADER,
    TOKEN_RE,
    UPDATE_ID_HEADER,
)
from tgemu.core import EmulatorCore, caused_by
from tgemu.errors import ApiError
from tgemu.model import (
    WebhookConfig,
    WebhookDelivery,
)
from tgemu.params import Params, json_response, read_request_params, read_webhook_reply

log = logging.getLogger(__name__)


class Transport(EmulatorCore):
    """Serves the Bot API over HTTP and pushes updates to a webhook."""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the Bot API and the control API; return ``api_url`` (for TelegramAPIServer.from_base)."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.add_routes(self._routes())
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_port = self._runner.addresses[0][1]
        self.api_url = f"http://{host}:{bound_port}"
        self._closing.clear()
        self._webhook_task = asyncio.create_task(self._webhook_loop(), name="emulator-webhook")
        log.info("Bot API emulator listening on %s", self.api_url)
        return self.api_url

    async def stop(self) -> None:
        self._closing.set()
        self._updates_signal.notify()
        self._changes.notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def _accept_token(self, token: str) -> bool:
        """Any well-formed token is accepted; the bot's id follows the token in use."""
        if TOKEN_RE.fullmatch(token) is None:
            return False
        if token != self.token:
            log.info("emulator: the bot now uses token of bot id %s", token.split(":", 1)[0])
            self.token = token
        return True

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.route("*", "/bot{token}/{method}", self._handle_api),
            web.get("/file/bot{token}/{file_path:.+}", self._handle_download),
            *self._control_routes(),
        ]

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if not self._accept_token(request.match_info["token"]):
            return json_response(ApiError(401, "Unauthorized").payload(), status=401)
        self.stats.requests[method] += 1
        handler = self._methods.get(method.lower())
        if handler is None:
            return json_response(ApiError(404, "Not Found").payload(), status=404)
        cause = caused_by.set(_update_id(request.headers.get(UPDATE_ID_HEADER)))
        try:
            result = await handler(await read_request_params(request))
        except ApiError as error:
            log.debug("emulator: %s -> %s %s", method, error.status, error.description)
            return json_response(error.payload(), status=error.status)
        finally:
            caused_by.reset(cause)
        if method.lower() in FAULTABLE_METHODS:
            delay = self.faults.roll_slow()
            if delay:
                self.stats.slow_responses += 1
                await self._sleep_unless_closing(delay)
        return json_response({"ok": True, "result": result})

    async def _handle_download(self, request: web.Request) -> web.Response:
        stored = self._file_paths.get(request.match_info["file_path"])
        if TOKEN_RE.fullmatch(request.match_info["token"]) is None or stored is None:
            return json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def call(self, method: str, params: Mapping[str, Any]) -> Any:
        """Run a Bot API method in-process (JSON-typed params); raises :class:`ApiError` like HTTP would."""
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(Params(dict(params)))

    async def _webhook_loop(self) -> None:
        async with ClientSession(timeout=ClientTimeout(total=self.webhook_timeout)) as session:
            while not self._closing.is_set():
                hook = self.webhook
                if hook is None or not self._pending:
                    await self._updates_signal.wait(1.0)
                    continue
                update = self._pending[0]
                if await self._post_update(session, hook, update):
                    if self._pending and self._pending[0] is update:
                        self._pending.pop(0)
                else:
                    await self._sleep_unless_closing(self.webhook_retry_delay)

    async def _post_update(self, session: ClientSession, hook: WebhookConfig, update: dict[str, Any]) -> bool:
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        try:
            trust = self.webhook_ssl if self.webhook_ssl is not None else True
            async with session.post(hook.url, json=update, headers=headers, ssl=trust) as response:
                status = response.status
                reply = await read_webhook_reply(response) if 200 <= status < 300 else None
                reason = response.reason
        except (ClientError, TimeoutError, OSError) as error:
            return self._webhook_failed(hook, update, None, f"Connection failed: {type(error).__name__}")
        if not 200 <= status < 300:
            problem = f"Wrong response from the webhook: {status} {reason}"
            return self._webhook_failed(hook, update, status, problem)
        method, reply_error = await self._run_webhook_reply(reply, update["update_id"])
        delivery = WebhookDelivery(update["update_id"], status, None, method, reply_error)
        self.webhook_deliveries.append(delivery)
        self._emit("webhook", None, update_id=update["update_id"], status=status)
        return True

    def _webhook_failed(
        self, hook: WebhookConfig, update: dict[str, Any], status: int | None, error: str
    ) -> bool:
        hook.last_error_date = int(self._clock())
        hook.last_error_message = error
        self.webhook_deliveries.append(WebhookDelivery(update["update_id"], status, error))
        self._emit("webhook", None, update_id=update["update_id"], status=status, error=error)
        log.info("emulator: webhook delivery of update %s failed: %s", update["update_id"], error)
        return False

    async def _run_webhook_reply(self, reply: Params | None, update_id: int) -> tuple[str | None, str | None]:
        """Telegram executes a method returned in the webhook response body (an answer to that update)."""
        if reply is None or not reply.has("method"):
            return None, None
        method = str(reply.values.pop("method"))
        handler = self._methods.get(method.lower())
        if handler is None:
            return method, "Not Found"
        cause = caused_by.set(update_id)
        try:
            await handler(reply)
        except ApiError as error:
            return method, error.description
        finally:
            caused_by.reset(cause)
        return method, None

    # ----------------------------------------------------------------------------------- control API


def _update_id(header: str | None) -> int | None:
    try:
        return int(header) if header else None
    except ValueError:
        return None
