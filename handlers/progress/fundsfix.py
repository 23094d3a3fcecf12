"""/fix (and /fundsfix for funds arrived): the office corrects a ledger figure of a project.

The correction is shown on a card first ([确认] [取消]); only the confirmation writes it, as a
correction entry with its reason, and the project's lead is told what changed and why.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from core.errors import Expired, Invalid
from core.ledger import KIND_WORDS
from core.parsing.money import parse_wan
from core.progress import Correction, ProgressService
from core.roles import OFFICE_ROLES
from db.enums import LedgerKind
from db.models import Person
from handlers.shared.callback_fields import DbId
from handlers.shared.filters import HasRole, Registered
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.render import keyboard, money

COMMANDS = [
    MenuCommand("fix", "cmd.fix", roles=OFFICE_ROLES, order=69, private=True),
    MenuCommand("fundsfix", "cmd.fundsfix", roles=OFFICE_ROLES, order=70, private=True),
]

PENDING = "ledger_fix"


class FixAction(StrEnum):
    CONFIRM = "c"
    CANCEL = "x"


class FixButton(CallbackData, prefix="lf1"):
    action: FixAction
    project_id: DbId = 0


def correction_card(c: Correction) -> Safe:
    lead = c.lead_name or t("progress.fix.no_lead")
    return t(
        "progress.fix.card",
        project=c.project_name,
        figure=t(f"ledger.kind.{c.kind.value}"),
        before=money(c.before_wan),
        after=money(c.after_wan),
        delta=money(c.after_wan - c.before_wan),
        reason=c.reason,
        lead=lead,
    )


async def _propose(
    message: Message,
    state: FSMContext,
    person: Person,
    progress: ProgressService,
    kind: LedgerKind,
    args: str,
) -> None:
    parts = args.split(maxsplit=2)
    if len(parts) < 3:
        await message.answer(t("progress.fix.usage"))
        return
    name, amount_text, reason = parts
    amount = parse_wan(amount_text, default_unit="万")
    if amount is None:
        raise Invalid("progress.bad_amount")
    project = await progress.find_for_office(person, name)
    correction = await progress.preview_correction(person, project.id, kind, amount, reason)
    await state.update_data({PENDING: correction.to_state()})
    buttons = (
        ("pj.btn.confirm", FixButton(action=FixAction.CONFIRM, project_id=project.id)),
        ("pj.btn.cancel", FixButton(action=FixAction.CANCEL, project_id=project.id)),
    )
    await message.answer(correction_card(correction), reply_markup=keyboard(*buttons, width=2))


async def fix(
    message: Message, command: CommandObject, state: FSMContext, person: Person, progress: ProgressService
) -> None:
    """/fix 项目名 签约|落地|完成|到位 金额 原因 — a card to confirm the corrected cumulative total."""
    parts = (command.args or "").split(maxsplit=2)
    kind = KIND_WORDS.get(parts[1].lower()) if len(parts) == 3 else None
    if kind is None:
        await message.answer(t("progress.fix.usage"))
        return
    await _propose(message, state, person, progress, kind, f"{parts[0]} {parts[2]}")


async def funds_fix(
    message: Message, command: CommandObject, state: FSMContext, person: Person, progress: ProgressService
) -> None:
    """/fundsfix 项目名 金额 原因 — /fix for funds arrived."""
    await _propose(message, state, person, progress, LedgerKind.FUNDS, command.args or "")


async def confirmed(
    query: CallbackQuery,
    callback_data: FixButton,
    state: FSMContext,
    person: Person,
    progress: ProgressService,
) -> None:
    data = (await state.get_data()).get(PENDING)
    if not data or int(data["project_id"]) != callback_data.project_id:
        raise Expired()
    await state.update_data({PENDING: None})
    message = pressed_message(query)
    if callback_data.action == FixAction.CANCEL:
        await query.answer()
        await message.edit_text(t("progress.fix.cancelled"))
        return
    done = await progress.correct(person, Correction.from_state(data))
    await query.answer()
    told = t("progress.fix.told", lead=done.lead_name) if done.lead_name else t("progress.fix.no_lead")
    await message.edit_text(
        t(
            "progress.fix.done",
            project=done.project_name,
            figure=t(f"ledger.kind.{done.kind.value}"),
            total=money(done.after_wan),
            reason=done.reason,
            told=told,
        )
    )


async def funds_fix_refused(message: Message) -> None:
    await message.answer(t("error.forbidden"))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.message.register(fix, Command("fix"), HasRole(*OFFICE_ROLES))
    router.message.register(funds_fix, Command("fundsfix"), HasRole(*OFFICE_ROLES))
    router.message.register(funds_fix_refused, Command("fix", "fundsfix"))
    router.callback_query.register(confirmed, FixButton.filter(), HasRole(*OFFICE_ROLES))
    return router
