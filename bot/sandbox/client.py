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

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sandbox.emulator import (
    BotApiEmulator,
    CallbackAnswer,
    ChatMessage,
    ChatRef,
    EmulatorError,
    FakeChat,
    FakeUser,
    MessageRef,
    StoredFile,
)

__all__ = [
    "Attachment",
    "BotMessage",
    "Button",
    "PressResult",
    "TelegramTester",
    "make_bot",
    "run_polling",
]


# --------------------------------------------------------------------------------------------- bot wiring


def make_bot(
    emulator: BotApiEmulator,
    *,
    token: str | None = None,
    parse_mode: str | None = "HTML",
    timeout: float = 10.0,
) -> Bot:
    """A real aiogram Bot that talks HTTP to ``emulator`` (HTML by default, as zsbot uses)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.api_url), timeout=timeout)
    return Bot(token or emulator.token, session=session, default=DefaultBotProperties(parse_mode=parse_mode))


@contextlib.asynccontextmanager
async def run_polling(
    dispatcher: Dispatcher,
    bot: Bot,
    emulator: BotApiEmulator | None = None,
    *,
    polling_timeout: int = 10,
    **kwargs: Any,
) -> AsyncIterator[asyncio.Task[None]]:
    """Run ``dispatcher.start_polling(bot)`` in a task; stop it cleanly on exit.

    With ``emulator`` given, waits until the first long poll arrives, so the bot is listening.
    The bot's session is left open (close it yourself, e.g. ``await bot.session.close()``).
    """
    task = asyncio.create_task(
        dispatcher.start_polling(
            bot, handle_signals=False, close_bot_session=False, polling_timeout=polling_timeout, **kwargs
        ),
        name="dispatcher-polling",
    )
    try:
        if emulator is not None:
            await _first_poll(emulator, task)
        yield task
    finally:
        await _stop_polling(dispatcher, task)


async def _first_poll(emulator: BotApiEmulator, task: asyncio.Task[None]) -> None:
    waiter = asyncio.create_task(emulator.wait_until_polling(timeout=10.0))
    done, _ = await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiter.cancel()
        task.result()
        raise RuntimeError("polling stopped before it started")
    waiter.result()


async def _stop_polling(dispatcher: Dispatcher, task: asyncio.Task[None]) -> None:
    if not task.done():
        with contextlib.suppress(RuntimeError):  # "Polling is not started" if it never got going
            await dispatcher.stop_polling()
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


# --------------------------------------------------------------------------------------------- snapshots


@dataclass(frozen=True, eq=False)
class Button:
    """An inline button as the user sees it.

    Iterates, and compares equal to a tuple, as ``(text, callback_data or url)``:
    ``msg.buttons == [[("确认", "ok"), ("取消", "cancel")]]``.
    """

    text: str
    callback_data: str | None = None
    url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def data(self) -> str | None:
        return self.callback_data if self.callback_data is not None else self.url

    def __iter__(self) -> Iterator[str | None]:
        return iter((self.text, self.data))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Button):
            return (self.text, self.callback_data, self.url) == (other.text, other.callback_data, other.url)
        if isinstance(other, tuple):
            return (self.text, self.data) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.text, self.callback_data, self.url))

    @classmethod
    def from_api(cls, button: dict[str, Any]) -> Button:
        return cls(str(button.get("text", "")), button.get("callback_data"), button.get("url"), dict(button))


@dataclass(frozen=True)
class Attachment:
    """A document or photo in a bot message; ``data`` are the file's bytes."""

    file_id: str
    data: bytes = field(repr=False)
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    @classmethod
    def from_stored(cls, stored: StoredFile) -> Attachment:
        return cls(
            stored.file_id, stored.data, stored.file_name, stored.mime_type, stored.width, stored.height
        )


@dataclass(frozen=True)
class BotMessage:
    """What the user sees of one bot message at one moment (a snapshot; see :meth:`refresh`).

    ``text`` is the plain text (or the caption of a photo/document); ``html`` the raw source as sent.
    """

    message_id: int
    chat_id: int
    text: str
    html: str | None
    buttons: list[list[Button]]
    keyboard: list[list[str]] | None
    document: Attachment | None
    photo: Attachment | None
    location: tuple[float, float] | None
    reply_to_message_id: int | None
    edited: bool
    deleted: bool
    source: ChatMessage = field(compare=False, repr=False)

    @classmethod
    def capture(cls, message: ChatMessage) -> BotMessage:
        location = message.location
        return cls(
            message_id=message.message_id,
            chat_id=message.chat_id,
            text=message.body or "",
            html=message.html,
            buttons=[[Button.from_api(b) for b in row] for row in message.inline_keyboard],
            keyboard=_reply_keyboard(message.reply_markup),
            document=Attachment.from_stored(message.document) if message.document else None,
            photo=Attachment.from_stored(message.photo) if message.photo else None,
            location=(location["latitude"], location["longitude"]) if location else None,
            reply_to_message_id=message.reply_to_message_id,
            edited=message.edited,
            deleted=message.deleted,
            source=message,
        )

    def refresh(self) -> BotMessage:
        """The same message as it is now (after edits/deletion)."""
        return BotMessage.capture(self.source)

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def button(self, text: str) -> Button | None:
        """The button whose text is ``text``, else the one containing it; None if none; error if ambiguous."""
        flat = [button for row in self.buttons for button in row]
        exact = [button for button in flat if button.text == text]
        matches = exact or [button for button in flat if text in button.text]
        if len(matches) > 1:
            raise EmulatorError(f"{text!r} matches several buttons: {[b.text for b in matches]}")
        return matches[0] if matches else None

    def __str__(self) -> str:
        return self.text


def _reply_keyboard(markup: dict[str, Any] | None) -> list[list[str]] | None:
    if not markup or "keyboard" not in markup:
        return None
    return [
        [button["text"] if isinstance(button, dict) else str(button) for button in row]
        for row in markup["keyboard"]
    ]


@dataclass(frozen=True)
class PressResult:
    """What the user sees after pressing a button.

    ``answer``: the callback answer (toast/alert), None if the bot never answered (spinner keeps going).
    ``message``: the pressed message after its edit, else the first new bot message, else None.
    """

    answer: CallbackAnswer | None
    message: BotMessage | None
    edited: bool
    new_messages: tuple[BotMessage, ...] = ()

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def text(self) -> str | None:
        return self.message.text if self.message else None


# --------------------------------------------------------------------------------------------- tester


class TelegramTester:
    """Acts as fake users against a :class:`BotApiEmulator` and returns what the bot shows them.

    A per-chat read cursor makes :meth:`next_message` hand out bot messages in order, each once.
    ``settle``: after a press, how long to wait for the second half of "answer + edit/new message".
    """

    def __init__(self, emulator: BotApiEmulator, *, timeout: float = 5.0, settle: float = 0.3) -> None:
        self.emu = emulator
        self.timeout = timeout
        self.settle = settle
        self._cursor: dict[int, int] = {}

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
        """Send ``text`` as ``user``; return the bot's first message after it in that chat."""
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

        def visible() -> bool:
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
        await self._settle(lambda: query.answered and visible())
        return self._press_result(query.answer, source, baseline_version, baseline_id)

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

    def messages(self, who: FakeUser | FakeChat | int) -> list[BotMessage]:
        """Every bot message in the chat so far (deleted ones included, marked)."""
        return [BotMessage.capture(message) for message in self.emu.bot_messages(who)]

    def last_message(self, who: FakeUser | FakeChat | int) -> BotMessage | None:
        messages = self.emu.bot_messages(who)
        return BotMessage.capture(messages[-1]) if messages else None

    def skip_to_end(self, who: FakeUser | FakeChat | int) -> None:
        """Mark every bot message so far as read."""
        chat = self.emu.chat(who)
        self._cursor[chat.id] = self.emu.last_message_id(chat)

    # ----------------------------------------------------------------------------------- internals

    def _timeout(self, timeout: float | None) -> float:
        return self.timeout if timeout is None else timeout

    async def _reply_to(self, sent: ChatMessage, wait: float | None) -> BotMessage:
        if sent.update_id is None:
            raise EmulatorError(
                f"the bot never sees message {sent.message_id} in {sent.chat.display_name} "
                "(group privacy mode: only commands and replies to the bot reach it)"
            )
        reply = await self.emu.wait_bot_message(
            sent.chat, after_message_id=sent.message_id, timeout=self._timeout(wait)
        )
        self._cursor[sent.chat_id] = max(self._cursor.get(sent.chat_id, 0), reply.message_id)
        return BotMessage.capture(reply)

    def _bot_messages_after(self, chat_id: int, message_id: int) -> list[ChatMessage]:
        return [m for m in self.emu.bot_messages(chat_id) if m.message_id > message_id]

    async def _settle(self, complete: Any) -> None:
        with contextlib.suppress(TimeoutError):
            await self.emu.wait_for(
                lambda: True if complete() else None, timeout=self.settle, describe=lambda: "settle"
            )

    def _press_result(
        self, answer: CallbackAnswer | None, source: ChatMessage, version: int, baseline_id: int
    ) -> PressResult:
        new = [BotMessage.capture(m) for m in self._bot_messages_after(source.chat_id, baseline_id)]
        if new:
            self._cursor[source.chat_id] = max(self._cursor.get(source.chat_id, 0), new[-1].message_id)
        edited = source.version > version
        shown = BotMessage.capture(source) if edited else (new[0] if new else None)
        return PressResult(answer=answer, message=shown, edited=edited, new_messages=tuple(new))


def _message_ref(ref: MessageRef | BotMessage | None) -> MessageRef | None:
    return ref.source if isinstance(ref, BotMessage) else ref
