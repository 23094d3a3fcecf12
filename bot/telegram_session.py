"""The bot's HTTP session to Telegram: a request made while handling an update names that update.

The outer update middleware sets :data:`current_update_id`; every Bot API request made within (the
handler's answers and edits) carries it in the ``X-Update-Id`` header. The outbox sender runs outside
any update, so a notification carries none. Telegram ignores the header; the emulator (``tgemu``)
records which update caused each message, so a test can wait for the answer to its own message.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, cast

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError

if TYPE_CHECKING:
    from aiogram import Bot

UPDATE_ID_HEADER = "X-Update-Id"

current_update_id: ContextVar[int | None] = ContextVar("zsbot_current_update_id", default=None)
"""The id of the update being handled in this task (None outside update handling)."""


class UpdateTaggingSession(AiohttpSession):
    """aiogram's aiohttp session, adding ``X-Update-Id`` while an update is being handled."""

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        update_id = current_update_id.get()
        if update_id is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        form = self.build_form_data(bot=bot, method=method)
        headers = {UPDATE_ID_HEADER: str(update_id)}
        try:
            async with session.post(
                url,
                data=form,
                headers=headers,
                timeout=self.timeout if timeout is None else timeout,  # type: ignore[arg-type]  # as aiogram does
            ) as resp:
                raw_result = await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
        response = self.check_response(bot=bot, method=method, status_code=resp.status, content=raw_result)
        return cast(TelegramType, response.result)


__all__ = ["UPDATE_ID_HEADER", "UpdateTaggingSession", "current_update_id"]
