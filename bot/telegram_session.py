"""The bot's HTTP session to Telegram: a request made while handling an update names that update.

The outer update middleware sets :data:`current_update_id`; every Bot API request made within (the
handler's answers and edits) carries it in the ``X-Update-Id`` header, added by an aiohttp request
trace, so aiogram's own request code is used unchanged. The outbox sender runs outside any update,
so a notification carries none. Telegram ignores the header; the emulator (``tgemu``) records which
update caused each message, so a test can wait for the answer to its own message.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from contextvars import ContextVar
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError, ClientSession, ClientTimeout, TraceConfig, TraceRequestStartParams

from tgemu.constants import UPDATE_ID_HEADER

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

_JSON = {"Content-Type": "application/json"}

current_update_id: ContextVar[int | None] = ContextVar("zsbot_current_update_id", default=None)
"""The id of the update being handled in this task (None outside update handling)."""


async def _name_the_update(
    session: ClientSession, context: SimpleNamespace, params: TraceRequestStartParams
) -> None:
    update_id = current_update_id.get()
    if update_id is not None:
        params.headers[UPDATE_ID_HEADER] = str(update_id)


_TAGGING = TraceConfig()
_TAGGING.on_request_start.append(_name_the_update)
_TAGGING.freeze()


class _RefusalTakenAsDone(BaseRequestMiddleware):
    """A request Telegram refuses in a way that leaves nothing to do succeeds instead (True, as
    Telegram answers a request with nothing to return): see the subclasses for which refusals."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as exc:
            if not self.nothing_left(method, exc.message):
                raise
            return cast("Response[TelegramType]", True)  # the chain passes results, not Responses

    @abstractmethod
    def nothing_left(self, method: TelegramMethod[Any], message: str) -> bool:
        """True when Telegram's refusal `message` of `method` leaves nothing to do."""


class UnchangedEditIsDone(_RefusalTakenAsDone):
    """An edit that would leave a message exactly as it is ("message is not modified": a double tap
    redrawing the same card) has nothing left to do: it succeeds, everywhere, instead of becoming
    an error the person sees. Telegram answers True for an inline message's edit; so does this."""

    def nothing_left(self, method: TelegramMethod[Any], message: str) -> bool:
        if "message is not modified" not in message or not method.__api_method__.startswith("edit"):
            return False
        log.debug("%s left the message unchanged: ignored", method.__api_method__)
        return True


class LateAnswerIsDone(_RefusalTakenAsDone):
    """A button press answered when Telegram no longer takes its answer (more than about 15 s after
    the press: a backlog, a slow import) is still handled: the answer only stops the button's
    spinner, and raising here would cut short what the handler does after it (or before, when it
    answers first), so the press would do nothing. Logged, and taken as done."""

    def nothing_left(self, method: TelegramMethod[Any], message: str) -> bool:
        if not isinstance(method, AnswerCallbackQuery) or "query is too old" not in message:
            return False
        log.warning(
            "update %s: a press answered too late for Telegram; handled all the same", current_update_id.get()
        )
        return True


_RESPONSE_TYPES: dict[Any, Any] = {}
"""Strong references to the ``Response[...]`` models aiogram's ``check_response`` parametrises.

pydantic keeps parametrised generic models in a *weak*-valued cache, and nothing else holds
``Response[Message]`` between two calls: after each garbage collection the next answer rebuilt the
model (``create_generic_submodel``, schema building: about 1 ms for a message, more on a loaded
machine — measured by py-spy in issue 18). Held here, aiogram's own lookup finds it every time.
"""


class UpdateTaggingSession(AiohttpSession):
    """aiogram's aiohttp session whose requests name the update being handled (``X-Update-Id``)."""

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        """A method without files is sent as a JSON body (Telegram takes both), not aiogram's form:
        the same values, without building a form field by field and url-encoding it."""
        body = self._json_body(bot, method)
        if body is None:  # files to upload: aiogram's multipart form
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=_JSON,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)

    def _json_body(self, bot: Bot, method: TelegramMethod[TelegramType]) -> bytes | None:
        """The method's parameters as JSON, as aiogram's form has them (None and "" left out, defaults
        resolved, objects nested); None when it carries a file."""
        files: dict[str, Any] = {}
        params = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                params[key] = prepared
        if files:
            return None
        return self.json_dumps(params).encode()

    async def create_session(self) -> ClientSession:
        session = await super().create_session()
        if _TAGGING not in session.trace_configs:
            session.trace_configs.append(_TAGGING)
        return session


__all__ = [
    "UPDATE_ID_HEADER",
    "LateAnswerIsDone",
    "UnchangedEditIsDone",
    "UpdateTaggingSession",
    "current_update_id",
]
