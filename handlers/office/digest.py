"""/digest: the digest now, as the morning job would send it, or as of a past day, over a month or a range,
or today so far (office: all; group leader: own group)."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
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


async def show_digest(
    message: Message, command: CommandObject, bot: Bot, person: Person, digest: DigestService
) -> None:
    """/digest [2026-11-30 | 11月 | 11月1日-11月15日 | 今天]: the digest as of a day, over a range, or today so far."""
    built = await digest.build_for(person, when=command.args or "")  # office and group leaders only
    rendered = await asyncio.to_thread(render_digest, built)  # the chart is CPU work
    await send_rendered(bot, message.chat.id, rendered)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), PrivateOrOfficeChat())
    router.message.register(show_digest, Command("digest"))
    return router
