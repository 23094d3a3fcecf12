"""How a Bot API request is checked: the chat, formatting, keyboards, replies, and faults."""

from __future__ import annotations

import logging
import time
from typing import Any

from tgemu.constants import (
    INLINE_BUTTON_ACTIONS,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    SERVER_ERROR_DESCRIPTIONS,
)
from tgemu.core import EmulatorCore
from tgemu.errors import ApiError
from tgemu.html_check import HtmlParseError, ParsedText, parse_html, strip_text
from tgemu.model import (
    ChatMessage,
    FakeChat,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class RequestChecks(EmulatorCore):
    """Validation shared by the method families, and admission (rate limits, 5xx)."""

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
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
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
            web_app = any(
                "web_app" in b for row in markup["inline_keyboard"] for b in row if isinstance(b, dict)
            )
            chat_id = p.integer("chat_id")
            if web_app and chat_id is not None and chat_id < 0:
                raise ApiError.bad_request("BUTTON_TYPE_INVALID")  # web_app buttons: private chats only
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

    def _admit(self, chat: FakeChat, *, count: int = 1, edit: bool = False) -> None:
        """Faults for a send/edit that passed validation: 429 (rate limits), then 5xx; else count it."""
        limits = self.faults.rate_limits
        now = time.monotonic()
        counted = limits is not None and (not edit or limits.count_edits)
        if limits is not None and counted:
            self._limiter.limits = limits
            self.stats.offered.extend([now] * count)
            verdict = self._limiter.check(chat.id, chat.is_private, now, count)
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
            self._limiter.record(chat.id, chat.is_private, now, count)
        if not edit:
            self.stats.record_delivery(chat.id, now, count)


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str) or not url or any(ch.isspace() for ch in url):
        return False
    return "." in url or ":" in url


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
    if "web_app" in button and not valid_web_app(button["web_app"]):
        raise ApiError.bad_request("BUTTON_URL_INVALID")


def valid_web_app(web_app: Any) -> bool:
    """A WebAppInfo: an http(s) URL (Telegram's test environment also allows http, as this one does)."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    return isinstance(url, str) and url.startswith(("https://", "http://")) and _valid_url(url)


def _check_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError.bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise ApiError.bad_request("can't parse keyboard button: Text must be non-empty")
