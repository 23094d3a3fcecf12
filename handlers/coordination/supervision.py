"""``/supervision`` — the 督办 board: open orders by unit, coloured by the one rule, filtered by colour,
unit and work group (``/supervision 红 县住建局``, ``/supervision 第一工作组``); ``/supervision 导出`` (or
the button) sends the export sheet with every order's full history. Office and group leaders (their
groups); anyone else is refused by core."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from core.roles import OFFICE_ROLES
from core.supervision.board import by_unit
from core.supervision.service import Board, BoardFilter, SupervisionService
from db.enums import Role
from db.models import Person
from handlers.coordination.callbacks import OrderAction, OrderButton
from handlers.shared.answer import answer_long
from handlers.shared.filters import PrivateOrOfficeChat, Registered
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.render import LIGHT_MARK, keyboard, label

COMMANDS = [
    MenuCommand("supervision", "cmd.office_supervision", roles=OFFICE_ROLES | {Role.GROUP_LEADER}, order=62)
]
EXPORT_WORDS = {"导出", "export", "excel"}
MAX_SHOWN = 60


def board_text(board: Board) -> Safe:
    wanted = board.filter
    if not board.orders:
        return t("supervision.none")
    lines = [t("supervision.title", count=len(board.orders))]
    if wanted.colour or wanted.unit or wanted.group:
        shown = [LIGHT_MARK[wanted.colour] if wanted.colour else "", wanted.unit or "", wanted.group or ""]
        lines.append(t("supervision.filtered", filter=" ".join(x for x in shown if x)))
    count = 0
    for unit, views in by_unit(board.orders).items():
        lines.append(t("supervision.unit", unit=unit or t("order.no_unit"), count=len(views)))
        for view in views:
            count += 1
            if count > MAX_SHOWN:
                break
            due = t("supervision.due", date=view.answer_due) if view.answer_due else ""
            escalated = (
                t(f"supervision.escalated.{min(view.escalation_level, 2)}") if view.escalation_level else ""
            )
            lines.append(
                t(
                    "supervision.line",
                    light=LIGHT_MARK[view.colour] if view.colour else "✅",
                    code=view.code,
                    project=view.project or "-",
                    description=quote(view.description[:50]),
                    status=label(view.status),
                    due=due,
                    escalated=escalated,
                )
            )
    if count > MAX_SHOWN:
        lines.append(t("digest.more", count=len(board.orders) - MAX_SHOWN))
    lines.append(t("supervision.legend"))
    return Safe("\n".join(lines))


async def supervision(
    message: Message, command: CommandObject, bot: Bot, person: Person, supervision: SupervisionService
) -> None:
    words = (command.args or "").split()
    export = any(w.lower() in EXPORT_WORDS for w in words)
    wanted = supervision.parse_filter(" ".join(w for w in words if w.lower() not in EXPORT_WORDS))
    if export:
        await _send_export(bot, message.chat.id, person, supervision, wanted)
        return
    board = await supervision.board(person, wanted)
    markup = keyboard(("supervision.btn.export", OrderButton(action=OrderAction.EXPORT)))
    await answer_long(message, board_text(board), markup)


async def export_pressed(
    query: CallbackQuery, bot: Bot, person: Person, supervision: SupervisionService
) -> None:
    await query.answer()
    await _send_export(bot, pressed_message(query).chat.id, person, supervision, BoardFilter())


async def _send_export(
    bot: Bot, chat_id: int, person: Person, supervision: SupervisionService, wanted: BoardFilter
) -> None:
    name, data = await supervision.export(person, wanted)
    await bot.send_document(
        chat_id, BufferedInputFile(data, filename=name), caption=t("supervision.exported")
    )


def router() -> Router:
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(supervision, Command("supervision"), PrivateOrOfficeChat())
    router.callback_query.register(
        export_pressed, OrderButton.filter(F.action == OrderAction.EXPORT), PrivateOrOfficeChat()
    )
    return router
