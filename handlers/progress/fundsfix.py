"""/fundsfix: the office corrects a project's funds total."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from core.errors import Invalid
from core.parsing.money import parse_wan
from core.progress import ProgressService
from core.roles import OFFICE_ROLES
from db.models import Person
from handlers.shared.filters import HasRole, Registered
from handlers.shared.i18n import t
from handlers.shared.menu import MenuCommand
from handlers.shared.render import money

COMMANDS = [
    MenuCommand("fundsfix", "cmd.fundsfix", roles=OFFICE_ROLES, order=70, private=True),
]


async def funds_fix(
    message: Message, command: CommandObject, person: Person, progress: ProgressService
) -> None:
    """/fundsfix 项目名 金额 原因 — set funds arrived (also downwards), recorded as an audited correction."""
    parts = (command.args or "").split(maxsplit=2)
    if len(parts) < 3:
        await message.answer(t("progress.fix.usage"))
        return
    name, amount_text, reason = parts
    amount = parse_wan(amount_text, default_unit="万")
    if amount is None:
        raise Invalid("progress.bad_amount")
    project = await progress.find_for_office(person, name)
    total = await progress.correct_funds(person, project.id, amount, reason)
    await message.answer(t("progress.fix.done", project=project.name, total=money(total), reason=reason))


async def funds_fix_refused(message: Message) -> None:
    await message.answer(t("error.forbidden"))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.message.register(funds_fix, Command("fundsfix"), HasRole(*OFFICE_ROLES))
    router.message.register(funds_fix_refused, Command("fundsfix"))
    return router
