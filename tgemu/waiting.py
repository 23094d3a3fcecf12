"""Waiting for the bot: its next message, an edit, a callback answer, the answer to an update."""

from __future__ import annotations

import logging

from tgemu.core import EmulatorCore
from tgemu.model import (
    Answer,
    CallbackAnswer,
    ChatMessage,
    ChatRef,
    FakeChat,
    describe_media,
)

log = logging.getLogger(__name__)


class Waiting(EmulatorCore):
    """Await what the bot does (re-checked on every change; no sleeping)."""

    async def wait_bot_message(
        self,
        chat: ChatRef,
        *,
        after_message_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> ChatMessage:
        """The first message the bot sends in ``chat`` after ``after_message_id`` (default: from now on)."""
        target = self.chat(chat)
        after = self.last_message_id(target) if after_message_id is None else after_message_id

        def probe() -> ChatMessage | None:
            messages = self._transcripts[target.id]
            return next((m for m in messages if m.from_bot and m.message_id > after), None)

        def describe() -> str:
            label = self._chat_label(target)
            recent = self._recent(target)
            return f"the bot sent nothing in {label} after message {after} within {timeout}s{recent}"

        return await self.wait_for(probe, timeout=timeout, describe=describe)

    async def wait_answer(
        self,
        update_id: int,
        *,
        new_only: bool = False,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Answer:
        """The bot's first message (or edit, unless ``new_only``) made while handling ``update_id``.

        Needs a bot that names the update it handles in the ``X-Update-Id`` header of its requests.
        """

        def probe() -> Answer | None:
            answers = self._answers.get(update_id, [])
            return next((a for a in answers if not (new_only and a.edit)), None)

        return await self.wait_for(
            probe,
            timeout=timeout,
            describe=lambda: f"the bot did not answer update {update_id} within {timeout}s",
        )

    async def wait_new_answers(
        self,
        update_id: int,
        *,
        count: int = 1,
        after: ChatMessage | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[ChatMessage]:
        """The first ``count`` messages the bot sent (not edited) while handling ``update_id``, in order.

        With ``after``, only the messages after it in its chat count: the next parts of a long answer.
        """

        def sent() -> list[ChatMessage]:
            messages = [a.message for a in self._answers.get(update_id, []) if not a.edit]
            if after is None:
                return messages
            return [m for m in messages if m.chat_id == after.chat_id and m.message_id > after.message_id]

        def probe() -> list[ChatMessage] | None:
            messages = sent()
            return messages[:count] if len(messages) >= count else None

        def describe() -> str:
            where = "" if after is None else f" after message {after.message_id}"
            return f"the bot sent {len(sent())} of {count} answers to update {update_id}{where} within {timeout}s"

        return await self.wait_for(probe, timeout=timeout, describe=describe)

    async def wait_notification(
        self,
        chat: ChatRef,
        *,
        after_message_id: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> ChatMessage:
        """The first bot message in ``chat`` after ``after_message_id`` that answers no update."""
        target = self.chat(chat)

        def probe() -> ChatMessage | None:
            messages = self._transcripts[target.id]
            return next((m for m in messages if self.is_notification(m, after_message_id)), None)

        def describe() -> str:
            label = self._chat_label(target)
            return f"no notification in {label} after message {after_message_id} within {timeout}s" + (
                self._recent(target)
            )

        return await self.wait_for(probe, timeout=timeout, describe=describe)

    async def wait_handled(self, update_id: int, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until the bot has finished handling ``update_id``.

        Needs a bot run by :func:`tgemu.wiring.run_polling` with this emulator, which reports it.
        """
        await self.wait_for(
            lambda: True if update_id in self._handled else None,
            timeout=timeout,
            describe=lambda: f"the bot did not finish handling update {update_id} within {timeout}s",
        )

    async def wait_callback_answer(
        self,
        callback_query_id: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> CallbackAnswer:
        return await self.wait_for(
            lambda: self.callback_answers.get(callback_query_id),
            timeout=timeout,
            describe=lambda: f"callback query {callback_query_id} was not answered within {timeout}s",
        )

    async def wait_until_polling(self, *, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until a getUpdates long poll is waiting (the bot is ready for updates)."""
        await self.wait_for(
            lambda: True if self._active_polls > 0 else None,
            timeout=timeout,
            describe=lambda: f"no getUpdates long poll arrived within {timeout}s",
        )

    @staticmethod
    def is_notification(message: ChatMessage, after_message_id: int = 0) -> bool:
        """A bot message that answers no update (sent on the bot's own account), after ``after_message_id``."""
        return message.from_bot and message.caused_by is None and message.message_id > after_message_id

    def _chat_label(self, chat: FakeChat) -> str:
        return f"chat {chat.id} ({chat.display_name})"

    def _recent(self, chat: FakeChat, count: int = 6) -> str:
        lines = []
        for message in self._transcripts[chat.id][-count:]:
            who = "bot" if message.from_bot else (message.sender.full_name if message.sender else "?")
            flags = " [edited]" * message.edited + " [deleted]" * message.deleted
            body = (message.body or describe_media(message))[:100]
            lines.append(f"  #{message.message_id} {who}: {body!r}{flags}")
        return "; last messages:\n" + "\n".join(lines) if lines else "; the chat is empty"
