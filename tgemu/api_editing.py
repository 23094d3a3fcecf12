"""Bot API: editing and deleting messages."""

from __future__ import annotations

import logging
from typing import Any

from tgemu.checks import RequestChecks
from tgemu.constants import NOT_MODIFIED
from tgemu.errors import ApiError
from tgemu.model import (
    ChatMessage,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class EditingApi(RequestChecks):
    """editMessageText/Caption/ReplyMarkup, deleteMessage(s)."""

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
