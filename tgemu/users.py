"""What fake users do: join, block the bot, write, send files, press buttons."""

from __future__ import annotations

import logging
import time

from tgemu.constants import MAX_TEXT_LENGTH
from tgemu.core import EmulatorCore
from tgemu.errors import EmulatorError
from tgemu.media import guess_mime, image_size
from tgemu.model import (
    CallbackQuery,
    ChatMessage,
    ChatRef,
    FakeChat,
    FakeUser,
    MessageRef,
    UserRef,
    command_entities,
    find_inline_button,
    leading_command,
    member_api,
)

log = logging.getLogger(__name__)


class UserActions(EmulatorCore):
    """The Python API a test (or the web chat) uses to act as users."""

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

    def upgrade_to_supergroup(self, user: UserRef, group: ChatRef, *, tell_bot: bool = True) -> FakeChat:
        """``user`` upgrades ``group`` to a supergroup, as Telegram does: a new chat with a new id, the
        service messages ``migrate_to_chat_id`` (old chat) and ``migrate_from_chat_id`` (new chat), and
        from then on sends to the old id answer 400 with ``parameters.migrate_to_chat_id``.
        ``tell_bot=False``: the service messages are stored but never reach the bot (a lost update)."""
        fake, old = self.user(user), self.chat(group)
        if old.type != "group" or old.migrated_to is not None:
            raise EmulatorError(f"chat {old.id} is not a basic group that can be upgraded")
        new = self.add_group(old.title or "", chat_type="supergroup")
        new.bot_is_member = old.bot_is_member
        old.migrated_to = new.id
        self._emit("migrate", old.id, new_chat_id=new.id)
        to_old = self._store(old, fake, extra={"migrate_to_chat_id": new.id})
        to_new = self._store(new, fake, extra={"migrate_from_chat_id": old.id})
        if tell_bot:
            self._deliver_user_message(to_old)
            self._deliver_user_message(to_new)
        return new

    def _push_member_update(self, user: FakeUser, chat: FakeChat, *, old: str, new: str) -> None:
        self._emit("membership", chat.id, user=user.to_json(), old=old, new=new)
        bot_user = self.bot_user()
        self._push_update(
            "my_chat_member",
            {
                "chat": chat.to_api(),
                "from": user.to_api(),
                "date": int(self._clock()),
                "old_chat_member": member_api(old, bot_user),
                "new_chat_member": member_api(new, bot_user),
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
        mime = guess_mime(file_name, mime_type)
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
        query.update_id = self._push_update("callback_query", payload)
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
