"""The leaders are told that a person blocked the bot (or cannot be reached): renderer of `person.unreachable`."""

from __future__ import annotations

from typing import Any

from core.delivery.kinds import Kind
from handlers.shared.i18n import t
from handlers.shared.notifications import Rendered, renderer


@renderer(Kind.PERSON_UNREACHABLE)
def blocked_user(payload: dict[str, Any]) -> Rendered:
    return Rendered(t("notify.person_unreachable", name=payload["name"], unit=payload.get("unit") or "-"))
