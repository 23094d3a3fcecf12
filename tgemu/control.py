"""The control API: JSON over HTTP for the browser web chat and tests (``/_control/...``)."""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tgemu.errors import EmulatorError
from tgemu.model import (
    FakeChat,
    FakeUser,
)
from tgemu.params import json_response
from tgemu.users import UserActions

log = logging.getLogger(__name__)


def _control(
    handler: Callable[[ControlApi, web.Request], Awaitable[Any]],
) -> Callable[[ControlApi, web.Request], Awaitable[web.StreamResponse]]:
    """A control-API endpoint: JSON result, or 400 ``{"error": ...}`` when the request is wrong."""

    async def wrapped(self: ControlApi, request: web.Request) -> web.StreamResponse:
        try:
            result = await handler(self, request)
        except (EmulatorError, KeyError, ValueError, TypeError) as error:
            return json_response({"error": str(error)}, status=400)
        return result if isinstance(result, web.StreamResponse) else json_response(result)

    return wrapped


# --------------------------------------------------------------------------------------------- emulator


class ControlApi(UserActions):
    """``/_control/...`` endpoints mirroring the Python API."""

    def _control_routes(self) -> list[web.RouteDef]:
        return [
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
