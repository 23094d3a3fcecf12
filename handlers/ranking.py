"""The weekly ranking notice: review a draft ([发布] [放弃]) and publish it in one tap; /ranking shows
this week's notice (drafting it now if the job has not run yet). Office and admins only (core checks)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from core.ranking import RankingService
from core.roles import OFFICE_ROLES
from db.enums import NoticeStatus
from db.models import Person
from handlers.filters import PrivateOrOfficeChat, Registered
from handlers.i18n import Safe, plain, t
from handlers.menu import MenuCommand
from handlers.notifications import Rendered
from handlers.notify_office import NoticeAction, NoticeButton, notice_keyboard, review_text, send_rendered

router = Router(name="ranking")
router.message.filter(Registered(), PrivateOrOfficeChat())
router.callback_query.filter(Registered(), PrivateOrOfficeChat())

COMMANDS = [MenuCommand("ranking", "cmd.office_ranking", roles=OFFICE_ROLES, order=66)]


@router.message(Command("ranking"))
async def show_ranking(message: Message, bot: Bot, person: Person, ranking: RankingService) -> None:
    notice = await ranking.draft_now(person)
    markup = notice_keyboard(notice.id) if notice.status == NoticeStatus.DRAFT else None
    await send_rendered(
        bot, message.chat.id, Rendered(review_text(notice.body, notice.status), reply_markup=markup)
    )


async def _close_review(query: CallbackQuery, outcome: Safe) -> None:
    """Replace the buttons of the reviewed message with the outcome (one line under it)."""
    await query.answer(plain(outcome))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(outcome)


@router.callback_query(NoticeButton.filter(F.action == NoticeAction.PUBLISH))
async def publish(
    query: CallbackQuery, callback_data: NoticeButton, person: Person, ranking: RankingService
) -> None:
    published = await ranking.publish(person, callback_data.notice_id)
    await _close_review(query, t("notice.published_to", count=published.recipients))


@router.callback_query(NoticeButton.filter(F.action == NoticeAction.DISCARD))
async def discard(
    query: CallbackQuery, callback_data: NoticeButton, person: Person, ranking: RankingService
) -> None:
    await ranking.discard(person, callback_data.notice_id)
    await _close_review(query, t("notice.discarded"))
