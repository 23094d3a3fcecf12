"""Last in line: a polite refusal for strangers, a hint for registered people."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from db.models import Person
from handlers.shared.i18n import plain, t
from handlers.shared.menu import MenuCommand, chosen_commands


async def anything(message: Message, menu: list[MenuCommand], person: Person | None = None) -> None:
    if person is None:
        assert message.from_user is not None
        await message.answer(t("start.unbound", telegram_id=message.from_user.id))
    elif _command(message.text) in {c.command for c in menu}:
        # a real command of another role reached the end: this person may not use it
        await message.answer(t("error.forbidden"))
    else:
        await message.answer(t("fallback.unknown"))


async def group_command(message: Message, menu: list[MenuCommand], person: Person | None = None) -> None:
    """In a group the bot sees commands only; one of the person's own that works only in a private
    chat gets a hint. Strangers and anything else: silence (the group is not spammed)."""
    command = _command(message.text)
    if person is None or command is None:
        return
    if command in {c.command for c in chosen_commands(person.role_set, menu)}:
        await message.reply(t("group.private_only", command=command))


def _command(text: str | None) -> str | None:
    if not text or not text.startswith("/"):
        return None
    words = text[1:].split(maxsplit=1)
    if not words:  # "/" alone
        return None
    return words[0].split("@", 1)[0].lower()


async def stale_button(query: CallbackQuery, person: Person | None = None) -> None:
    if person is None:
        await query.answer(plain(t("start.unbound", telegram_id=query.from_user.id)), show_alert=True)
    else:
        await query.answer(plain(t("error.stale_button")), show_alert=True)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(anything, F.chat.type == "private")
    router.message.register(group_command, F.chat.type != "private")
    router.callback_query.register(stale_button)
    return router
