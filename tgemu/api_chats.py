"""Bot API: chats, members, pins, commands, the menu button and the bot's profile."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tgemu.checks import RequestChecks, valid_web_app
from tgemu.constants import BOT_COMMAND_RE, GIFT_TYPES
from tgemu.core import scope_key
from tgemu.errors import ApiError
from tgemu.model import (
    member_api,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class ChatsApi(RequestChecks):
    """getChat, getChatMember, pin/unpin, set/get/deleteMyCommands, menu button, name/description."""

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
            return member_api("member" if chat.bot_is_member else "left", self.bot_user())
        if user_id not in self.users or (chat.is_private and chat.id != user_id):
            raise ApiError.bad_request("user not found")
        return member_api("member", self.users[user_id].to_api())

    async def _api_set_my_commands(self, p: Params) -> bool:
        commands = p.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError.bad_request("commands must be an array of at most 100 BotCommand")
        cleaned = [_checked_command(command) for command in commands]
        self._commands[(scope_key(p.json("scope")), p.text("language_code") or "")] = cleaned
        return True

    async def _api_get_my_commands(self, p: Params) -> list[dict[str, str]]:
        return list(self._commands.get((scope_key(p.json("scope")), p.text("language_code") or ""), []))

    async def _api_delete_my_commands(self, p: Params) -> bool:
        self._commands.pop((scope_key(p.json("scope")), p.text("language_code") or ""), None)
        return True

    async def _api_set_chat_menu_button(self, p: Params) -> bool:
        chat_id = p.integer("chat_id")
        if chat_id is not None:
            self._target_chat(p)
        button = p.json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in ("default", "commands", "web_app"):
            raise ApiError.bad_request("can't parse menu button")
        if button["type"] == "web_app" and (
            not isinstance(button.get("text"), str)
            or not button["text"]
            or not valid_web_app(button.get("web_app"))
        ):
            raise ApiError.bad_request("can't parse menu button: text and web_app.url are required")
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


def _checked_command(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise ApiError.bad_request("can't parse BotCommand")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or BOT_COMMAND_RE.fullmatch(name) is None:
        raise ApiError.bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return {"command": name, "description": description}
