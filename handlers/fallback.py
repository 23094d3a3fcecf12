"""Last in line: a polite refusal for strangers, a hint for registered people."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from db.models import Person
from handlers.i18n import plain, t

router = Router(name="fallback")


@router.message(F.chat.type == "private")
async def anything(message: Message, person: Person | None = None) -> None:
    if person is None:
        assert message.from_user is not None
        await message.answer(t("start.unbound", telegram_id=message.from_user.id))
    else:
        await message.answer(t("fallback.unknown"))


@router.callback_query()
async def stale_button(query: CallbackQuery, person: Person | None = None) -> None:
    if person is None:
        await query.answer(plain(t("start.unbound", telegram_id=query.from_user.id)), show_alert=True)
    else:
        await query.answer(plain(t("error.stale_button")), show_alert=True)
