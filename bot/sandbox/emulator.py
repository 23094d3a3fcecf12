"""A local Telegram Bot API server: the real aiogram ``Bot`` talks HTTP to it in tests and in the sandbox.

::

    async with BotApiEmulator() as emu:
        bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.api_url)))
        alice = emu.add_user("Alice")
        emu.send_text(alice, "/start")           # an update the bot receives by getUpdates or webhook
        reply = await emu.wait_bot_message(alice)

It answers like Telegram where it matters (error codes and descriptions, HTML parsing, limits,
edits, callback queries, files, webhooks, long polling), keeps a transcript of every chat, and lets
tests inject faults (:mod:`bot.sandbox.faults`). ``/_control/...`` mirrors the Python API over JSON
for the browser web chat.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import logging
import mimetypes
import re
import struct
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any, Protocol, TypeVar

from aiohttp import ClientError, ClientResponse, ClientSession, ClientTimeout, MultipartReader, web
from aiohttp.multipart import BodyPartReader

from bot.sandbox.faults import Faults, RateLimiter, Stats
from bot.sandbox.html_check import HtmlParseError, ParsedText, parse_html, strip_text

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotApiEmulator",
    "ButtonNotFoundError",
    "CallbackAnswer",
    "CallbackQuery",
    "ChatMessage",
    "EmulatorError",
    "FakeChat",
    "FakeUser",
    "MessageVersion",
    "StoredFile",
    "WebhookConfig",
    "WebhookDelivery",
    "make_png",
]

log = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:AAHsandboxEmulatorTokenForTests_000"
TOKEN_RE = re.compile(r"(\d{1,20}):[A-Za-z0-9_-]{35}")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
SERVER_ERROR_DESCRIPTIONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
FAULTABLE_METHODS = frozenset(
    name.lower()
    for name in (
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    )
)
ALL_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
        "chat_member",
        "message_reaction",
        "message_reaction_count",
        "inline_query",
        "chosen_inline_result",
        "chat_join_request",
    }
)
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}
INLINE_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
COMMAND_RE = re.compile(r"/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,32}))?(?![\w/<>])")
BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
EXTRA_MIME_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

T = TypeVar("T")


# --------------------------------------------------------------------------------------------- errors


class ApiError(Exception):
    """An error answered to the bot exactly as Telegram would: status code + description."""

    def __init__(self, status: int, description: str, parameters: Mapping[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters or {})

    @classmethod
    def bad_request(cls, text: str) -> ApiError:
        return cls(400, f"Bad Request: {text}")

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class EmulatorError(Exception):
    """A test used the emulator's Python API wrongly (unknown user, missing button, ...)."""


class ButtonNotFoundError(EmulatorError, LookupError):
    """The inline button to press is not on the message (or more than one matches)."""


# --------------------------------------------------------------------------------------------- model


@dataclass(eq=False)
class FakeUser:
    """A Telegram user the tests control. ``started`` = has pressed Start (the bot may write to them)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "zh"
    started: bool = True
    blocked_bot: bool = False

    @property
    def chat_id(self) -> int:
        return self.id

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def to_json(self) -> dict[str, Any]:
        return {**self.to_api(), "started": self.started, "blocked_bot": self.blocked_bot}


@dataclass(eq=False)
class FakeChat:
    """A private chat (``user`` set, id == user id) or a group/supergroup (negative id)."""

    id: int
    type: str
    title: str | None = None
    user: FakeUser | None = None
    bot_is_member: bool = True
    reply_keyboard: dict[str, Any] | None = None
    pinned_message_id: int | None = None

    @property
    def is_private(self) -> bool:
        return self.type == "private"

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user else (self.title or str(self.id))

    def to_api(self) -> dict[str, Any]:
        if self.user is not None:
            user = self.user.to_api()
            user.pop("is_bot")
            user.pop("language_code", None)
            return {**user, "type": "private"}
        return {"id": self.id, "type": self.type, "title": self.title}

    def to_json(self) -> dict[str, Any]:
        return {
            **self.to_api(),
            "display_name": self.display_name,
            "bot_is_member": self.bot_is_member,
            "reply_keyboard": self.reply_keyboard,
        }


@dataclass(eq=False)
class StoredFile:
    """A file the emulator keeps in memory: uploaded by the bot or sent by a fake user."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def thumbnail_id(self) -> str:
        return f"{self.file_id}_s"

    def document_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        data["file_size"] = self.size
        return data

    def photo_api(self) -> list[dict[str, Any]]:
        """PhotoSize array, smallest first; the thumbnail is the same bytes under another id."""
        full = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "width": self.width,
            "height": self.height,
            "file_size": self.size,
        }
        scale = 90 / max(self.width, self.height, 1)
        if scale >= 1:
            return [full]
        thumb = {
            **full,
            "file_id": self.thumbnail_id,
            "file_unique_id": f"{self.file_unique_id}_s",
            "width": max(1, round(self.width * scale)),
            "height": max(1, round(self.height * scale)),
        }
        return [thumb, full]

    def file_api(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "kind": self.kind,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.size,
            "width": self.width,
            "height": self.height,
            "url": f"/_control/files/{self.file_id}",
        }


@dataclass(frozen=True)
class MessageVersion:
    """What a message looked like before an edit."""

    text: str | None
    caption: str | None
    html: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    edit_date: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "caption": self.caption,
            "html": self.html,
            "entities": list(self.entities),
            "reply_markup": self.reply_markup,
            "edit_date": self.edit_date,
        }


@dataclass(eq=False)
class ChatMessage:
    """One message in a chat's transcript, sent by a fake user (``sender``) or by the bot (``sender`` None).

    ``text``/``caption`` are plain (what the user sees); ``html`` is the raw source as the bot sent it.
    """

    message_id: int
    chat: FakeChat
    sender: FakeUser | None
    date: int
    seq: int
    text: str | None = None
    caption: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    reply_markup: dict[str, Any] | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    location: dict[str, float] | None = None
    reply_to: ChatMessage | None = None
    media_group_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    edit_date: int | None = None
    history: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    update_id: int | None = None

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def from_bot(self) -> bool:
        return self.sender is None

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def version(self) -> int:
        """Number of edits so far."""
        return len(self.history)

    @property
    def body(self) -> str | None:
        """The plain text the user reads: the text, or the caption of a photo/document."""
        return self.text if self.text is not None else self.caption

    @property
    def reply_to_message_id(self) -> int | None:
        return self.reply_to.message_id if self.reply_to else None

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            return self.reply_markup["inline_keyboard"]
        return []

    def snapshot(self) -> MessageVersion:
        return MessageVersion(
            self.text, self.caption, self.html, self.entities, self.reply_markup, self.edit_date
        )

    def to_api(self, bot_user: Mapping[str, Any], *, include_reply: bool = True) -> dict[str, Any]:
        """The Bot API ``Message`` object."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": dict(bot_user) if self.sender is None else self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_to is not None and include_reply:
            data["reply_to_message"] = self.reply_to.to_api(bot_user, include_reply=False)
        if self.media_group_id:
            data["media_group_id"] = self.media_group_id
        data.update(self._content_api())
        data.update(self.extra)
        if self.inline_keyboard:
            data["reply_markup"] = self.reply_markup
        return data

    def _content_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = list(self.entities)
        if self.photo is not None:
            data["photo"] = self.photo.photo_api()
        if self.document is not None:
            data["document"] = self.document.document_api()
        if self.caption is not None:
            data["caption"] = self.caption
            if self.entities:
                data["caption_entities"] = list(self.entities)
        if self.location is not None:
            data["location"] = dict(self.location)
        return data

    def to_json(self) -> dict[str, Any]:
        """The emulator's own view (raw HTML, edit history, deletion) for the control API."""
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "seq": self.seq,
            "from_bot": self.from_bot,
            "from": self.sender.to_api() if self.sender else None,
            "date": self.date,
            "text": self.text,
            "caption": self.caption,
            "html": self.html,
            "parse_mode": self.parse_mode,
            "entities": list(self.entities),
            "reply_markup": self.reply_markup,
            "photo": self.photo.to_json() if self.photo else None,
            "document": self.document.to_json() if self.document else None,
            "location": self.location,
            "reply_to_message_id": self.reply_to_message_id,
            "media_group_id": self.media_group_id,
            "service": self.extra or None,
            "edited": self.edited,
            "edit_date": self.edit_date,
            "history": [version.to_json() for version in self.history],
            "deleted": self.deleted,
            "delivered_to_bot": self.update_id is not None,
        }


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot answered to a callback query (the toast/alert the user sees)."""

    text: str | None
    show_alert: bool = False
    url: str | None = None
    cache_time: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "show_alert": self.show_alert,
            "url": self.url,
            "cache_time": self.cache_time,
        }


@dataclass(eq=False)
class CallbackQuery:
    """A button press by a fake user."""

    id: str
    user: FakeUser
    message: ChatMessage
    data: str
    created: float
    answer: CallbackAnswer | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "user_id": self.user.id,
            "chat_id": self.message.chat_id,
            "message_id": self.message.message_id,
            "data": self.data,
            "answer": self.answer.to_json() if self.answer else None,
        }


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: frozenset[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(frozen=True)
class WebhookDelivery:
    update_id: int
    status: int | None
    error: str | None = None
    reply_method: str | None = None
    reply_error: str | None = None


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None
    content_type: str | None


class _HasMessageRef(Protocol):
    @property
    def chat_id(self) -> int: ...

    @property
    def message_id(self) -> int: ...


UserRef = FakeUser | int
ChatRef = FakeChat | FakeUser | int
MessageRef = ChatMessage | _HasMessageRef | int


# --------------------------------------------------------------------------------------------- helpers


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


@dataclass
class Params:
    """A Bot API call's parameters: from a query string, JSON, urlencoded or multipart body."""

    values: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise ApiError.bad_request(f'field "{name}" must be of type Integer')
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError.bad_request(f'field "{name}" must be of type Integer') from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ApiError.bad_request(f'field "{name}" must be of type Number') from None

    def flag(self, name: str) -> bool:
        return self.values.get(name) in (True, 1, "true", "True", "1")

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError.bad_request(f"can't parse {name} JSON object") from None


async def _read_multipart(reader: MultipartReader) -> Params:
    params = Params({})
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read(decode=True))
        if part.filename is not None:
            params.uploads[part.name] = Upload(data, part.filename, part.headers.get("Content-Type"))
        else:
            params.values[part.name] = data.decode(part.get_charset("utf-8"))
    return params


async def read_request_params(request: web.Request) -> Params:
    """Parse a Bot API request the way Telegram accepts them (query, JSON, urlencoded, multipart)."""
    query: dict[str, Any] = dict(request.query)
    if request.content_type == "multipart/form-data":
        params = await _read_multipart(await request.multipart())
        params.values = {**query, **params.values}
        return params
    if request.content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        return Params({**query, **{key: value for key, value in form.items() if isinstance(value, str)}})
    raw = await request.read()
    if not raw.strip():
        return Params(query)
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiError.bad_request("can't parse JSON encoded request body") from None
    if not isinstance(body, dict):
        raise ApiError.bad_request("JSON object expected")
    return Params({**query, **body})


def command_entities(text: str) -> tuple[dict[str, Any], ...]:
    """A ``bot_command`` entity for a command at the start of ``text`` ("/start abc", "/help@bot")."""
    match = COMMAND_RE.match(text)
    if match is None:
        return ()
    return ({"type": "bot_command", "offset": 0, "length": match.end()},)


def leading_command(text: str | None) -> tuple[str, str | None] | None:
    """(command, addressed bot username or None) when ``text`` starts with a command."""
    match = COMMAND_RE.match(text or "")
    return (match.group(1), match.group(2)) if match else None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG/JPEG/GIF/BMP/WebP image; None if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"BM") and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(int(width)), abs(int(height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xFF, 0x01) or 0xD0 <= marker <= 0xD8:
            i += 1 if marker == 0xFF else 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    return None


def make_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid solid-colour PNG, for tests that send photos."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _guess_mime(file_name: str | None, declared: str | None) -> str:
    if declared and declared != "application/octet-stream":
        return declared
    suffix = PurePosixPath(file_name or "").suffix.lower()
    guessed = EXTRA_MIME_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0]
    return guessed or "application/octet-stream"


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str) or not url or any(ch.isspace() for ch in url):
        return False
    return "." in url or ":" in url


def _scope_key(scope: Any) -> str:
    """Canonical key of a BotCommandScope (dict, JSON, aiogram object or just its type name)."""
    if scope is None:
        scope = {"type": "default"}
    elif isinstance(scope, str):
        scope = json.loads(scope) if scope.startswith("{") else {"type": scope}
    elif hasattr(scope, "model_dump"):
        scope = scope.model_dump(exclude_none=True)
    normalized = {key: int(value) if key in ("chat_id", "user_id") else value for key, value in scope.items()}
    return json.dumps(normalized, sort_keys=True)


def _json_response(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


def _control(
    handler: Callable[[BotApiEmulator, web.Request], Awaitable[Any]],
) -> Callable[[BotApiEmulator, web.Request], Awaitable[web.StreamResponse]]:
    """A control-API endpoint: JSON result, or 400 ``{"error": ...}`` when the request is wrong."""

    async def wrapped(self: BotApiEmulator, request: web.Request) -> web.StreamResponse:
        try:
            result = await handler(self, request)
        except (EmulatorError, KeyError, ValueError, TypeError) as error:
            return _json_response({"error": str(error)}, status=400)
        return result if isinstance(result, web.StreamResponse) else _json_response(result)

    return wrapped


# --------------------------------------------------------------------------------------------- emulator


class BotApiEmulator:
    """The Bot API for one bot, fake users and chats, a transcript, and fault injection."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "zsbot_sandbox_bot",
        first_name: str = "zsbot",
        faults: Faults | None = None,
        group_privacy: bool = True,
        clock: Callable[[], float] = time.time,
        callback_query_timeout: float = 15.0,
        webhook_retry_delay: float = 0.5,
        webhook_timeout: float = 10.0,
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
        self._clock = clock
        self._limiter = RateLimiter()

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
        self._next_update_id = 1
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

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    # ----------------------------------------------------------------------------------- users, chats

    def add_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh",
        user_id: int | None = None,
        started: bool = True,
    ) -> FakeUser:
        """A user and their private chat (chat id == user id). ``started=False``: never pressed Start."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id in self.users or user_id <= 0:
            raise EmulatorError(f"user id {user_id} is taken or not positive")
        user = FakeUser(user_id, first_name, last_name, username, language_code, started=started)
        self.users[user_id] = user
        self._add_chat(FakeChat(user_id, "private", user=user))
        return user

    def add_group(self, title: str, *, chat_id: int | None = None, chat_type: str = "group") -> FakeChat:
        """A group (``chat_type="group"``) or supergroup; the bot is a member."""
        if chat_type not in ("group", "supergroup"):
            raise EmulatorError(f"chat_type must be 'group' or 'supergroup', not {chat_type!r}")
        if chat_id is None:
            number = self._next_group_number
            self._next_group_number += 1
            chat_id = -(1001000000000 + number) if chat_type == "supergroup" else -(4000000000 + number)
        if chat_id >= 0 or chat_id in self.chats:
            raise EmulatorError(f"group id {chat_id} is taken or not negative")
        return self._add_chat(FakeChat(chat_id, chat_type, title=title))

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

    def block_bot(self, user: UserRef) -> None:
        """The user blocks the bot: sends to them get 403; the bot gets a my_chat_member update."""
        fake = self.user(user)
        fake.blocked_bot = True
        self._push_member_update(fake, self.chats[fake.id], old="member", new="kicked")

    def unblock_bot(self, user: UserRef) -> None:
        fake = self.user(user)
        fake.blocked_bot = False
        self._push_member_update(fake, self.chats[fake.id], old="kicked", new="member")

    def add_bot_to_group(self, user: UserRef, group: ChatRef) -> ChatMessage:
        """``user`` adds the bot to ``group``: my_chat_member update + a new_chat_members service message."""
        fake, chat = self.user(user), self.chat(group)
        chat.bot_is_member = True
        self._push_member_update(fake, chat, old="left", new="member")
        bot_user = self.bot_user()
        message = self._store(chat, fake, extra={"new_chat_members": [bot_user], "new_chat_member": bot_user})
        self._deliver_user_message(message)
        return message

    def remove_bot_from_group(self, user: UserRef, group: ChatRef) -> None:
        fake, chat = self.user(user), self.chat(group)
        chat.bot_is_member = False
        self._push_member_update(fake, chat, old="member", new="kicked")

    def _push_member_update(self, user: FakeUser, chat: FakeChat, *, old: str, new: str) -> None:
        self._emit("membership", chat.id, user=user.to_json(), old=old, new=new)
        bot_user = self.bot_user()
        self._push_update(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": user.to_api(),
                "date": int(self._clock()),
                "old_chat_member": _member(old, bot_user),
                "new_chat_member": _member(new, bot_user),
            },
        )

    # ----------------------------------------------------------------------------------- user actions

    def send_text(
        self, user: UserRef, text: str, *, chat: ChatRef | None = None, reply_to: MessageRef | None = None
    ) -> ChatMessage:
        """The user sends ``text`` (commands get a bot_command entity). Returns the stored message."""
        if not text.strip():
            raise EmulatorError("Telegram clients do not send empty messages")
        if len(text) > MAX_TEXT_LENGTH:
            raise EmulatorError("Telegram clients split texts longer than 4096 characters")
        fake, target = self._sender_and_chat(user, chat)
        message = self._store(
            target,
            fake,
            text=text,
            entities=command_entities(text),
            reply_to=self._reply_ref(target, reply_to),
        )
        return self._deliver_user_message(message)

    def send_document(
        self,
        user: UserRef,
        data: bytes,
        file_name: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: ChatRef | None = None,
        reply_to: MessageRef | None = None,
    ) -> ChatMessage:
        fake, target = self._sender_and_chat(user, chat)
        mime = _guess_mime(file_name, mime_type)
        stored = self._new_file("document", data, file_name=file_name, mime_type=mime)
        message = self._store(
            target,
            fake,
            document=stored,
            caption=caption or None,
            entities=command_entities(caption or ""),
            reply_to=self._reply_ref(target, reply_to),
        )
        return self._deliver_user_message(message)

    def send_photo(
        self,
        user: UserRef,
        data: bytes,
        *,
        caption: str | None = None,
        chat: ChatRef | None = None,
        reply_to: MessageRef | None = None,
    ) -> ChatMessage:
        fake, target = self._sender_and_chat(user, chat)
        width, height = image_size(data) or (800, 600)
        stored = self._new_file("photo", data, mime_type="image/jpeg", width=width, height=height)
        message = self._store(
            target,
            fake,
            photo=stored,
            caption=caption or None,
            entities=command_entities(caption or ""),
            reply_to=self._reply_ref(target, reply_to),
        )
        return self._deliver_user_message(message)

    def send_location(
        self,
        user: UserRef,
        latitude: float,
        longitude: float,
        *,
        chat: ChatRef | None = None,
        reply_to: MessageRef | None = None,
    ) -> ChatMessage:
        fake, target = self._sender_and_chat(user, chat)
        location = {"latitude": float(latitude), "longitude": float(longitude)}
        message = self._store(target, fake, location=location, reply_to=self._reply_ref(target, reply_to))
        return self._deliver_user_message(message)

    def press(
        self, user: UserRef, message: MessageRef, button: str, *, inaccessible: bool = False
    ) -> CallbackQuery:
        """The user presses an inline button: by exact text, exact callback_data, or unique substring.

        ``inaccessible``: Telegram withholds the message (too old or deleted) and sends only its chat,
        id and ``date: 0`` — aiogram's InaccessibleMessage.
        """
        fake = self.user(user)
        target = self._message_from_ref(message)
        if target.deleted:
            raise EmulatorError(f"message {target.message_id} in chat {target.chat_id} was deleted")
        if target.chat.is_private and target.chat.id != fake.id:
            raise EmulatorError(f"{fake.full_name} is not in private chat {target.chat_id}")
        found = find_inline_button(target, button)
        if "callback_data" not in found:
            raise EmulatorError(f"button {found.get('text')!r} is not a callback button: {found}")
        query = CallbackQuery(
            id=str(4_000_000_000_000 + next(self._ids)),
            user=fake,
            message=target,
            data=found["callback_data"],
            created=time.monotonic(),
        )
        self.callback_queries[query.id] = query
        payload = {
            "id": query.id,
            "from": fake.to_api(),
            "message": (
                {"chat": target.chat.to_api(), "message_id": target.message_id, "date": 0}
                if inaccessible
                else target.to_api(self.bot_user())
            ),
            "chat_instance": str((target.chat_id * 2654435761) % 10**18),
            "data": query.data,
        }
        self._push_update("callback_query", payload)
        self._emit("callback_query", target.chat_id, callback_query=query.to_json())
        return query

    def _sender_and_chat(self, user: UserRef, chat: ChatRef | None) -> tuple[FakeUser, FakeChat]:
        fake = self.user(user)
        target = self.chats[fake.id] if chat is None else self.chat(chat)
        if target.is_private and target.id != fake.id:
            raise EmulatorError(f"{fake.full_name} cannot write in the private chat of user {target.id}")
        if target.is_private and fake.blocked_bot:
            raise EmulatorError(f"{fake.full_name} has blocked the bot; call unblock_bot() first")
        if target.is_private:
            fake.started = True
        return fake, target

    def _reply_ref(self, chat: FakeChat, ref: MessageRef | None) -> ChatMessage | None:
        if ref is None:
            return None
        message_id = ref if isinstance(ref, int) else ref.message_id
        found = self.find_message(chat.id, message_id)
        if found is None:
            raise EmulatorError(f"no message {message_id} in chat {chat.id} to reply to")
        return found

    def _message_from_ref(self, ref: MessageRef) -> ChatMessage:
        if isinstance(ref, ChatMessage):
            return ref
        if isinstance(ref, int):
            raise EmulatorError("pass the message object (with chat_id and message_id), not a bare id")
        found = self.find_message(ref.chat_id, ref.message_id)
        if found is None:
            raise EmulatorError(f"no message {ref.message_id} in chat {ref.chat_id}")
        return found

    def _deliver_user_message(self, message: ChatMessage) -> ChatMessage:
        if self._bot_sees(message):
            message.update_id = self._push_update("message", message.to_api(self.bot_user()))
        return message

    def _bot_sees(self, message: ChatMessage) -> bool:
        """Privacy mode: in groups the bot gets commands, replies to it, and service messages only."""
        if not message.chat.bot_is_member:
            return False
        if message.chat.is_private or not self.group_privacy or message.extra:
            return True
        if message.reply_to is not None and message.reply_to.from_bot:
            return True
        command = leading_command(message.body)
        return command is not None and command[1] in (None, self.username)

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
        return list(self._commands.get((_scope_key(scope), language_code or ""), []))

    def file_bytes(self, file_id: str) -> bytes:
        return self._file(file_id).data

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

    async def wait_edit(
        self,
        chat: ChatRef,
        message_id: int,
        *,
        after_version: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> ChatMessage:
        """The message once it has been edited beyond ``after_version`` edits (default: its current count)."""
        target = self.chat(chat)
        message = self.find_message(target.id, message_id)
        if message is None:
            raise EmulatorError(f"no message {message_id} in chat {target.id}")
        seen = message.version if after_version is None else after_version

        def describe() -> str:
            return f"message {message_id} in {self._chat_label(target)} was not edited within {timeout}s" + (
                self._recent(target)
            )

        return await self.wait_for(
            lambda: message if message.version > seen else None, timeout=timeout, describe=describe
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

    def _chat_label(self, chat: FakeChat) -> str:
        return f"chat {chat.id} ({chat.display_name})"

    def _recent(self, chat: FakeChat, count: int = 6) -> str:
        lines = []
        for message in self._transcripts[chat.id][-count:]:
            who = "bot" if message.from_bot else (message.sender.full_name if message.sender else "?")
            flags = " [edited]" * message.edited + " [deleted]" * message.deleted
            body = (message.body or _describe_media(message))[:100]
            lines.append(f"  #{message.message_id} {who}: {body!r}{flags}")
        return "; last messages:\n" + "\n".join(lines) if lines else "; the chat is empty"

    # ----------------------------------------------------------------------------------- storage

    def _store(self, chat: FakeChat, sender: FakeUser | None, **fields: Any) -> ChatMessage:
        message_id = self._next_message_id[chat.id]
        self._next_message_id[chat.id] = message_id + 1
        message = ChatMessage(message_id, chat, sender, int(self._clock()), next(self._ids), **fields)
        self._transcripts[chat.id].append(message)
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
        self._emit("edit", message.chat_id, message=message.to_json())

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

    def _routes(self) -> list[web.RouteDef]:
        control = [
            web.get("/_control/state", self._control_state),
            web.post("/_control/users", self._control_add_user),
            web.post("/_control/users/{user_id}/block", self._control_block),
            web.post("/_control/groups", self._control_add_group),
            web.post("/_control/groups/{chat_id}/bot", self._control_add_bot_to_group),
            web.post("/_control/messages", self._control_send_text),
            web.post("/_control/documents", self._control_send_document),
            web.post("/_control/photos", self._control_send_photo),
            web.post("/_control/locations", self._control_send_location),
            web.post("/_control/press", self._control_press),
            web.get("/_control/chats/{chat_id}/messages", self._control_transcript),
            web.get("/_control/events", self._control_events),
            web.get("/_control/faults", self._control_get_faults),
            web.put("/_control/faults", self._control_set_faults),
            web.get("/_control/stats", self._control_stats),
            web.get("/_control/commands", self._control_commands),
            web.get("/_control/files/{file_id}", self._control_file),
        ]
        return [
            web.route("*", "/bot{token}/{method}", self._handle_api),
            web.get("/file/bot{token}/{file_path:.+}", self._handle_download),
            *control,
        ]

    def _accept_token(self, token: str) -> bool:
        """Any well-formed token is accepted; the bot's id follows the token in use."""
        if TOKEN_RE.fullmatch(token) is None:
            return False
        if token != self.token:
            log.info("emulator: the bot now uses token of bot id %s", token.split(":", 1)[0])
            self.token = token
        return True

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if not self._accept_token(request.match_info["token"]):
            return _json_response(ApiError(401, "Unauthorized").payload(), status=401)
        self.stats.requests[method] += 1
        handler = self._methods.get(method.lower())
        if handler is None:
            return _json_response(ApiError(404, "Not Found").payload(), status=404)
        try:
            result = await handler(await read_request_params(request))
        except ApiError as error:
            log.debug("emulator: %s -> %s %s", method, error.status, error.description)
            return _json_response(error.payload(), status=error.status)
        if method.lower() in FAULTABLE_METHODS:
            delay = self.faults.roll_slow()
            if delay:
                self.stats.slow_responses += 1
                await self._sleep_unless_closing(delay)
        return _json_response({"ok": True, "result": result})

    async def _handle_download(self, request: web.Request) -> web.Response:
        stored = self._file_paths.get(request.match_info["file_path"])
        if TOKEN_RE.fullmatch(request.match_info["token"]) is None or stored is None:
            return _json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def _sleep_unless_closing(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def call(self, method: str, params: Mapping[str, Any]) -> Any:
        """Run a Bot API method in-process (JSON-typed params); raises :class:`ApiError` like HTTP would."""
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(Params(dict(params)))

    def _method_table(self) -> dict[str, Callable[[Params], Awaitable[Any]]]:
        table: dict[str, Callable[[Params], Awaitable[Any]]] = {
            "getMe": self._api_get_me,
            "getUpdates": self._api_get_updates,
            "setWebhook": self._api_set_webhook,
            "deleteWebhook": self._api_delete_webhook,
            "getWebhookInfo": self._api_get_webhook_info,
            "sendMessage": self._api_send_message,
            "sendPhoto": self._api_send_photo,
            "sendDocument": self._api_send_document,
            "sendLocation": self._api_send_location,
            "sendMediaGroup": self._api_send_media_group,
            "copyMessage": self._api_copy_message,
            "forwardMessage": self._api_forward_message,
            "editMessageText": self._api_edit_message_text,
            "editMessageCaption": self._api_edit_message_caption,
            "editMessageReplyMarkup": self._api_edit_message_reply_markup,
            "deleteMessage": self._api_delete_message,
            "deleteMessages": self._api_delete_messages,
            "answerCallbackQuery": self._api_answer_callback_query,
            "sendChatAction": self._api_send_chat_action,
            "getFile": self._api_get_file,
            "getChat": self._api_get_chat,
            "getChatMember": self._api_get_chat_member,
            "setMyCommands": self._api_set_my_commands,
            "getMyCommands": self._api_get_my_commands,
            "deleteMyCommands": self._api_delete_my_commands,
            "setChatMenuButton": self._api_set_chat_menu_button,
            "getChatMenuButton": self._api_get_chat_menu_button,
            "pinChatMessage": self._api_pin_chat_message,
            "unpinChatMessage": self._api_unpin_chat_message,
        }
        for field_name in ("name", "description", "short_description"):
            camel = "My" + "".join(part.title() for part in field_name.split("_"))
            table[f"set{camel}"] = self._profile_setter(field_name)
            table[f"get{camel}"] = self._profile_getter(field_name)
        return {name.lower(): handler for name, handler in table.items()}

    # ----------------------------------------------------------------------------------- API: bot, updates

    async def _api_get_me(self, p: Params) -> dict[str, Any]:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_get_updates(self, p: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.integer("offset", 0) or 0
        limit = min(max(p.integer("limit", 100) or 100, 1), 100)
        timeout = max(p.integer("timeout", 0) or 0, 0)
        allowed = p.json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) & ALL_UPDATE_TYPES or DEFAULT_UPDATE_TYPES
        self._confirm_updates(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_signal.notify()
        self._active_polls += 1
        self._changes.notify()
        try:
            return await self._long_poll(generation, limit, timeout)
        finally:
            self._active_polls -= 1

    async def _long_poll(self, generation: int, limit: int, seconds: float) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            if generation != self._poll_generation:
                reason = "setWebhook request" if self.webhook else "other getUpdates request"
                raise ApiError(
                    409, f"Conflict: terminated by {reason}; make sure that only one bot instance is running"
                )
            remaining = deadline - loop.time()
            if self._pending or remaining <= 0 or self._closing.is_set():
                return self._pending[:limit]
            await self._updates_signal.wait(remaining)

    async def _api_set_webhook(self, p: Params) -> bool:
        url = p.text("url") or ""
        if not url:
            return await self._api_delete_webhook(p)
        if not url.startswith(("http://", "https://")):
            raise ApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.text("secret_token")
        if secret is not None and re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret) is None:
            raise ApiError.bad_request("secret token contains unallowed characters")
        allowed = p.json("allowed_updates")
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        self.webhook = WebhookConfig(
            url=url,
            secret_token=secret,
            max_connections=p.integer("max_connections", 40) or 40,
            allowed_updates=frozenset(allowed) if isinstance(allowed, list) and allowed else None,
        )
        self._poll_generation += 1
        self._updates_signal.notify()
        return True

    async def _api_delete_webhook(self, p: Params) -> bool:
        self.webhook = None
        if p.flag("drop_pending_updates"):
            self._pending.clear()
        self._updates_signal.notify()
        return True

    async def _api_get_webhook_info(self, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook is not None:
            info["max_connections"] = self.webhook.max_connections
            if self.webhook.allowed_updates:
                info["allowed_updates"] = sorted(self.webhook.allowed_updates)
            if self.webhook.last_error_date is not None:
                info["last_error_date"] = self.webhook.last_error_date
                info["last_error_message"] = self.webhook.last_error_message
        return info

    # ----------------------------------------------------------------------------------- API: sending

    async def _api_send_message(self, p: Params) -> dict[str, Any]:
        chat = self._writable_chat(p)
        parsed, mode = self._message_text(p)
        markup = self._reply_markup(p)
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        message = self._store(
            chat,
            None,
            text=parsed.text,
            entities=parsed.entities,
            html=p.text("text"),
            parse_mode=mode,
            reply_markup=markup,
            reply_to=reply_to,
        )
        return message.to_api(self.bot_user())

    async def _api_send_photo(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "photo")

    async def _api_send_document(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "document")

    async def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat = self._writable_chat(p)
        stored = self._input_file(p.values.get(kind), p, kind)
        caption, mode = self._caption(p.text("caption"), p.text("parse_mode"), p.json("caption_entities"))
        markup = self._reply_markup(p)
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        message = self._store(
            chat,
            None,
            **{kind: stored},
            caption=caption.text if caption else None,
            entities=caption.entities if caption else (),
            html=p.text("caption") if caption else None,
            parse_mode=mode,
            reply_markup=markup,
            reply_to=reply_to,
        )
        return message.to_api(self.bot_user())

    async def _api_send_location(self, p: Params) -> dict[str, Any]:
        chat = self._writable_chat(p)
        latitude, longitude = p.number("latitude"), p.number("longitude")
        if latitude is None or not -90 <= latitude <= 90:
            raise ApiError.bad_request("wrong latitude specified")
        if longitude is None or not -180 <= longitude <= 180:
            raise ApiError.bad_request("wrong longitude specified")
        markup = self._reply_markup(p)
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        location = {"latitude": latitude, "longitude": longitude}
        message = self._store(chat, None, location=location, reply_markup=markup, reply_to=reply_to)
        return message.to_api(self.bot_user())

    async def _api_send_media_group(self, p: Params) -> list[dict[str, Any]]:
        chat = self._writable_chat(p)
        media = p.json("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise ApiError.bad_request("media group must contain from 2 to 10 items")
        kinds = {item.get("type") if isinstance(item, dict) else None for item in media}
        if not kinds <= {"photo", "document"}:
            got = sorted(map(str, kinds))
            raise ApiError.bad_request(f"the emulator supports photo and document media only, got {got}")
        if len(kinds) > 1:
            raise ApiError.bad_request("document can't be mixed with other media types")
        items = [self._media_item(p, item) for item in media]
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        group_id = str(10_000_000_000 + next(self._ids))
        stored = [self._store(chat, None, media_group_id=group_id, reply_to=reply_to, **i) for i in items]
        return [message.to_api(self.bot_user()) for message in stored]

    def _media_item(self, p: Params, item: dict[str, Any]) -> dict[str, Any]:
        kind = item["type"]
        stored = self._input_file(item.get("media"), p, kind)
        raw_caption = item.get("caption")
        caption, mode = self._caption(raw_caption, item.get("parse_mode"), item.get("caption_entities"))
        return {
            kind: stored,
            "caption": caption.text if caption else None,
            "entities": caption.entities if caption else (),
            "html": raw_caption if caption else None,
            "parse_mode": mode,
        }

    async def _api_copy_message(self, p: Params) -> dict[str, Any]:
        message = await self._copy(p, "message to copy not found", forward=False)
        return {"message_id": message.message_id}

    async def _api_forward_message(self, p: Params) -> dict[str, Any]:
        message = await self._copy(p, "message to forward not found", forward=True)
        return message.to_api(self.bot_user())

    async def _copy(self, p: Params, missing: str, *, forward: bool) -> ChatMessage:
        chat = self._writable_chat(p)
        source_chat = self._target_chat(p, "from_chat_id")
        source = self.find_message(source_chat.id, p.integer("message_id") or 0)
        if source is None or source.deleted or "new_chat_members" in source.extra:
            raise ApiError.bad_request(missing)
        content: dict[str, Any] = {
            "text": source.text,
            "caption": source.caption,
            "entities": source.entities,
            "html": source.html,
            "parse_mode": source.parse_mode,
            "photo": source.photo,
            "document": source.document,
            "location": source.location,
        }
        if not forward:
            content["reply_markup"] = self._reply_markup(p)
            content["reply_to"] = self._reply_target(p, chat)
            if p.values.get("caption") is not None and source.caption is not None:
                caption, mode = self._caption(
                    p.text("caption"), p.text("parse_mode"), p.json("caption_entities")
                )
                content.update(
                    caption=caption.text if caption else None,
                    entities=caption.entities if caption else (),
                    html=p.text("caption"),
                    parse_mode=mode,
                )
        else:
            sender = self.bot_user() if source.sender is None else source.sender.to_api()
            origin = {"type": "user", "date": source.date, "sender_user": sender}
            content["extra"] = {"forward_origin": origin, "forward_date": source.date}
        self._admit(chat)
        return self._store(chat, None, **content)

    # ----------------------------------------------------------------------------------- API: editing

    async def _api_edit_message_text(self, p: Params) -> dict[str, Any]:
        message = self._editable(p)
        if message.text is None:
            raise ApiError.bad_request("there is no text in the message to edit")
        parsed, mode = self._message_text(p)
        markup = self._inline_markup(p)
        if (parsed.text, parsed.entities, markup) == (message.text, message.entities, message.reply_markup):
            raise ApiError.bad_request(NOT_MODIFIED)
        self._admit(message.chat, edit=True)
        self._apply_edit(
            message,
            text=parsed.text,
            entities=parsed.entities,
            html=p.text("text"),
            parse_mode=mode,
            reply_markup=markup,
        )
        return message.to_api(self.bot_user())

    async def _api_edit_message_caption(self, p: Params) -> dict[str, Any]:
        message = self._editable(p)
        if message.photo is None and message.document is None:
            raise ApiError.bad_request("there is no caption in the message to edit")
        caption, mode = self._caption(p.text("caption"), p.text("parse_mode"), p.json("caption_entities"))
        markup = self._inline_markup(p)
        new_text = caption.text if caption else None
        new_entities = caption.entities if caption else ()
        if (new_text, new_entities, markup) == (message.caption, message.entities, message.reply_markup):
            raise ApiError.bad_request(NOT_MODIFIED)
        self._admit(message.chat, edit=True)
        html = p.text("caption") if caption else None
        self._apply_edit(
            message, caption=new_text, entities=new_entities, html=html, parse_mode=mode, reply_markup=markup
        )
        return message.to_api(self.bot_user())

    async def _api_edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        message = self._editable(p)
        markup = self._inline_markup(p)
        if markup == message.reply_markup or (markup is None and not message.inline_keyboard):
            raise ApiError.bad_request(NOT_MODIFIED)
        self._admit(message.chat, edit=True)
        self._apply_edit(message, reply_markup=markup)
        return message.to_api(self.bot_user())

    async def _api_delete_message(self, p: Params) -> bool:
        chat = self._target_chat(p)
        message = self.find_message(chat.id, p.integer("message_id") or 0)
        if message is None or message.deleted:
            raise ApiError.bad_request("message to delete not found")
        if not message.from_bot and not chat.is_private:
            raise ApiError.bad_request("message can't be deleted")
        self._delete(message)
        return True

    async def _api_delete_messages(self, p: Params) -> bool:
        chat = self._target_chat(p)
        ids = p.json("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise ApiError.bad_request("message_ids must contain from 1 to 100 identifiers")
        for message_id in ids:
            message = self.find_message(chat.id, int(message_id))
            if message is not None and not message.deleted:
                self._delete(message)
        return True

    def _delete(self, message: ChatMessage) -> None:
        message.deleted = True
        self._emit("delete", message.chat_id, message=message.to_json())

    def _editable(self, p: Params) -> ChatMessage:
        if p.has("inline_message_id"):
            raise ApiError.bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(p)
        self._check_writable(chat)
        message_id = p.integer("message_id")
        if message_id is None:
            raise ApiError.bad_request("message identifier is not specified")
        message = self.find_message(chat.id, message_id)
        if message is None or message.deleted:
            raise ApiError.bad_request("message to edit not found")
        if not message.from_bot:
            raise ApiError.bad_request("message can't be edited")
        return message

    # ----------------------------------------------------------------------------------- API: other

    async def _api_answer_callback_query(self, p: Params) -> bool:
        query = self.callback_queries.get(p.text("callback_query_id") or "")
        expired = query is not None and time.monotonic() - query.created > self.callback_query_timeout
        if query is None or query.answered or expired:
            raise ApiError.bad_request(QUERY_TOO_OLD)
        text = p.text("text")
        if text is not None and len(text) > 200:
            raise ApiError.bad_request("MESSAGE_TOO_LONG")
        answer = CallbackAnswer(
            text=text or None,
            show_alert=p.flag("show_alert"),
            url=p.text("url"),
            cache_time=p.integer("cache_time", 0) or 0,
        )
        query.answer = answer
        self.callback_answers[query.id] = answer
        self._emit("callback_answer", query.message.chat_id, callback_query=query.to_json())
        return True

    async def _api_send_chat_action(self, p: Params) -> bool:
        chat = self._writable_chat(p)
        action = p.text("action")
        if action not in CHAT_ACTIONS:
            raise ApiError.bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, action))
        self._emit("chat_action", chat.id, action=action)
        return True

    async def _api_get_file(self, p: Params) -> dict[str, Any]:
        stored = self.files.get(p.text("file_id") or "")
        if stored is None:
            raise ApiError.bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD_BYTES:
            raise ApiError.bad_request("file is too big")
        return stored.file_api()

    async def _api_get_chat(self, p: Params) -> dict[str, Any]:
        chat = self._target_chat(p)
        info = {**chat.to_api(), "accent_color_id": 0, "max_reaction_count": 11}
        info["accepted_gift_types"] = dict.fromkeys(GIFT_TYPES, False)
        if chat.pinned_message_id is not None:
            pinned = self.find_message(chat.id, chat.pinned_message_id)
            if pinned is not None:
                info["pinned_message"] = pinned.to_api(self.bot_user(), include_reply=False)
        return info

    async def _api_get_chat_member(self, p: Params) -> dict[str, Any]:
        chat = self._target_chat(p)
        user_id = p.integer("user_id")
        if user_id == self.bot_id:
            return _member("member" if chat.bot_is_member else "left", self.bot_user())
        if user_id not in self.users or (chat.is_private and chat.id != user_id):
            raise ApiError.bad_request("user not found")
        return _member("member", self.users[user_id].to_api())

    async def _api_set_my_commands(self, p: Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError.bad_request("commands must be an array of at most 100 BotCommand")
        cleaned = [_checked_command(command) for command in commands]
        self._commands[(_scope_key(p.json("scope")), p.text("language_code") or "")] = cleaned
        return True

    async def _api_get_my_commands(self, p: Params) -> list[dict[str, str]]:
        return list(self._commands.get((_scope_key(p.json("scope")), p.text("language_code") or ""), []))

    async def _api_delete_my_commands(self, p: Params) -> bool:
        self._commands.pop((_scope_key(p.json("scope")), p.text("language_code") or ""), None)
        return True

    async def _api_set_chat_menu_button(self, p: Params) -> bool:
        chat_id = p.integer("chat_id")
        if chat_id is not None:
            self._target_chat(p)
        button = p.json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise ApiError.bad_request("can't parse menu button")
        self.menu_buttons[chat_id] = button
        return True

    async def _api_get_chat_menu_button(self, p: Params) -> dict[str, Any]:
        chat_id = p.integer("chat_id")
        return self.menu_buttons.get(chat_id) or self.menu_buttons.get(None) or {"type": "default"}

    async def _api_pin_chat_message(self, p: Params) -> bool:
        chat = self._target_chat(p)
        message = self.find_message(chat.id, p.integer("message_id") or 0)
        if message is None or message.deleted:
            raise ApiError.bad_request("message to pin not found")
        chat.pinned_message_id = message.message_id
        return True

    async def _api_unpin_chat_message(self, p: Params) -> bool:
        self._target_chat(p).pinned_message_id = None
        return True

    def _profile_setter(self, field_name: str) -> Callable[[Params], Awaitable[Any]]:
        async def setter(p: Params) -> bool:
            self.bot_profile[(field_name, p.text("language_code") or "")] = p.text(field_name) or ""
            return True

        return setter

    def _profile_getter(self, field_name: str) -> Callable[[Params], Awaitable[Any]]:
        async def getter(p: Params) -> dict[str, str]:
            value = self.bot_profile.get((field_name, p.text("language_code") or ""), "")
            return {field_name: value or (self.first_name if field_name == "name" else "")}

        return getter

    # ----------------------------------------------------------------------------------- validation

    def _target_chat(self, p: Params, name: str = "chat_id") -> FakeChat:
        if not p.has(name):
            raise ApiError.bad_request(f"{name} is empty")
        try:
            chat_id = int(p.values[name])
        except (TypeError, ValueError):
            raise ApiError.bad_request("chat not found") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError.bad_request("chat not found")
        return chat

    def _writable_chat(self, p: Params) -> FakeChat:
        chat = self._target_chat(p)
        self._check_writable(chat)
        return chat

    def _check_writable(self, chat: FakeChat) -> None:
        user = chat.user
        if user is not None and user.blocked_bot:
            self.stats.forbidden += 1
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if user is not None and not user.started:
            self.stats.forbidden += 1
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if not chat.is_private and not chat.bot_is_member:
            self.stats.forbidden += 1
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")

    def _formatted(self, raw: str, parse_mode: str | None, entities: Any) -> tuple[ParsedText, str | None]:
        mode = (parse_mode or "").strip() or None
        if mode is None:
            parsed = ParsedText(raw, tuple(entities) if isinstance(entities, list) else ())
        elif mode.lower() == "html":
            try:
                parsed = parse_html(raw)
            except HtmlParseError as error:
                raise ApiError.bad_request(f"can't parse entities: {error}") from None
        elif mode.lower() in ("markdown", "markdownv2"):
            parsed = ParsedText(raw)  # stored unparsed: the emulator checks HTML only
        else:
            raise ApiError.bad_request("unsupported parse_mode")
        return strip_text(parsed), mode

    def _message_text(self, p: Params) -> tuple[ParsedText, str | None]:
        raw = p.text("text")
        if not raw:
            raise ApiError.bad_request("message text is empty")
        parsed, mode = self._formatted(raw, p.text("parse_mode"), p.json("entities"))
        if not parsed.text:
            raise ApiError.bad_request("message text is empty")
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise ApiError.bad_request("message is too long")
        return parsed, mode

    def _caption(self, raw: Any, parse_mode: Any, entities: Any) -> tuple[ParsedText | None, str | None]:
        if raw is None or raw == "":
            return None, None
        parsed, mode = self._formatted(str(raw), None if parse_mode is None else str(parse_mode), entities)
        if len(parsed.text) > MAX_CAPTION_LENGTH:
            raise ApiError.bad_request("message caption is too long")
        return (parsed if parsed.text else None), mode

    def _reply_markup(self, p: Params) -> dict[str, Any] | None:
        markup = p.json("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            _check_inline_keyboard(markup["inline_keyboard"])
        elif "keyboard" in markup:
            _check_reply_keyboard(markup["keyboard"])
        elif not markup.get("remove_keyboard") and not markup.get("force_reply"):
            raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
        return markup

    def _inline_markup(self, p: Params) -> dict[str, Any] | None:
        markup = self._reply_markup(p)
        if markup is not None and "inline_keyboard" not in markup:
            raise ApiError.bad_request("inline keyboard expected")
        return markup

    def _reply_target(self, p: Params, chat: FakeChat) -> ChatMessage | None:
        parameters = p.json("reply_parameters")
        if isinstance(parameters, dict):
            message_id = parameters.get("message_id")
            allow_without = bool(parameters.get("allow_sending_without_reply"))
            if parameters.get("chat_id") not in (None, chat.id, str(chat.id)):
                chat = self._target_chat(Params({"chat_id": parameters["chat_id"]}))
        else:
            message_id = p.integer("reply_to_message_id")
            allow_without = p.flag("allow_sending_without_reply")
        if message_id is None:
            return None
        target = self.find_message(chat.id, int(message_id))
        if target is not None and not target.deleted:
            return target
        if allow_without:
            return None
        raise ApiError.bad_request("message to be replied not found")

    def _input_file(self, value: Any, p: Params, kind: str) -> StoredFile:
        """An uploaded file (multipart, also as ``attach://name``) or an existing file_id."""
        upload = p.uploads.get(kind) if value is None else None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = p.uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise ApiError.bad_request(f"there is no {kind} in the request")
        if upload is not None:
            return self._store_upload(upload, kind)
        if not value:
            raise ApiError.bad_request(f"there is no {kind} in the request")
        if str(value).startswith(("http://", "https://")):
            raise ApiError.bad_request("failed to get HTTP URL content")
        stored = self.files.get(str(value))
        if stored is None:
            raise ApiError.bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError.bad_request("type of file mismatch")
        return stored

    def _store_upload(self, upload: Upload, kind: str) -> StoredFile:
        if not upload.data:
            raise ApiError.bad_request("file must be non-empty")
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo":
            size = image_size(upload.data)
            if size is None:
                raise ApiError.bad_request("IMAGE_PROCESS_FAILED")
            return self._new_file("photo", upload.data, mime_type="image/jpeg", width=size[0], height=size[1])
        mime = _guess_mime(upload.filename, upload.content_type)
        return self._new_file("document", upload.data, file_name=upload.filename, mime_type=mime)

    def _admit(self, chat: FakeChat, *, count: int = 1, edit: bool = False) -> None:
        """Faults for a send/edit that passed validation: 429 (rate limits), then 5xx; else count it."""
        limits = self.faults.rate_limits
        now = time.monotonic()
        counted = limits is not None and (not edit or limits.count_edits)
        if limits is not None and counted:
            verdict = self._limiter.check(limits, chat.id, chat.is_private, now, count)
            if verdict is not None:
                self.stats.rate_limited += 1
                self.stats.rate_limit_ignored += int(verdict.ignored)
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {verdict.retry_after}",
                    {"retry_after": verdict.retry_after},
                )
        status = self.faults.roll_server_error()
        if status is not None:
            self.stats.server_errors += 1
            raise ApiError(status, SERVER_ERROR_DESCRIPTIONS.get(status, "Internal Server Error"))
        if limits is not None and counted:
            self._limiter.record(limits, chat.id, chat.is_private, now, count)
        if not edit:
            self.stats.record_delivery(chat.id, now, count)

    # ----------------------------------------------------------------------------------- webhook

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
            async with session.post(hook.url, json=update, headers=headers) as response:
                status = response.status
                reply = await _read_webhook_reply(response) if 200 <= status < 300 else None
                reason = response.reason
        except (ClientError, TimeoutError, OSError) as error:
            return self._webhook_failed(hook, update, None, f"Connection failed: {type(error).__name__}")
        if not 200 <= status < 300:
            problem = f"Wrong response from the webhook: {status} {reason}"
            return self._webhook_failed(hook, update, status, problem)
        method, reply_error = await self._run_webhook_reply(reply)
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

    async def _run_webhook_reply(self, reply: Params | None) -> tuple[str | None, str | None]:
        """Telegram executes a method returned in the webhook response body."""
        if reply is None or not reply.has("method"):
            return None, None
        method = str(reply.values.pop("method"))
        handler = self._methods.get(method.lower())
        if handler is None:
            return method, "Not Found"
        try:
            await handler(reply)
        except ApiError as error:
            return method, error.description
        return method, None

    # ----------------------------------------------------------------------------------- control API

    def _control_user(self, value: Any) -> FakeUser:
        try:
            return self.user(int(value))
        except (TypeError, ValueError):
            raise EmulatorError(f"bad user id: {value!r}") from None

    def _control_chat(self, value: Any) -> FakeChat | None:
        return None if value in (None, "") else self.chat(int(value))

    @staticmethod
    async def _control_body(request: web.Request) -> dict[str, Any]:
        if not request.can_read_body:
            return {}
        body = await request.json()
        if not isinstance(body, dict):
            raise EmulatorError("a JSON object is expected")
        return body

    def _state(self) -> dict[str, Any]:
        return {
            "bot": self.bot_user(),
            "api_url": self.api_url,
            "users": [user.to_json() for user in self.users.values()],
            "chats": [chat.to_json() for chat in self.chats.values()],
            "webhook": self.webhook.url if self.webhook else None,
            "pending_updates": len(self._pending),
            "faults": self.faults.to_dict(),
            "last_event": len(self.events),
        }

    @_control
    async def _control_state(self, request: web.Request) -> Any:
        return self._state()

    @_control
    async def _control_add_user(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        user = self.add_user(
            str(body["first_name"]),
            last_name=body.get("last_name"),
            username=body.get("username"),
            language_code=body.get("language_code", "zh"),
            user_id=body.get("user_id"),
            started=bool(body.get("started", True)),
        )
        return user.to_json()

    @_control
    async def _control_block(self, request: web.Request) -> Any:
        user = self._control_user(request.match_info["user_id"])
        body = await self._control_body(request)
        if body.get("blocked", True):
            self.block_bot(user)
        else:
            self.unblock_bot(user)
        return user.to_json()

    @_control
    async def _control_add_group(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        chat = self.add_group(
            str(body["title"]), chat_id=body.get("chat_id"), chat_type=body.get("chat_type", "group")
        )
        return chat.to_json()

    @_control
    async def _control_add_bot_to_group(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        chat = self.chat(int(request.match_info["chat_id"]))
        return self.add_bot_to_group(self._control_user(body["user_id"]), chat).to_json()

    @_control
    async def _control_send_text(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        user = self._control_user(body["user_id"])
        chat = self._control_chat(body.get("chat_id"))
        reply_to = body.get("reply_to_message_id")
        return self.send_text(user, str(body["text"]), chat=chat, reply_to=reply_to).to_json()

    @_control
    async def _control_send_document(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        message = self.send_document(
            self._control_user(body["user_id"]),
            base64.b64decode(body["data_base64"]),
            str(body["file_name"]),
            mime_type=body.get("mime_type"),
            caption=body.get("caption"),
            chat=self._control_chat(body.get("chat_id")),
            reply_to=body.get("reply_to_message_id"),
        )
        return message.to_json()

    @_control
    async def _control_send_photo(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        message = self.send_photo(
            self._control_user(body["user_id"]),
            base64.b64decode(body["data_base64"]),
            caption=body.get("caption"),
            chat=self._control_chat(body.get("chat_id")),
            reply_to=body.get("reply_to_message_id"),
        )
        return message.to_json()

    @_control
    async def _control_send_location(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        message = self.send_location(
            self._control_user(body["user_id"]),
            float(body["latitude"]),
            float(body["longitude"]),
            chat=self._control_chat(body.get("chat_id")),
            reply_to=body.get("reply_to_message_id"),
        )
        return message.to_json()

    @_control
    async def _control_press(self, request: web.Request) -> Any:
        body = await self._control_body(request)
        chat = self.chat(int(body["chat_id"]))
        message = self.find_message(chat.id, int(body["message_id"]))
        if message is None:
            raise EmulatorError(f"no message {body['message_id']} in chat {chat.id}")
        return self.press(self._control_user(body["user_id"]), message, str(body["button"])).to_json()

    @_control
    async def _control_transcript(self, request: web.Request) -> Any:
        chat = self.chat(int(request.match_info["chat_id"]))
        after = int(request.query.get("after", 0))
        return [message.to_json() for message in self._transcripts[chat.id] if message.message_id > after]

    @_control
    async def _control_events(self, request: web.Request) -> Any:
        """Long poll: events with ``seq > after``; waits up to ``timeout`` seconds for the first one."""
        after = int(request.query.get("after", 0))
        timeout = min(float(request.query.get("timeout", 0)), 60.0)
        with contextlib.suppress(TimeoutError):
            await self.wait_for(
                lambda: True if len(self.events) > after else None, timeout=timeout, describe=lambda: ""
            )
        return {"events": self.events[after:], "last": len(self.events)}

    @_control
    async def _control_get_faults(self, request: web.Request) -> Any:
        return self.faults.to_dict()

    @_control
    async def _control_set_faults(self, request: web.Request) -> Any:
        self.faults.update(await self._control_body(request))
        return self.faults.to_dict()

    @_control
    async def _control_stats(self, request: web.Request) -> Any:
        return self.stats.to_dict()

    @_control
    async def _control_commands(self, request: web.Request) -> Any:
        scope = request.query.get("scope")
        return self.commands(scope, request.query.get("language_code"))

    @_control
    async def _control_file(self, request: web.Request) -> Any:
        stored = self._file(request.match_info["file_id"])
        headers = {"Content-Disposition": f'inline; filename="{stored.file_name or stored.file_id}"'}
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type, headers=headers)


# --------------------------------------------------------------------------------------------- module helpers


def _member(status: str, user: Mapping[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": dict(user)}
    if status == "kicked":
        member["until_date"] = 0
    return member


def _describe_media(message: ChatMessage) -> str:
    if message.document is not None:
        return f"[document {message.document.file_name}]"
    if message.photo is not None:
        return "[photo]"
    if message.location is not None:
        return f"[location {message.location['latitude']},{message.location['longitude']}]"
    return f"[service {sorted(message.extra)}]" if message.extra else "[empty]"


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request("can't parse inline keyboard: an Array of Arrays of buttons is expected")
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError.bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not any(action in button for action in INLINE_BUTTON_ACTIONS):
        raise ApiError.bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise ApiError.bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not _valid_url(button["url"]):
        raise ApiError.bad_request("BUTTON_URL_INVALID")


def _check_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise ApiError.bad_request("can't parse keyboard button: Text must be non-empty")


def _checked_command(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise ApiError.bad_request("can't parse BotCommand")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or BOT_COMMAND_RE.fullmatch(name) is None:
        raise ApiError.bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": name, "description": description}


def find_inline_button(message: ChatMessage, wanted: str) -> dict[str, Any]:
    """The inline button by exact text, else exact callback_data, else unique text substring."""
    buttons = [button for row in message.inline_keyboard for button in row]
    for matches in (
        [b for b in buttons if b.get("text") == wanted],
        [b for b in buttons if b.get("callback_data") == wanted],
        [b for b in buttons if wanted in str(b.get("text", ""))],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            texts = [b.get("text") for b in matches]
            raise ButtonNotFoundError(
                f"{wanted!r} matches several buttons on message {message.message_id}: {texts}"
            )
    available = [[b.get("text") for b in row] for row in message.inline_keyboard]
    where = f"message {message.message_id} in chat {message.chat_id}"
    raise ButtonNotFoundError(f"no button {wanted!r} on {where}; buttons: {available}")


async def _read_webhook_reply(response: ClientResponse) -> Params | None:
    """A method call in the webhook response body (JSON or multipart, as aiogram sends it)."""
    try:
        if response.content_type == "multipart/form-data":
            return await _read_multipart(MultipartReader.from_response(response))  # type: ignore[arg-type]
        if response.content_type == "application/json":
            body = await response.json()
            return Params(dict(body)) if isinstance(body, dict) else None
    except (ValueError, ClientError) as error:
        log.info("emulator: unreadable webhook response body: %s", error)
    return None
