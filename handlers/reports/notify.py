"""Renderers of the report notifications: the day's reminder to the cadre and the late-report escalation to leaders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from core.delivery.kinds import Kind
from handlers.reports.callbacks import ReportAction, ReportCb
from handlers.shared.i18n import Safe, fmt_date, t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import keyboard
from handlers.trips.render import as_date, group_suffix


def report_button(trip_id: int, day: dt.date) -> InlineKeyboardMarkup:
    return keyboard(
        ("report.button.fill", ReportCb(action=ReportAction.FILL, trip_id=trip_id, day=day.toordinal()))
    )


@renderer(Kind.REPORT_REMIND)
def _remind(payload: dict[str, Any]) -> Rendered:
    day = as_date(payload["day"])
    with_cadre = t("notify.report.with_cadre", cadre=payload["cadre"]) if payload.get("cadre") else Safe("")
    text = t("notify.report.remind", day=day, city=payload.get("city") or "-", with_cadre=with_cadre)
    return Rendered(text, report_button(int(payload["trip_id"]), day))


@renderer(Kind.REPORT_ESCALATION)
def _escalation(payload: dict[str, Any]) -> Rendered:
    first, last = as_date(payload["first"]), as_date(payload["last"])
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
                day=as_date(item["day"]),
                city=item.get("city") or "-",
                with_cadre=with_cadre,
            )
        )
    return Rendered(Safe("\n".join(lines)))
