"""The weekly ranking notice: review a draft ([发布] [放弃]) and publish it in one tap; /ranking shows
this week's notice (drafting it now if the job has not run yet). Office and admins only (core checks)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from core.office.ranking import RankingService
from core.roles import OFFICE_ROLES
from db.enums import NoticeStatus
from db.models import Person
from handlers.office.callbacks import NoticeAction, NoticeButton
from handlers.office.notice_text import notice_keyboard, review_text
from handlers.shared.answer import send_rendered
from handlers.shared.filters import PrivateOrOfficeChat, Registered
from handlers.shared.i18n import Safe, plain, t
from handlers.shared.menu import MenuCommand
from handlers.shared.notifications import Rendered

COMMANDS = [MenuCommand("ranking", "cmd.office_ranking", roles=OFFICE_ROLES, order=66)]


async def show_ranking(message: Message, bot: Bot, person: Person, ranking: RankingService) -> None:
    notice = await ranking.draft_now(person)
    markup = notice_keyboard(notice.id) if notice.status == NoticeStatus.DRAFT else None
    await send_rendered(
        bot, message.chat.id, Rendered(review_text(notice.body, notice.status), reply_markup=markup)
    )


async def _close_review(query: CallbackQuery, outcome: Safe, status: NoticeStatus) -> None:
    """The reviewed message's status line now says what was decided (not 草稿 any more), its buttons
    go, and the outcome is one line under it."""
    await query.answer(plain(outcome))
    if isinstance(query.message, Message):
        message = query.message
        draft = str(t("notice.review.footer", status=t("notice.status.draft")))
        now = str(t("notice.review.footer", status=t(f"notice.status.{status.value}")))
        if message.text is not None and message.html_text.endswith(draft):
            await message.edit_text(Safe(message.html_text[: -len(draft)] + now), reply_markup=None)
        else:
            await message.edit_reply_markup(reply_markup=None)
        await message.answer(outcome)


async def publish(
    query: CallbackQuery, callback_data: NoticeButton, person: Person, ranking: RankingService
) -> None:
    published = await ranking.publish(person, callback_data.notice_id)
    await _close_review(query, t("notice.published_to", count=published.recipients), published.notice.status)


async def discard(
    query: CallbackQuery, callback_data: NoticeButton, person: Person, ranking: RankingService
) -> None:
    discarded = await ranking.discard(person, callback_data.notice_id)
    await _close_review(query, t("notice.discarded"), discarded.status)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), PrivateOrOfficeChat())
    router.callback_query.filter(Registered(), PrivateOrOfficeChat())
    router.message.register(show_ranking, Command("ranking"))
    router.callback_query.register(publish, NoticeButton.filter(F.action == NoticeAction.PUBLISH))
    router.callback_query.register(discard, NoticeButton.filter(F.action == NoticeAction.DISCARD))
    return router
