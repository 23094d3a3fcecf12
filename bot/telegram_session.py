"""The bot's HTTP session to Telegram: a request made while handling an update names that update.

The outer update middleware sets :data:`current_update_id`; every Bot API request made within (the
handler's answers and edits) carries it in the ``X-Update-Id`` header, added by an aiohttp request
trace, so aiogram's own request code is used unchanged. The outbox sender runs outside any update,
so a notification carries none. Telegram ignores the header; the emulator (``tgemu``) records which
update caused each message, so a test can wait for the answer to its own message.
"""

from __future__ import annotations

from contextvars import ContextVar
from types import SimpleNamespace

from aiogram.client.session.aiohttp import AiohttpSession
from aiohttp import ClientSession, TraceConfig, TraceRequestStartParams

from tgemu.constants import UPDATE_ID_HEADER

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


class UpdateTaggingSession(AiohttpSession):
    """aiogram's aiohttp session whose requests name the update being handled (``X-Update-Id``)."""

    async def create_session(self) -> ClientSession:
        session = await super().create_session()
        if _TAGGING not in session.trace_configs:
            session.trace_configs.append(_TAGGING)
        return session


__all__ = ["UPDATE_ID_HEADER", "UpdateTaggingSession", "current_update_id"]
