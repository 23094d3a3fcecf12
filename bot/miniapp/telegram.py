"""Where the Mini App is offered in Telegram: the chat menu button of the office and group leaders,
and a button under the digest in a private chat (web_app buttons work only there)."""

from __future__ import annotations

import dataclasses
import logging
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from core.delivery.bookkeeping import Outgoing
from core.delivery.kinds import Kind
from handlers.shared.i18n import t
from handlers.shared.menu import set_miniapp_button
from handlers.shared.notifications import Rendered

if TYPE_CHECKING:
    from bot.runner import Running
    from bot.settings import Settings

log = logging.getLogger(__name__)


async def set_miniapp_menus(app: Running) -> int:
    """At start-up: the menu button of every bound office member and group leader opens the Mini App."""
    url = app.settings.miniapp_public_url
    if not url:
        return 0
    done = 0
    for person in await app.services.miniapp.readers():
        locale = person.language.value if person.language else app.settings.default_locale
        try:
            await set_miniapp_button(app.bot, person, locale, url)
            done += 1
        except TelegramAPIError as error:
            log.warning("menu button for person %s not set: %s", person.id, error)
    return done


def with_day(url: str, day: object) -> str:
    """The Mini App's URL opening on `day` (the digest's day)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("day", str(day))])
    return urllib.parse.urlunsplit(parts._replace(query=query))


def digest_button(settings: Settings) -> Callable[[Outgoing, Rendered], Rendered]:
    """The sender's decoration: a digest in a private chat gets a button opening the Mini App on its day."""

    def decorate(item: Outgoing, rendered: Rendered) -> Rendered:
        url = settings.miniapp_public_url
        if not url or item.is_group or item.kind != Kind.OFFICE_DIGEST or rendered.reply_markup is not None:
            return rendered
        link = with_day(url, item.payload.get("day", ""))
        button = InlineKeyboardButton(text=t("miniapp.open", item.locale), web_app=WebAppInfo(url=link))
        return dataclasses.replace(rendered, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))

    return decorate
