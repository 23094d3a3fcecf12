"""The office is told that a person moved to another Telegram account: renderer of `person.rebound`."""

from __future__ import annotations

from typing import Any

from core.delivery.kinds import Kind
from handlers.shared.i18n import t
from handlers.shared.notifications import Rendered, renderer


@renderer(Kind.PERSON_REBOUND)
def rebound(payload: dict[str, Any]) -> Rendered:
    return Rendered(t("notify.person_rebound", name=payload["name"], unit=payload.get("unit") or "-"))
