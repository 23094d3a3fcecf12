"""An inline date picker any feature can use (callback prefix ``cal1``).

Show it with :func:`calendar_keyboard` under a context tag of your own (a few letters, e.g.
``"ts"``), then handle the chosen day in your router::

    @router.callback_query(MyState.day, Cal.filter((F.action == CalAction.DAY) & (F.ctx == "ts")))
    async def chosen(query: CallbackQuery, callback_data: Cal) -> None:
        day = callback_data.day  # a date

Month navigation is handled here for every context: the calendar part of the keyboard is
redrawn and any rows of your own (``extra_rows``, e.g. a "keep" button) are kept as they are.
Days before ``min_day`` are shown but cannot be chosen. Callback data is checked again by
the feature (it comes from the client).
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from pydantic import model_validator

from handlers.shared.callback_fields import DayOrdinal
from handlers.shared.filters import Registered
from handlers.shared.i18n import t

_BLANK = " "


class CalAction(StrEnum):
    DAY = "d"
    NAV = "n"
    NOOP = "x"


class Cal(CallbackData, prefix="cal1"):
    action: CalAction
    ctx: str
    y: int = 0
    m: int = 0
    d: int = 0
    lo: DayOrdinal = 0  # the first day that may be chosen, as a date ordinal (0: any)

    @model_validator(mode="after")
    def _a_real_day(self) -> Cal:
        """A day or a month to show must exist (forged data fails to unpack: a stale button)."""
        if self.action != CalAction.NOOP:
            try:
                dt.date(self.y, self.m, self.d or 1)
            except OverflowError as error:  # pydantic turns only ValueError into a validation error
                raise ValueError(str(error)) from error
        return self

    @property
    def day(self) -> dt.date:
        return dt.date(self.y, self.m, self.d)

    @property
    def min_day(self) -> dt.date | None:
        return dt.date.fromordinal(self.lo) if self.lo else None


def _noop(ctx: str, text: str = _BLANK) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Cal(action=CalAction.NOOP, ctx=ctx).pack())


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def calendar_rows(
    ctx: str,
    month: dt.date,
    *,
    min_day: dt.date | None = None,
    selected: dt.date | None = None,
    today: dt.date | None = None,
) -> list[list[InlineKeyboardButton]]:
    """The month grid: a header with ‹ › navigation, weekday names, and the days (Monday first)."""
    year, mon = month.year, month.month
    lo = min_day.toordinal() if min_day else 0
    prev_y, prev_m = _shift(year, mon, -1)
    next_y, next_m = _shift(year, mon, 1)
    can_go_back = prev_y >= dt.MINYEAR and (min_day is None or dt.date(year, mon, 1) > min_day)
    rows = [
        [
            InlineKeyboardButton(
                text="‹", callback_data=Cal(action=CalAction.NAV, ctx=ctx, y=prev_y, m=prev_m, lo=lo).pack()
            )
            if can_go_back
            else _noop(ctx),
            _noop(ctx, t("cal.month", year=year, month=mon)),
            InlineKeyboardButton(
                text="›", callback_data=Cal(action=CalAction.NAV, ctx=ctx, y=next_y, m=next_m, lo=lo).pack()
            )
            if next_y <= dt.MAXYEAR
            else _noop(ctx),
        ],
        [_noop(ctx, name) for name in str(t("cal.weekdays")).split()],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, mon):
        row = []
        for number in week:
            if number == 0:
                row.append(_noop(ctx))
                continue
            day = dt.date(year, mon, number)
            if min_day is not None and day < min_day:
                row.append(_noop(ctx, "·"))
                continue
            label = f"[{number}]" if day == selected else f"{number}•" if day == today else str(number)
            row.append(
                InlineKeyboardButton(
                    text=label,
                    callback_data=Cal(action=CalAction.DAY, ctx=ctx, y=year, m=mon, d=number, lo=lo).pack(),
                )
            )
        rows.append(row)
    return rows


def calendar_keyboard(
    ctx: str,
    month: dt.date,
    *,
    min_day: dt.date | None = None,
    selected: dt.date | None = None,
    today: dt.date | None = None,
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    rows = calendar_rows(ctx, month, min_day=min_day, selected=selected, today=today)
    return InlineKeyboardMarkup(inline_keyboard=rows + (extra_rows or []))


def _is_calendar_row(row: list[InlineKeyboardButton]) -> bool:
    return bool(row) and all((b.callback_data or "").startswith(f"{Cal.__prefix__}:") for b in row)


async def navigate(query: CallbackQuery, callback_data: Cal) -> None:
    """Show another month; the feature's own rows stay under the grid."""
    message = query.message
    if isinstance(message, Message) and message.reply_markup is not None:
        extra = [row for row in message.reply_markup.inline_keyboard if not _is_calendar_row(row)]
        markup = calendar_keyboard(
            callback_data.ctx,
            dt.date(callback_data.y, callback_data.m, 1),
            min_day=callback_data.min_day,
            extra_rows=extra,
        )
        await message.edit_reply_markup(reply_markup=markup)
    await query.answer()


async def nothing(query: CallbackQuery) -> None:
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.callback_query.filter(Registered())
    router.callback_query.register(navigate, Cal.filter(F.action == CalAction.NAV))
    router.callback_query.register(nothing, Cal.filter(F.action == CalAction.NOOP))
    return router
