"""The emulator's state and shared primitives (storage, update queue, waiting on changes)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import ssl
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from pathlib import PurePosixPath
from typing import Any, TypeVar

from aiohttp import web

from tgemu.constants import DEFAULT_TOKEN, DEFAULT_UPDATE_TYPES, TOKEN_RE
from tgemu.errors import EmulatorError
from tgemu.faults import Faults, Stats
from tgemu.model import (
    Answer,
    CallbackAnswer,
    CallbackQuery,
    ChatMessage,
    ChatRef,
    FakeChat,
    FakeUser,
    StoredFile,
    UserRef,
    WebhookConfig,
    WebhookDelivery,
)
from tgemu.params import Params
from tgemu.ratelimit import RateLimiter

log = logging.getLogger(__name__)

T = TypeVar("T")

caused_by: ContextVar[int | None] = ContextVar("tgemu_caused_by", default=None)
"""The update whose handling made the Bot API request being served (the bot's ``X-Update-Id`` header)."""


class _Signal:
    """Wake every waiter at once; waiters re-check their condition (no polling with sleep)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), max(seconds, 0))
        except TimeoutError:
            return False
        return True


def scope_key(scope: Any) -> str:
    """Canonical key of a BotCommandScope (dict, JSON, aiogram object or just its type name)."""
    if scope is None:
        scope = {"type": "default"}
    elif isinstance(scope, str):
        scope = json.loads(scope) if scope.startswith("{") else {"type": scope}
    elif hasattr(scope, "model_dump"):
        scope = scope.model_dump(exclude_none=True)
    normalized = {key: int(value) if key in ("chat_id", "user_id") else value for key, value in scope.items()}
    return json.dumps(normalized, sort_keys=True)


class EmulatorCore:
    """The emulator's state and the primitives every part uses: chats, storage, updates, waiting."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "tgemu_bot",
        first_name: str = "tgemu",
        faults: Faults | None = None,
        group_privacy: bool = True,
        clock: Callable[[], float] = time.time,
        callback_query_timeout: float = 15.0,
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 10.0,
        first_update_id: int = 1,
    ) -> None:
        if TOKEN_RE.fullmatch(token) is None:
            raise ValueError(f"not a Telegram bot token: {token!r}")
        self.token = token
        self.username = username
        self.first_name = first_name
        self.faults = faults or Faults()
        self.stats = Stats()
        self.group_privacy = group_privacy
        self.callback_query_timeout = callback_query_timeout
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.webhook_ssl: ssl.SSLContext | None = None
        """Trust for an https webhook (e.g. a reverse proxy's own CA); None: the system's."""
        self._clock = clock
        self._limiter = RateLimiter()
        self._answers: dict[int, list[Answer]] = {}
        self._handled: set[int] = set()

        self.users: dict[int, FakeUser] = {}
        self.chats: dict[int, FakeChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.bot_profile: dict[tuple[str, str], str] = {}
        self.webhook: WebhookConfig | None = None
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.updates_log: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []

        self._transcripts: dict[int, list[ChatMessage]] = {}
        self._next_message_id: dict[int, int] = {}
        self._file_paths: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._pending: list[dict[str, Any]] = []
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._ids = itertools.count(1)
        self._next_update_id = first_update_id  # Telegram's ids only grow: a new emulator for a bot
        # that journaled ids before (a restart) starts past them
        self._next_user_id = 1001
        self._next_group_number = 1
        self._poll_generation = 0
        self._active_polls = 0
        self._updates_signal = _Signal()
        self._changes = _Signal()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self.api_url = ""
        self._methods = self._method_table()

    # ----------------------------------------------------------------------------------- lifecycle

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    # ----------------------------------------------------------------------------------- users, chats

    def _add_chat(self, chat: FakeChat) -> FakeChat:
        self.chats[chat.id] = chat
        self._transcripts[chat.id] = []
        self._next_message_id[chat.id] = 1
        self._emit("chat", chat.id, chat=chat.to_json())
        return chat

    def user(self, ref: UserRef) -> FakeUser:
        user_id = ref.id if isinstance(ref, FakeUser) else int(ref)
        if user_id not in self.users:
            raise EmulatorError(f"no such user: {user_id}")
        return self.users[user_id]

    def chat(self, ref: ChatRef) -> FakeChat:
        chat_id = ref.id if isinstance(ref, FakeChat | FakeUser) else int(ref)
        if chat_id not in self.chats:
            raise EmulatorError(f"no such chat: {chat_id}")
        return self.chats[chat_id]

    # ----------------------------------------------------------------------------------- transcript

    def transcript(self, chat: ChatRef | None = None) -> list[ChatMessage]:
        """Every message of a chat (or of all chats) in order, both directions, deleted ones included."""
        if chat is not None:
            return list(self._transcripts[self.chat(chat).id])
        everything = [message for messages in self._transcripts.values() for message in messages]
        return sorted(everything, key=lambda message: message.seq)

    def bot_messages(self, chat: ChatRef) -> list[ChatMessage]:
        return [message for message in self.transcript(chat) if message.from_bot]

    def find_message(self, chat_id: int, message_id: int) -> ChatMessage | None:
        for message in self._transcripts.get(chat_id, []):
            if message.message_id == message_id:
                return message
        return None

    def last_message_id(self, chat: ChatRef) -> int:
        return self._next_message_id[self.chat(chat).id] - 1

    def commands(self, scope: Any = None, language_code: str | None = None) -> list[dict[str, str]]:
        """Commands set by setMyCommands for exactly this scope and language (as Telegram stores them)."""
        return list(self._commands.get((scope_key(scope), language_code or ""), []))

    # ----------------------------------------------------------------------------------- waiting

    async def wait_for(
        self,
        probe: Callable[[], T | None],
        *,
        timeout: float,  # noqa: ASYNC109 - a deadline for a condition, not for one awaitable
        describe: Callable[[], str],
    ) -> T:
        """Wait until ``probe()`` returns something other than None (re-checked on every change)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = probe()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing.is_set():
                raise TimeoutError(describe())
            await self._changes.wait(remaining)

    # ----------------------------------------------------------------------------------- storage

    def _store(self, chat: FakeChat, sender: FakeUser | None, **fields: Any) -> ChatMessage:
        message_id = self._next_message_id[chat.id]
        self._next_message_id[chat.id] = message_id + 1
        message = ChatMessage(message_id, chat, sender, int(self._clock()), next(self._ids), **fields)
        self._transcripts[chat.id].append(message)
        if sender is None:
            message.caused_by = caused_by.get()
            self._record_answer(message)
        if sender is None and message.reply_markup:
            if "keyboard" in message.reply_markup:
                chat.reply_keyboard = message.reply_markup
            elif message.reply_markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        self._emit("message", chat.id, message=message.to_json())
        return message

    def _apply_edit(self, message: ChatMessage, **changes: Any) -> None:
        message.history.append(message.snapshot())
        for key, value in changes.items():
            setattr(message, key, value)
        message.edit_date = int(self._clock())
        self._record_answer(message)
        self._emit("edit", message.chat_id, message=message.to_json())

    def _record_answer(self, message: ChatMessage) -> None:
        update_id = caused_by.get()
        if update_id is not None:
            self._answers.setdefault(update_id, []).append(Answer(message, message.version))

    def answers_to(self, update_id: int) -> list[Answer]:
        """What the bot sent or edited while handling update ``update_id``, in order."""
        return list(self._answers.get(update_id, []))

    def mark_handled(self, update_id: int) -> None:
        """The bot has finished handling update ``update_id`` (told by :func:`tgemu.wiring.run_polling`)."""
        self._handled.add(update_id)
        self._changes.notify()

    def is_handled(self, update_id: int) -> bool:
        """Whether the bot has reported update ``update_id`` handled (see :meth:`mark_handled`)."""
        return update_id in self._handled

    def _emit(self, kind: str, chat_id: int | None, **data: Any) -> None:
        self.events.append({"seq": len(self.events) + 1, "kind": kind, "chat_id": chat_id, **data})
        self._changes.notify()

    def _new_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int = 0,
        height: int = 0,
    ) -> StoredFile:
        number = next(self._ids)
        prefix = "AgACAgIAAxkBAAI" if kind == "photo" else "BQACAgIAAxkBAAI"
        suffix = PurePosixPath(file_name or "").suffix or (".jpg" if kind == "photo" else "")
        stored = StoredFile(
            file_id=f"{prefix}{number:08d}",
            file_unique_id=f"AQAD{number:08d}",
            kind=kind,
            data=data,
            file_path=f"{'photos' if kind == 'photo' else 'documents'}/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[stored.file_id] = stored
        self.files[stored.thumbnail_id] = stored
        self._file_paths[stored.file_path] = stored
        return stored

    def _file(self, file_id: str) -> StoredFile:
        if file_id not in self.files:
            raise EmulatorError(f"no such file: {file_id}")
        return self.files[file_id]

    # ----------------------------------------------------------------------------------- updates

    def _push_update(self, kind: str, payload: dict[str, Any]) -> int | None:
        allowed = self.webhook.allowed_updates if self.webhook and self.webhook.allowed_updates else None
        if kind not in (allowed or self._allowed_updates):
            return None
        update_id = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": update_id, kind: payload}
        self._pending.append(update)
        self.updates_log.append(update)
        self._updates_signal.notify()
        return update_id

    def _confirm_updates(self, offset: int) -> None:
        if offset > 0:
            self._pending = [update for update in self._pending if update["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates / accepted by the webhook."""
        return list(self._pending)

    # ----------------------------------------------------------------------------------- HTTP

    async def _sleep_unless_closing(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # ----------------------------------------------------------------------------------- composition

    def _method_table(self) -> dict[str, Callable[[Params], Awaitable[Any]]]:
        """Bot API methods by lower-case name (the composed emulator lists its method families)."""
        return {}

    def _control_routes(self) -> list[web.RouteDef]:
        return []
