"""Outer middlewares: drop redelivered updates, load the acting person, set the language."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.middlewares.user_context import EventContext, UserContextMiddleware
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import Chat, TelegramObject, Update, User

from bot.fsm_storage import DatabaseStorage
from bot.telegram_session import current_update_id
from core.people import PeopleService, language_from_code
from core.policy import answering_in
from core.updates import UpdateJournal
from db.database import unavailable
from handlers.shared.i18n import Safe, echo, plain, set_locale, t, use_locale

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


SENDER = "zsbot_sender"
"""Handler data: the update's sender as loaded with its claim (UpdateDedupeMiddleware → PersonMiddleware)."""

PAYLOAD = "zsbot_payload"
"""Dispatcher kwarg: the update as received (the webhook's body), stored as is by the update journal."""

REPLAY = "zsbot_replay"
"""Dispatcher kwarg: the update is a stored one handled again (see :func:`bot.runner.replay_unfinished`)."""


class DatabaseUnavailable(Exception):
    """The database stayed unreachable for the whole retry budget (the person was asked to resend)."""


class UpdateDedupeMiddleware(BaseMiddleware):
    """Durable, idempotent update handling (the outermost middleware, around aiogram's error handling).

    - An update is taken in (id and payload stored, and its sender loaded: one transaction, see
      core.updates) before it is handled and marked done after, so
      an update id seen before (a webhook retry, a replayed batch) is processed once, and one cut
      short by a crash is handled again at the next start (``zsbot run`` replays unfinished ones).
    - When the database is unreachable (handlers/shared/errors.py lets that error through to here),
      the whole update is tried again with backoff for ``retry_seconds``; after that the person is
      told that what they sent was not processed and is asked to send it again.

    A new update is named in :data:`current_update_id` for the rest of its task: the Bot API
    requests made while handling it carry the id (see :mod:`bot.telegram_session`).
    """

    def __init__(
        self, journal: UpdateJournal, *, retry_seconds: float = 60.0, fsm: FSMContextMiddleware | None = None
    ) -> None:
        self.journal = journal
        self.retry_seconds = retry_seconds
        self.fsm = fsm  # forms stored in the database: the chat's form is read with the claim

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry_seconds
        delay = 0.2
        replay = bool(data.get(REPLAY))
        # Not reset on the way out: aiogram sends a method a handler returns after the
        # middlewares are done, still in this update's own task (or a task it starts).
        current_update_id.set(event.update_id)
        context = UserContextMiddleware.resolve_event_context(event)
        telegram_id = context.user.id if context.user is not None else None
        while True:
            form_row = self._form_row(context, data)
            form_key = form_row[0] if form_row is not None else None
            try:
                if replay:
                    intake = await self.journal.take_up(event.update_id, telegram_id, form_key)
                else:
                    payload = data.get(PAYLOAD) or _payload(event)
                    intake = await self.journal.take_in(event.update_id, payload, telegram_id, form_key)
                if intake is None:
                    log.info("update %s seen before; skipped", event.update_id)
                    return None
                if form_row is not None and intake.form is not None and self.fsm is not None:
                    cast(DatabaseStorage, self.fsm.storage).read_with_claim(form_row, intake.form)
                if telegram_id is not None:
                    data[SENDER] = intake.person  # loaded with the claim: PersonMiddleware uses it
                result = await handler(event, data)
            except Exception as error:
                if not unavailable(error):
                    raise
                if loop.time() + delay > deadline:
                    log.error("update %s lost: the database stays unreachable (%s)", event.update_id, error)
                    await _ask_to_resend(event, data)
                    return None
                log.warning("database unreachable (%s); update %s tried again", error, event.update_id)
                replay = replay or await _taken_in(self.journal, event.update_id)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            await self._finish(event.update_id, loop.time() + self.retry_seconds, alone=replay)
            return result

    def _form_row(self, context: EventContext, data: dict[str, Any]) -> tuple[str, int] | None:
        """The database row of the update's form (aiogram's own key for its chat and user) with this
        process's count of writes to it, when forms are read from the database for every update."""
        if self.fsm is None or not isinstance(self.fsm.storage, DatabaseStorage):
            return None
        form = self.fsm.resolve_context(
            bot=data["bot"],
            chat_id=context.chat_id,
            user_id=context.user_id,
            thread_id=context.thread_id,
            business_connection_id=context.business_connection_id,
        )
        return self.fsm.storage.form_row(form.key) if form is not None else None

    async def _finish(self, update_id: int, deadline: float, *, alone: bool) -> None:
        """Mark the handled update done (retried alone: the handling itself is not repeated)."""
        loop = asyncio.get_running_loop()
        delay = 0.2
        while True:
            try:
                await self.journal.done(update_id, alone=alone)
                return
            except Exception as error:
                if not unavailable(error):
                    raise
                if loop.time() + delay > deadline:
                    log.warning("update %s handled but not marked done: it may be handled again", update_id)
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)


class PersonMiddleware(BaseMiddleware):
    """Puts `person` (None when the Telegram account is not bound) and `locale` into handler data.

    The person comes with the update's claim (one transaction: UpdateDedupeMiddleware); every use
    case opens its own short transaction, so no database lock is held across a Telegram call.
    """

    def __init__(self, people: PeopleService, default_locale: str) -> None:
        self.people = people
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if SENDER in data:  # loaded with the update's claim, in the same transaction
            person = data[SENDER]
        else:
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


def _payload(update: Update) -> str:
    return update.model_dump_json(exclude_none=True)


async def _taken_in(journal: UpdateJournal, update_id: int) -> bool:
    """After a failure: was the update taken in already (then its retry resumes it)? Unknown: no."""
    try:
        return await journal.resume(update_id)
    except Exception:
        return False


def lost_description(update: Update) -> Safe:
    """What a person sent, in a few words, for "… was not processed, please resend"."""
    message = update.message or update.edited_message
    if update.callback_query is not None:
        return t("lost.button")
    if message is None:
        return t("lost.other")
    if message.document is not None:
        return t("lost.file", name=message.document.file_name or "")
    if message.photo:
        return t("lost.photo")
    if message.location is not None:
        return t("lost.location")
    if message.text:
        return t("lost.text", text=echo(message.text, 40))
    return t("lost.other")


async def _ask_to_resend(update: Update, data: dict[str, Any]) -> None:
    bot: Bot | None = data.get("bot")
    message = update.message or update.edited_message
    query = update.callback_query
    user = query.from_user if query is not None else message.from_user if message is not None else None
    locale = language_from_code(user.language_code) if user is not None else None
    try:
        with use_locale(locale.value if locale is not None else None):
            text = t("error.resend", what=lost_description(update))
            if bot is None:
                return
            if query is not None:
                await bot.answer_callback_query(query.id, plain(text), show_alert=True)
            elif message is not None:
                await bot.send_message(message.chat.id, text)
    except Exception:  # Telegram unreachable too: the loss is logged already
        log.warning("could not ask for update %s to be resent", update.update_id, exc_info=True)
