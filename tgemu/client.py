"""A friendly facade for end-to-end tests: act as a user, read what the bot shows.

::

    async with BotApiEmulator() as emu:
        bot = make_bot(emu)
        async with run_polling(dispatcher, bot, emu):
            tg = TelegramTester(emu)
            alice = emu.add_user("Alice")
            menu = await tg.say(alice, "/start")
            assert "欢迎" in menu.text and menu.button("日报")
            result = await tg.press(alice, menu, "日报")
            assert result.answered and "日期" in result.message.text
"""

from __future__ import annotations

import contextlib
from typing import Any

from tgemu.emulator import (
    Answer,
    BotApiEmulator,
    CallbackAnswer,
    ChatMessage,
    ChatRef,
    EmulatorError,
    FakeChat,
    FakeUser,
    MessageRef,
)
from tgemu.snapshots import Attachment, BotMessage, Button, PressResult

__all__ = [
    "Attachment",
    "BotMessage",
    "Button",
    "PressResult",
    "TelegramTester",
]

AnswerTo = int | ChatMessage | BotMessage | PressResult
"""What names an update: its id, the user's message, a press, or a bot message answering it."""


# --------------------------------------------------------------------------------------------- tester


class TelegramTester:
    """Acts as fake users against a :class:`BotApiEmulator` and returns what the bot shows them.

    A per-chat read cursor makes :meth:`next_message` hand out bot messages in order, each once.
    ``settle``: after a press, how long at most to wait for the second half of "answer + edit/new
    message" — not at all once the press is answered and the bot reports the update handled
    (:func:`tgemu.wiring.run_polling`): a press answered with nothing to show needs no timer.

    ``match_update``: the bot names the update it handles (``X-Update-Id``), so :meth:`say`,
    :meth:`upload`, :meth:`press`... return the bot's answer to THAT update, never a notification
    that happened to arrive first. Without it they return the bot's first message after the user's.
    """

    def __init__(
        self,
        emulator: BotApiEmulator,
        *,
        timeout: float = 5.0,
        settle: float = 0.3,
        match_update: bool = False,
    ) -> None:
        self.emu = emulator
        self.timeout = timeout
        self.settle = settle
        self.match_update = match_update
        self._cursor: dict[int, int] = {}
        self._notice_cursor: dict[int, int] = {}

    # ----------------------------------------------------------------------------------- acting

    async def say(
        self,
        user: FakeUser,
        text: str,
        *,
        chat: ChatRef | None = None,
        reply_to: MessageRef | BotMessage | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """Send ``text`` as ``user``; return the bot's answer to that update (``match_update``).

        Without ``match_update``: the bot's first message after it in that chat.
        """
        sent = self.emu.send_text(user, text, chat=chat, reply_to=_message_ref(reply_to))
        return await self._reply_to(sent, timeout)

    async def upload(
        self,
        user: FakeUser,
        data: bytes,
        file_name: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """Send a document as ``user``; return the bot's reply."""
        sent = self.emu.send_document(user, data, file_name, mime_type=mime_type, caption=caption, chat=chat)
        return await self._reply_to(sent, timeout)

    async def send_photo(
        self,
        user: FakeUser,
        data: bytes,
        *,
        caption: str | None = None,
        chat: ChatRef | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        sent = self.emu.send_photo(user, data, caption=caption, chat=chat)
        return await self._reply_to(sent, timeout)

    async def share_location(
        self,
        user: FakeUser,
        latitude: float,
        longitude: float,
        *,
        chat: ChatRef | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        sent = self.emu.send_location(user, latitude, longitude, chat=chat)
        return await self._reply_to(sent, timeout)

    async def press(
        self,
        user: FakeUser,
        message: BotMessage | ChatMessage,
        button_text: str,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> PressResult:
        """Press the inline button whose text is (or contains) ``button_text``; see :class:`PressResult`."""
        source = message.source if isinstance(message, BotMessage) else message
        button = BotMessage.capture(source).button(button_text)
        if button is None:
            texts = BotMessage.capture(source).button_texts
            raise EmulatorError(f"no button {button_text!r} on message {source.message_id}; buttons: {texts}")
        baseline_id = self.emu.last_message_id(source.chat_id)
        baseline_version = source.version
        query = self.emu.press(user, source, button.text)
        update_id = query.update_id if self.match_update else None

        def visible() -> bool:
            if update_id is not None:
                return bool(self.emu.answers_to(update_id))
            return source.version > baseline_version or bool(
                self._bot_messages_after(source.chat_id, baseline_id)
            )

        await self.emu.wait_for(
            lambda: True if query.answered or visible() else None,
            timeout=self._timeout(timeout),
            describe=lambda: (
                f"the bot did not react to pressing {button.text!r} within {self._timeout(timeout)}s"
            ),
        )
        # handled and answered: all it does in answer is here (a method a handler returns, often the
        # answer, is called after the update is reported handled; the answer is then the last step)
        await self._settle(
            lambda: (
                query.answered
                and (visible() or (query.update_id is not None and self.emu.is_handled(query.update_id)))
            )
        )
        if update_id is not None:
            answers = self.emu.answers_to(update_id)
            for answer in answers:
                self._advance(answer.message)
            return _answer_result(query.answer, source, answers, update_id)
        return self._press_result(query.answer, source, baseline_version, baseline_id, query.update_id)

    # ----------------------------------------------------------------------------------- reading

    async def next_message(
        self,
        who: FakeUser | FakeChat | int,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """The next bot message in the chat that this tester has not handed out yet."""
        chat = self.emu.chat(who)
        message = await self.emu.wait_bot_message(
            chat, after_message_id=self._cursor.get(chat.id, 0), timeout=self._timeout(timeout)
        )
        self._cursor[chat.id] = message.message_id
        return BotMessage.capture(message)

    async def no_message(self, who: FakeUser | FakeChat | int, *, within: float = 0.5) -> None:
        """Assert that no bot message the tester has not handed out yet arrives within ``within`` s."""
        chat = self.emu.chat(who)
        after = self._cursor.get(chat.id, 0)
        with contextlib.suppress(TimeoutError):
            message = await self.emu.wait_bot_message(chat, after_message_id=after, timeout=within)
            raise AssertionError(f"unexpected bot message #{message.message_id}: {message.body!r}")

    async def answer_to(
        self,
        sent: ChatMessage | int,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """The bot's first message or edit made while handling ``sent`` (a user's message or an update id)."""
        update_id = sent if isinstance(sent, int) else sent.update_id
        if update_id is None:
            raise EmulatorError("the bot never saw that message, so it has no answer to it")
        answer = await self.emu.wait_answer(update_id, timeout=self._timeout(timeout))
        self._advance(answer.message)
        return BotMessage.capture(answer.message, update_id)

    async def answers(
        self,
        to: AnswerTo,
        count: int,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        """The first ``count`` messages the bot sent while handling one update, in order (waits for them).

        ``to`` names the update: its id, the user's message, a button press, or any bot message that
        answers it. Notifications arriving in between are not answers, so they never get in the way.
        """
        update_id = _update_of(to)
        messages = await self.emu.wait_new_answers(update_id, count=count, timeout=self._timeout(timeout))
        for message in messages:
            self._advance(message)
        return [BotMessage.capture(message) for message in messages]

    async def next_answer(
        self,
        previous: BotMessage,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """The bot's next message in the chat answering the same update as ``previous``.

        The next part of a long answer (a report header, then its first question; a chart, then the text).
        """
        [message] = await self.emu.wait_new_answers(
            _update_of(previous), after=previous.source, timeout=self._timeout(timeout)
        )
        self._advance(message)
        return BotMessage.capture(message)

    async def next_notification(
        self,
        who: FakeUser | FakeChat | int,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """The next bot message in the chat that answers no update (a notification), each once."""
        chat = self.emu.chat(who)
        after = self._notice_cursor.get(chat.id, 0)
        message = await self.emu.wait_notification(
            chat, after_message_id=after, timeout=self._timeout(timeout)
        )
        self._notice_cursor[chat.id] = message.message_id
        return BotMessage.capture(message)

    def unread_notifications(self, who: FakeUser | FakeChat | int) -> list[BotMessage]:
        """Notifications in the chat that :meth:`next_notification` has not handed out yet (no waiting).

        Pair it with a positive anchor ("everything due has been sent") to assert "nothing else came".
        """
        chat = self.emu.chat(who)
        after = self._notice_cursor.get(chat.id, 0)
        return [
            BotMessage.capture(m) for m in self.emu.bot_messages(chat) if self.emu.is_notification(m, after)
        ]

    async def quiet(
        self,
        user: FakeUser,
        anchor: str,
        *,
        chat: ChatRef | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> BotMessage:
        """Assert "the bot sent nothing new here" with a positive anchor instead of a sleep.

        ``user`` sends ``anchor`` (say "/help"); once the bot has answered it, no bot message that
        this tester has not handed out yet may be in the chat besides that answer. Returns the answer.
        It proves silence only for ``user``'s earlier updates (the bot handles one user's updates in
        order); for another user's update, use :meth:`unanswered` first.
        """
        target = self.emu.chat(user if chat is None else chat)
        after = self._cursor.get(target.id, 0)
        noticed = self._notice_cursor.get(target.id, 0)
        sent = self.emu.send_text(user, anchor, chat=chat)
        if sent.update_id is None:
            raise EmulatorError(f"the bot never sees {anchor!r} in {target.display_name}")
        answer = await self.emu.wait_answer(sent.update_id, new_only=True, timeout=self._timeout(timeout))
        others = [
            m
            for m in self.emu.bot_messages(target)
            if m.message_id > after
            and m.caused_by != sent.update_id
            and not (self.emu.is_notification(m) and m.message_id <= noticed)  # handed out already
        ]
        if others:
            raise AssertionError(f"unexpected bot message #{others[0].message_id}: {others[0].body!r}")
        self._advance(answer.message)
        return BotMessage.capture(answer.message)

    async def unanswered(
        self,
        sent: ChatMessage,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> None:
        """Assert the bot handled the user's message ``sent`` and sent or edited nothing for it.

        Waits until the bot reports the update done (:func:`tgemu.wiring.report_handled`, which
        :func:`tgemu.wiring.run_polling` installs), so a late reply cannot slip past; no sleeping.
        Needs a bot that names the update it handles (``X-Update-Id``), like ``match_update``.
        """
        if sent.update_id is None:
            raise EmulatorError("the bot never saw that message (group privacy mode?)")
        await self.emu.wait_handled(sent.update_id, timeout=self._timeout(timeout))
        answers = self.emu.answers_to(sent.update_id)
        if answers:
            raise AssertionError(
                f"the bot answered update {sent.update_id}: #{answers[0].message.message_id} "
                f"{answers[0].message.body!r}"
            )

    def messages(self, who: FakeUser | FakeChat | int) -> list[BotMessage]:
        """Every bot message in the chat so far (deleted ones included, marked)."""
        return [BotMessage.capture(message) for message in self.emu.bot_messages(who)]

    # ----------------------------------------------------------------------------------- internals

    def _timeout(self, timeout: float | None) -> float:
        return self.timeout if timeout is None else timeout

    async def _reply_to(self, sent: ChatMessage, wait: float | None) -> BotMessage:
        if sent.update_id is None:
            raise EmulatorError(
                f"the bot never sees message {sent.message_id} in {sent.chat.display_name} "
                "(group privacy mode: only commands and replies to the bot reach it)"
            )
        if self.match_update:
            answer = await self.emu.wait_answer(sent.update_id, new_only=True, timeout=self._timeout(wait))
            reply = answer.message
        else:
            reply = await self.emu.wait_bot_message(
                sent.chat, after_message_id=sent.message_id, timeout=self._timeout(wait)
            )
        self._advance(reply)
        return BotMessage.capture(reply)

    def _advance(self, message: ChatMessage) -> None:
        self._cursor[message.chat_id] = max(self._cursor.get(message.chat_id, 0), message.message_id)

    def _bot_messages_after(self, chat_id: int, message_id: int) -> list[ChatMessage]:
        return [m for m in self.emu.bot_messages(chat_id) if m.message_id > message_id]

    async def _settle(self, complete: Any) -> None:
        with contextlib.suppress(TimeoutError):
            await self.emu.wait_for(
                lambda: True if complete() else None, timeout=self.settle, describe=lambda: "settle"
            )

    def _press_result(
        self,
        answer: CallbackAnswer | None,
        source: ChatMessage,
        version: int,
        baseline_id: int,
        update_id: int | None,
    ) -> PressResult:
        new = [BotMessage.capture(m) for m in self._bot_messages_after(source.chat_id, baseline_id)]
        if new:
            self._cursor[source.chat_id] = max(self._cursor.get(source.chat_id, 0), new[-1].message_id)
        edited = source.version > version
        shown = BotMessage.capture(source) if edited else (new[0] if new else None)
        return PressResult(answer, shown, edited, tuple(new), update_id)


def _answer_result(
    answer: CallbackAnswer | None, source: ChatMessage, answers: list[Answer], update_id: int
) -> PressResult:
    new = tuple(BotMessage.capture(a.message) for a in answers if not a.edit)
    edited = any(a.edit and a.message is source for a in answers)
    shown = BotMessage.capture(source, update_id) if edited else (new[0] if new else None)
    return PressResult(answer, shown, edited, new, update_id)


def _update_of(to: AnswerTo) -> int:
    if isinstance(to, int):
        return to
    if isinstance(to, ChatMessage):
        update_id = to.caused_by if to.from_bot else to.update_id
    else:
        update_id = to.update_id
    if update_id is None:
        raise EmulatorError(f"that {type(to).__name__} answers no update the bot named (a notification?)")
    return update_id


def _message_ref(ref: MessageRef | BotMessage | None) -> MessageRef | None:
    return ref.source if isinstance(ref, BotMessage) else ref
