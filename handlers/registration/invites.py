"""/invite NAME-or-PHONE: the office creates a single-use deep link for a registered person."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.deep_linking import create_start_link

from core.people import PeopleService
from core.roles import OFFICE_ROLES
from db.models import Person
from handlers.shared.filters import HasRole
from handlers.shared.i18n import t
from handlers.shared.menu import MenuCommand

COMMANDS = [MenuCommand("invite", "cmd.invite", roles=OFFICE_ROLES, order=80)]


async def invite(
    message: Message, command: CommandObject, person: Person, people: PeopleService, bot: Bot
) -> None:
    if not command.args:
        await message.answer(t("invite.usage"))
        return
    issued = await people.create_invite(person, command.args)
    link = await create_start_link(bot, issued.token)
    hours = int(people.invite_ttl.total_seconds() // 3600)
    await message.answer(t("invite.created", name=issued.person.name, hours=hours, link=link))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(*OFFICE_ROLES), F.chat.type == "private")
    router.message.register(invite, Command("invite"))
    return router
