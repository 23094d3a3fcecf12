"""Office chats: bind a group as the office chat (/bind, /unbind), subscribe to the digest in private (/subscribe, /unsubscribe)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from core.office.chats import OfficeChatService
from db.enums import Language, Role
from db.models import Person
from handlers.office.queries import READERS
from handlers.shared.filters import Registered
from handlers.shared.i18n import t
from handlers.shared.menu import MenuCommand

COMMANDS = [
    MenuCommand("subscribe", "cmd.office_subscribe", roles=READERS, order=70),
    MenuCommand("unsubscribe", "cmd.office_unsubscribe", roles=READERS, order=71),
    MenuCommand("bind", "cmd.office_bind", roles=frozenset({Role.ADMIN}), order=79),
]


def _scope_label(group: str | None) -> str:
    return group or t("office.scope.all")


async def bind(
    message: Message, command: CommandObject, person: Person, locale: str, office_chats: OfficeChatService
) -> None:
    bound = await office_chats.bind(
        person,
        chat_id=message.chat.id,
        title=message.chat.title,
        group_name=command.args,
        language=Language(locale),
    )
    await message.answer(t("office.bind.done", scope=_scope_label(bound.work_group)))


async def unbind(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    done = await office_chats.unbind(person, chat_id=message.chat.id)
    await message.answer(t("office.unbind.done" if done else "office.unbind.none"))


async def subscribe(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    bound = await office_chats.subscribe(person)
    key = "office.subscribe.already" if bound.already else "office.subscribe.done"
    await message.answer(t(key, scope=_scope_label(bound.work_group)))


async def unsubscribe(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    done = await office_chats.unsubscribe(person)
    await message.answer(t("office.unsubscribe.done" if done else "office.unsubscribe.none"))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(bind, Command("bind"))
    router.message.register(unbind, Command("unbind"))
    router.message.register(subscribe, Command("subscribe"), F.chat.type == "private")
    router.message.register(unsubscribe, Command("unsubscribe"), F.chat.type == "private")
    return router
