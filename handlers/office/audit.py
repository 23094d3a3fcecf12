"""/audit (admins, private chat): the latest audit events — all, a person's, or an object's — and the
log as a spreadsheet."""

from __future__ import annotations

import json

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from core.audit import AuditLine, AuditService
from db.enums import Role
from db.models import Person
from handlers.office.callbacks import AuditAction, AuditButton
from handlers.shared.answer import answer_long
from handlers.shared.filters import HasRole
from handlers.shared.i18n import Safe, catalog, quote, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.render import keyboard

ADMINS = frozenset({Role.ADMIN})
COMMANDS = [MenuCommand("audit", "cmd.audit", roles=ADMINS, order=83, private=True)]


def _action(action: str) -> Safe:
    key = f"audit.action.{action}"
    return t(key) if key in catalog() else quote(action)


def _line(line: AuditLine) -> Safe:
    details = json.dumps(line.details, ensure_ascii=False, default=str) if line.details else ""
    return t(
        "audit.line",
        at=line.at.strftime("%m-%d %H:%M"),
        actor=line.actor or t("audit.system"),
        action=_action(line.action),
        entity=line.entity,
        entity_id=line.entity_id if line.entity_id is not None else "-",
        details=details[:120],
    )


async def audit(message: Message, command: CommandObject, person: Person, audit: AuditService) -> None:
    page = await audit.recent(person, command.args)
    title = t("audit.title.about", about=page.about) if page.about else t("audit.title")
    lines = [title, *(_line(line) for line in page.lines)] if page.lines else [title, t("audit.empty")]
    lines.append(t("audit.usage_hint"))
    await answer_long(
        message,
        Safe("\n".join(lines)),
        reply_markup=keyboard(("audit.button.export", AuditButton(action=AuditAction.EXPORT))),
    )


async def export(query: CallbackQuery, person: Person, audit: AuditService) -> None:
    name, data, rows = await audit.workbook(person)
    await pressed_message(query).answer_document(
        BufferedInputFile(data, filename=name), caption=t("audit.export_caption", rows=rows)
    )
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(*ADMINS), F.chat.type == "private")
    router.callback_query.filter(HasRole(*ADMINS))
    router.message.register(audit, Command("audit"))
    router.callback_query.register(export, AuditButton.filter(F.action == AuditAction.EXPORT))
    return router
