"""/digest: today's digest now, as the morning job would send it (office: all; group leader: own group)."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import Message

from core.office.digest import DigestService
from core.roles import OFFICE_ROLES
from db.enums import Role
from db.models import Person
from handlers.office.digest_text import render_digest
from handlers.shared.answer import send_rendered
from handlers.shared.filters import PrivateOrOfficeChat, Registered
from handlers.shared.menu import MenuCommand

COMMANDS = [MenuCommand("digest", "cmd.office_digest", roles=OFFICE_ROLES | {Role.GROUP_LEADER}, order=59)]


async def show_digest(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    built = await digest.build_for(person)  # refuses anyone but the office and group leaders
    rendered = await asyncio.to_thread(render_digest, built)  # the chart is CPU work
    await send_rendered(bot, message.chat.id, rendered)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), PrivateOrOfficeChat())
    router.message.register(show_digest, Command("digest"))
    return router
