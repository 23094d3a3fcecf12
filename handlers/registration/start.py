"""/start: bind a Telegram account through an invite deep link; refuse everyone else politely."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message

from core.people import PeopleService, TelegramIdentity
from db.models import Person
from handlers.registration.invites import tell_replaced
from handlers.shared import render
from handlers.shared.i18n import set_locale, t
from handlers.shared.menu import MenuCommand, MiniAppSettings, set_person_menu

COMMANDS = [MenuCommand("start", "cmd.start", order=0, private=True)]


async def start_with_token(
    message: Message,
    command: CommandObject,
    bot: Bot,
    people: PeopleService,
    menu: list[MenuCommand],
    settings: MiniAppSettings,
    person: Person | None = None,
) -> None:
    user = message.from_user
    assert user is not None
    binding = await people.bind(
        command.args or "",
        TelegramIdentity(id=user.id, username=user.username, language_code=user.language_code),
    )
    bound = binding.person
    locale = bound.language.value if bound.language else None
    set_locale(locale)
    await set_person_menu(bot, bound, locale or "zh", menu, settings.miniapp_public_url, people=people)
    await message.answer(t("start.bound", name=bound.name, roles=render.roles(bound)))
    if binding.replaced is not None:
        await tell_replaced(bot, binding.replaced, bound, "start.replaced")


async def start_plain(message: Message, person: Person | None = None) -> None:
    if person is None:
        assert message.from_user is not None
        await message.answer(t("start.unbound", telegram_id=message.from_user.id))
        return
    await message.answer(t("start.welcome_back", name=person.name, roles=render.roles(person)))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(start_with_token, CommandStart(deep_link=True))
    router.message.register(start_plain, CommandStart())
    return router
