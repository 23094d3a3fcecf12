"""Renderers of trip notifications: declared, changed, cancelled, returned (the totals), and the ask to
close a trip that has ended. Pure functions of the payload written by core/trips/.
"""

from __future__ import annotations

from typing import Any

from core.delivery.kinds import Kind
from handlers.shared.i18n import Safe, t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import keyboard
from handlers.trips.callbacks import TripAction, TripCb
from handlers.trips.render import as_date, dates_text, group_suffix, totals_text, trip_body, trip_place

# --------------------------------------------------------------------------------------------- renderers


@renderer(Kind.TRIP_DECLARED)
def _declared(payload: dict[str, Any]) -> Rendered:
    if payload.get("companion"):
        head = t("notify.trip.declared_companion", cadre=payload["cadre"])
    else:
        head = t("notify.trip.declared", cadre=payload["cadre"], group=group_suffix(payload.get("group")))
    return Rendered(Safe(f"{head}\n{trip_body(payload)}"))


@renderer(Kind.TRIP_CHANGED)
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


@renderer(Kind.TRIP_CANCELLED)
def _cancelled(payload: dict[str, Any]) -> Rendered:
    head = t("notify.trip.cancelled", cadre=payload["cadre"], group=group_suffix(payload.get("group")))
    return Rendered(Safe(f"{head}\n{trip_body(payload)}"))


@renderer(Kind.TRIP_RETURNED)
def _returned(payload: dict[str, Any]) -> Rendered:
    lines = [totals_text(payload, "notify.trip.returned")]
    if payload.get("summary"):
        lines.append(t("notify.trip.summary", summary=payload["summary"]))
    return Rendered(Safe("\n".join(lines)))


@renderer(Kind.TRIP_REOPENED)
def _reopened(payload: dict[str, Any]) -> Rendered:
    """A returned trip reopened, or its return day corrected."""
    common = {
        "cadre": payload.get("cadre", ""),
        "group": group_suffix(payload.get("group")),
        "place": trip_place(payload),
        "dates": dates_text(payload["start"], payload["end"]),
    }
    if payload.get("reopened"):
        return Rendered(t("notify.trip.reopened", **common))
    return Rendered(t("notify.trip.return_corrected", day=as_date(payload["returned_on"]), **common))


@renderer(Kind.TRIP_ASK_RETURN)
def _ask_return(payload: dict[str, Any]) -> Rendered:
    back = TripCb(action=TripAction.BACK, trip_id=payload["trip_id"])
    text = t(
        "notify.trip.ask_return",
        place=trip_place(payload),
        dates=dates_text(payload["start"], payload["end"]),
    )
    return Rendered(text, keyboard(("mytrips.button.back", back)))
