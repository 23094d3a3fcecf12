"""What the emulator models: fake users and chats, stored files, messages, callback queries, webhooks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from tgemu.constants import COMMAND_RE
from tgemu.errors import ButtonNotFoundError


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
    migrated_to: int | None = None
    """A group upgraded to a supergroup: sends here answer 400 with ``migrate_to_chat_id``."""

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
    caused_by: int | None = None
    """Bot messages: the update whose handling sent this one (None: sent on the bot's own initiative)."""

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
            "caused_by_update": self.caused_by,
        }


@dataclass(frozen=True)
class Answer:
    """A bot message sent (``version`` 0) or edited (``version`` n: its n-th edit) while handling an update."""

    message: ChatMessage
    version: int

    @property
    def edit(self) -> bool:
        return self.version > 0


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
    update_id: int | None = None

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


def member_api(status: str, user: Mapping[str, Any]) -> dict[str, Any]:
    member: dict[str, Any] = {"status": status, "user": dict(user)}
    if status == "kicked":
        member["until_date"] = 0
    return member


def describe_media(message: ChatMessage) -> str:
    if message.document is not None:
        return f"[document {message.document.file_name}]"
    if message.photo is not None:
        return "[photo]"
    if message.location is not None:
        return f"[location {message.location['latitude']},{message.location['longitude']}]"
    return f"[service {sorted(message.extra)}]" if message.extra else "[empty]"


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
