"""Bot API: sending text and locations, copying, forwarding, callback answers, chat actions."""

from __future__ import annotations

import logging
import time
from typing import Any

from tgemu.checks import RequestChecks
from tgemu.constants import CHAT_ACTIONS, QUERY_TOO_OLD
from tgemu.errors import ApiError
from tgemu.model import (
    CallbackAnswer,
    ChatMessage,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class MessagesApi(RequestChecks):
    """sendMessage, sendLocation, copyMessage, forwardMessage, answerCallbackQuery, sendChatAction."""

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
