"""How a trip reads, the same in a reply, the form and a notification: dates, legs, card, totals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from core.trips.status import trip_phase
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.render import join, keyboard, money
from handlers.trips.callbacks import TripAction, TripCb


def as_date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def dates_text(start: str | dt.date, end: str | dt.date) -> Safe:
    first, last = as_date(start), as_date(end)
    if first == last:
        return t("trip.dates.one", start=first)
    return t("trip.dates.span", start=first, end=last, days=(last - first).days + 1)


def year_note(start: str | dt.date, end: str | dt.date, today: dt.date) -> Safe:
    """A line naming the year when the trip is not (only) in this year: 4月8日 said in December."""
    years = sorted({as_date(start).year, as_date(end).year})
    if years == [today.year]:
        return Safe("")
    return t("trip.card.year", years="–".join(str(y) for y in years))


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
    """The trip's status on ``today`` (core.trips.status: the one rule every view uses)."""
    start, end, back = (payload.get(k) for k in ("start", "end", "returned_on"))
    phase = trip_phase(
        payload.get("status", "planned"),
        as_date(start) if start else None,
        as_date(end) if end else None,
        today,
        as_date(back) if back else None,
    )
    return t(f"trip.status.{phase.value}")


def trip_card(payload: dict[str, Any], title: Safe) -> Safe:
    header = t("trip.card.cadre", name=payload.get("cadre", ""), group=group_suffix(payload.get("group")))
    return Safe(f"{title}\n{header}\n{trip_body(payload)}")


def draft_keyboard(trip_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        ("trip.button.confirm", TripCb(action=TripAction.CONFIRM, trip_id=trip_id)),
        ("trip.button.edit", TripCb(action=TripAction.EDIT, trip_id=trip_id)),
        ("trip.button.cancel", TripCb(action=TripAction.DISCARD, trip_id=trip_id)),
    )


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
