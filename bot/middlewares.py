"""Outer middlewares: drop redelivered updates, load the acting person, set the language."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, Update, User

from bot.telegram_session import current_update_id
from core.people import PeopleService, language_from_code
from core.policy import answering_in
from core.updates import UpdateJournal
from handlers.shared.i18n import set_locale

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateDedupeMiddleware(BaseMiddleware):
    """An update id seen before (a webhook retry, a replayed batch) is processed once.

    A new update is named in :data:`current_update_id` for the rest of its task: the Bot API
    requests made while handling it carry the id (see :mod:`bot.telegram_session`).
    """

    def __init__(self, journal: UpdateJournal) -> None:
        self.journal = journal

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update) and not await self.journal.first_time(event.update_id):
            log.info("update %s seen before; skipped", event.update_id)
            return None
        if isinstance(event, Update):
            # Not reset on the way out: aiogram sends a method a handler returns after the
            # middlewares are done, still in this update's own task (or a task it starts).
            current_update_id.set(event.update_id)
        return await handler(event, data)


class PersonMiddleware(BaseMiddleware):
    """Puts `person` (None when the Telegram account is not bound) and `locale` into handler data.

    This is the one database session an update opens before its use case runs; every use case
    opens its own short transaction, so no database lock is held across a Telegram call.
    """

    def __init__(self, people: PeopleService, default_locale: str) -> None:
        self.people = people
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        person = await self.people.by_telegram_id(user.id) if user is not None else None
        if person is not None and not person.reachable:
            await self.people.mark_reachable(person.id)  # they wrote to us: they unblocked the bot
        if person is not None and person.language is not None:
            locale = person.language.value
        else:
            guessed = language_from_code(user.language_code) if user is not None else None
            locale = guessed.value if guessed is not None else self.default_locale
        set_locale(locale)
        data["person"] = person
        data["locale"] = locale
        return await handler(event, data)


class VenueMiddleware(BaseMiddleware):
    """Names the chat an update's answers are shown in, for the access policy (core.policy).

    What a chat may be shown is decided by the chat as well as the asker: nothing of the office's
    in a group that is not a bound office chat, and a group-scoped office chat only its group.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        if chat is None:  # inline queries and the like: answered to the user alone
            if user is None:
                return await handler(event, data)
            with answering_in(user.id, private=True):
                return await handler(event, data)
        with answering_in(chat.id, private=chat.type == "private"):
            return await handler(event, data)
