"""What a user sees of the bot's messages: snapshots of messages, buttons, files and button presses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tgemu.errors import EmulatorError
from tgemu.model import CallbackAnswer, ChatMessage, StoredFile

__all__ = ["Attachment", "BotMessage", "Button", "PressResult"]


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
    ``update_id``: the update this snapshot answers (the one whose handling sent it, or the press that
    edited it into what it shows); None for a notification or a bot that does not name its updates.
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
    update_id: int | None = field(default=None, compare=False)

    @classmethod
    def capture(cls, message: ChatMessage, update_id: int | None = None) -> BotMessage:
        """Snapshot ``message``; ``update_id`` defaults to the update that sent it."""
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
            update_id=message.caused_by if update_id is None else update_id,
        )

    def refresh(self) -> BotMessage:
        """The same message as it is now (after edits/deletion)."""
        return BotMessage.capture(self.source, self.update_id)

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
    ``update_id``: the callback query's update (known to a tester that matches updates).
    """

    answer: CallbackAnswer | None
    message: BotMessage | None
    edited: bool
    new_messages: tuple[BotMessage, ...] = ()
    update_id: int | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def text(self) -> str | None:
        return self.message.text if self.message else None
