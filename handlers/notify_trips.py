"""How trips and reports look: their callback data, cards, and the notification renderers.

The trip modules (trips, trip_form, reports, travelling) share what is here, so that a trip
reads the same in a reply, a form and a notification. Renderers are pure functions of the
payload written by core/trips.py and core/reports.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.vocabulary import format_wan
from handlers.callback_fields import DayOrdinal, DbId
from handlers.i18n import Safe, current_locale, fmt_date, quote, t
from handlers.notifications import Rendered, renderer
from handlers.render import join

# --------------------------------------------------------------------------------------------- callback data


class TripAction(StrEnum):
    CONFIRM = "c"  # draft card: confirm
    EDIT = "e"  # draft card: open the form on it
    DISCARD = "x"  # draft card: throw it away
    FORM = "f"  # start a blank form
    KEEP = "k"  # form step: keep the current value
    SKIP = "s"  # form step: leave it empty
    SAVE = "v"  # form review: save
    REDO = "r"  # form review: go through the steps again
    ADD_LEG = "a"  # form review: one more leg
    ABORT = "q"  # leave the form
    BACK = "b"  # close a trip (/back, the ask-return notification)
    NO_SUMMARY = "n"  # close without a summary


class TripCb(CallbackData, prefix="t1"):
    action: TripAction
    trip_id: DbId = 0


class MyTripAction(StrEnum):
    LIST = "l"
    VIEW = "v"
    EDIT = "e"
    CANCEL = "c"
    CANCEL_YES = "y"


class MyTripCb(CallbackData, prefix="t2"):
    action: MyTripAction
    trip_id: DbId = 0


class ReportAction(StrEnum):
    FILL = "f"  # start the report for a trip day
    HERE = "h"  # where: the itinerary's city
    KEEP = "k"  # keep the value of the report being edited
    SKIP = "s"
    DONE = "d"
    TOGGLE = "t"  # joint report: (un)select a companion
    SUBMIT = "v"
    DISCARD = "x"


class ReportCb(CallbackData, prefix="r1"):
    action: ReportAction
    trip_id: DbId = 0
    day: DayOrdinal = 0
    arg: DbId = 0  # a person id (TOGGLE)


def report_button(trip_id: int, day: dt.date) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("report.button.fill"),
        callback_data=ReportCb(action=ReportAction.FILL, trip_id=trip_id, day=day.toordinal()),
    )
    return kb.as_markup()


# --------------------------------------------------------------------------------------------- trips


def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def dates_text(start: str | dt.date, end: str | dt.date) -> Safe:
    first, last = _day(start), _day(end)
    if first == last:
        return t("trip.dates.one", start=first)
    return t("trip.dates.span", start=first, end=last, days=(last - first).days + 1)


def group_suffix(group: str | None) -> Safe:
    return t("trip.group", group=group) if group else Safe("")


def trip_place(payload: dict[str, Any]) -> str:
    return " → ".join(leg["place"] for leg in payload.get("legs", []))


def trip_body(payload: dict[str, Any]) -> Safe:
    """The legs (place, dates, whom to visit), the purpose and the companions."""
    lines: list[str] = []
    for n, leg in enumerate(payload.get("legs", []), start=1):
        lines.append(t("trip.card.leg", n=n, place=leg["place"], dates=dates_text(leg["start"], leg["end"])))
        if leg.get("targets"):
            lines.append(t("trip.card.targets", targets=leg["targets"]))
    if payload.get("purpose"):
        lines.append(t("trip.card.purpose", purpose=payload["purpose"]))
    if payload.get("companions"):
        lines.append(t("trip.card.companions", names=join(quote(n) for n in payload["companions"])))
    return Safe("\n".join(lines))


def status_text(payload: dict[str, Any], today: dt.date) -> Safe:
    status = payload.get("status", "planned")
    if status == "planned" and payload.get("start") and _day(payload["start"]) <= today:
        return t("trip.status.ongoing")
    return t(f"trip.status.{status}")


def trip_card(payload: dict[str, Any], title: Safe) -> Safe:
    header = t("trip.card.cadre", name=payload.get("cadre", ""), group=group_suffix(payload.get("group")))
    return Safe(f"{title}\n{header}\n{trip_body(payload)}")


def draft_keyboard(trip_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("trip.button.confirm"), callback_data=TripCb(action=TripAction.CONFIRM, trip_id=trip_id))
    kb.button(text=t("trip.button.edit"), callback_data=TripCb(action=TripAction.EDIT, trip_id=trip_id))
    kb.button(text=t("trip.button.cancel"), callback_data=TripCb(action=TripAction.DISCARD, trip_id=trip_id))
    return kb.as_markup()


def money(value: str | Decimal | None) -> str:
    amount = Decimal(str(value)) if value is not None else Decimal(0)
    return format_wan(amount, current_locale())


# --------------------------------------------------------------------------------------------- renderers


@renderer("trip.declared")
def _declared(payload: dict[str, Any]) -> Rendered:
    if payload.get("companion"):
        head = t("notify.trip.declared_companion", cadre=payload["cadre"])
    else:
        head = t("notify.trip.declared", cadre=payload["cadre"], group=group_suffix(payload.get("group")))
    return Rendered(Safe(f"{head}\n{trip_body(payload)}"))


@renderer("trip.changed")
def _changed(payload: dict[str, Any]) -> Rendered:
    head = t(
        "notify.trip.changed",
        version=payload["version"],
        cadre=payload["cadre"],
        group=group_suffix(payload.get("group")),
    )
    lines = [head, trip_body(payload)]
    before = payload.get("before") or {}
    if before.get("legs"):
        legs = "；".join(f"{leg['place']} {dates_text(leg['start'], leg['end'])}" for leg in before["legs"])
        lines.append(t("notify.trip.before", legs=legs))
    return Rendered(Safe("\n".join(lines)))


@renderer("trip.cancelled")
def _cancelled(payload: dict[str, Any]) -> Rendered:
    head = t("notify.trip.cancelled", cadre=payload["cadre"], group=group_suffix(payload.get("group")))
    return Rendered(Safe(f"{head}\n{trip_body(payload)}"))


def totals_text(payload: dict[str, Any], key: str) -> Safe:
    return t(
        key,
        cadre=payload.get("cadre", ""),
        group=group_suffix(payload.get("group")),
        place=trip_place(payload),
        dates=dates_text(payload["start"], payload["end"]),
        days=payload.get("days", 0),
        cities=join(quote(c) for c in payload.get("cities", [])) or "-",
        reports=payload.get("reports", 0),
        visits=payload.get("visits", 0),
        leads=payload.get("leads", 0),
        investment=money(payload.get("investment_wan")),
    )


@renderer("trip.returned")
def _returned(payload: dict[str, Any]) -> Rendered:
    lines = [totals_text(payload, "notify.trip.returned")]
    if payload.get("summary"):
        lines.append(t("notify.trip.summary", summary=payload["summary"]))
    return Rendered(Safe("\n".join(lines)))


@renderer("trip.ask_return")
def _ask_return(payload: dict[str, Any]) -> Rendered:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("mytrips.button.back"),
        callback_data=TripCb(action=TripAction.BACK, trip_id=payload["trip_id"]),
    )
    text = t(
        "notify.trip.ask_return",
        place=trip_place(payload),
        dates=dates_text(payload["start"], payload["end"]),
    )
    return Rendered(text, kb.as_markup())


@renderer("report.remind")
def _remind(payload: dict[str, Any]) -> Rendered:
    day = _day(payload["day"])
    with_cadre = t("notify.report.with_cadre", cadre=payload["cadre"]) if payload.get("cadre") else Safe("")
    text = t("notify.report.remind", day=day, city=payload.get("city") or "-", with_cadre=with_cadre)
    return Rendered(text, report_button(int(payload["trip_id"]), day))


@renderer("report.escalation")
def _escalation(payload: dict[str, Any]) -> Rendered:
    first, last = _day(payload["first"]), _day(payload["last"])
    period = fmt_date(first) if first == last else f"{fmt_date(first)}–{fmt_date(last)}"
    lines = [t("notify.report.escalation", period=period)]
    for item in payload.get("items", []):
        with_cadre = (
            t("notify.report.with_cadre", cadre=item["with_cadre"]) if item.get("with_cadre") else Safe("")
        )
        lines.append(
            t(
                "notify.report.escalation_item",
                name=item["name"],
                group=group_suffix(item.get("group")),
                day=_day(item["day"]),
                city=item.get("city") or "-",
                with_cadre=with_cadre,
            )
        )
    return Rendered(Safe("\n".join(lines)))
