"""A local Telegram Bot API server: the real aiogram ``Bot`` talks HTTP to it in tests and in the sandbox.

::

    async with BotApiEmulator() as emu:
        bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.api_url)))
        alice = emu.add_user("Alice")
        emu.send_text(alice, "/start")           # an update the bot receives by getUpdates or webhook
        reply = await emu.wait_bot_message(alice)

It answers like Telegram where it matters (error codes and descriptions, HTML parsing, limits,
edits, callback queries, files, webhooks, long polling), keeps a transcript of every chat, and lets
tests inject faults (:mod:`tgemu.faults`). ``/_control/...`` mirrors the Python API over JSON
for the browser web chat.

The emulator is composed of parts, one module each: the state and its primitives (:mod:`tgemu.core`),
what users do (:mod:`tgemu.users`), waiting for the bot (:mod:`tgemu.waiting`), the Bot API method
families (``tgemu.api_*``) with their shared checks (:mod:`tgemu.checks`), the HTTP transport and
webhook delivery (:mod:`tgemu.transport`) and the control API (:mod:`tgemu.control`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tgemu.api_chats import ChatsApi
from tgemu.api_editing import EditingApi
from tgemu.api_media import MediaApi
from tgemu.api_messages import MessagesApi
from tgemu.api_updates import UpdatesApi
from tgemu.constants import DEFAULT_TOKEN
from tgemu.control import ControlApi
from tgemu.errors import ButtonNotFoundError, EmulatorError
from tgemu.media import make_png
from tgemu.model import (
    Answer,
    CallbackAnswer,
    ChatMessage,
    ChatRef,
    FakeChat,
    FakeUser,
    MessageRef,
)
from tgemu.params import Params
from tgemu.transport import Transport
from tgemu.waiting import Waiting

__all__ = [
    "DEFAULT_TOKEN",
    "Answer",
    "BotApiEmulator",
    "ButtonNotFoundError",
    "CallbackAnswer",
    "ChatMessage",
    "ChatRef",
    "EmulatorError",
    "FakeChat",
    "FakeUser",
    "MessageRef",
    "make_png",
]


class BotApiEmulator(ControlApi, Waiting, UpdatesApi, MessagesApi, MediaApi, EditingApi, ChatsApi, Transport):
    """The Bot API for one bot, fake users and chats, a transcript, and fault injection."""

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
