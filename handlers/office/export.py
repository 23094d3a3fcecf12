"""/export: the campaign ledger as .xlsx (office: all; group leader: own group).

The ledger holds personal data (the people sheet's phones), so asked for in a group it goes to the
requester's private chat, and the group gets a note saying so.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from core.clock import Clock
from core.office.export import ExportService
from core.roles import OFFICE_ROLES
from db.enums import Role
from db.models import Person
from handlers.shared.filters import PrivateOrOfficeChat, Registered
from handlers.shared.i18n import t
from handlers.shared.menu import MenuCommand

COMMANDS = [MenuCommand("export", "cmd.office_export", roles=OFFICE_ROLES | {Role.GROUP_LEADER}, order=65)]


async def export(message: Message, person: Person, exports: ExportService, clock: Clock, bot: Bot) -> None:
    file = await exports.workbook(person)  # refuses anyone else; the workbook is written in a thread
    scope = file.scope or t("office.scope.all")
    document = BufferedInputFile(file.data, filename=file.file_name)
    caption = t("export.caption", scope=scope, date=clock.today())
    if message.chat.type == "private":
        await message.answer_document(document, caption=caption)
        return
    if person.telegram_id is None:
        await message.answer(t("export.private_failed", name=person.name))
        return
    try:
        await bot.send_document(person.telegram_id, document, caption=caption)
    except TelegramAPIError:  # never opened a private chat with the bot, or blocked it
        await message.answer(t("export.private_failed", name=person.name))
        return
    await message.answer(t("export.sent_privately", name=person.name, scope=scope))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), PrivateOrOfficeChat())
    router.message.register(export, Command("export"))
    return router
