"""Renderers: the progress request (a lead is asked for news after a quiet spell), and the notice to a
lead that the office corrected a figure of their project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from core.delivery.kinds import Kind
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.shared.i18n import t
from handlers.shared.notifications import Rendered, renderer
from handlers.shared.render import keyboard, money


@renderer(Kind.PROGRESS_REQUEST)
def progress_request(payload: dict[str, Any]) -> Rendered:
    last = payload.get("last_progress_on")
    since = (
        t("progress.request.since", date=dt.date.fromisoformat(last)) if last else t("progress.request.never")
    )
    text = t("progress.request", project=payload["project"], days=payload["days_quiet"], since=since)
    pick = ProgressButton(action=ProgressAction.PICK, project_id=int(payload["project_id"]))
    return Rendered(text, keyboard(("pj.btn.report", pick)))


@renderer(Kind.LEDGER_CORRECTED)
def ledger_corrected(payload: dict[str, Any]) -> Rendered:
    return Rendered(
        t(
            "progress.fix.notice",
            by=payload.get("by") or "",
            project=payload["project"],
            figure=t(f"ledger.kind.{payload['kind']}"),
            before=money(Decimal(payload["before"])),
            after=money(Decimal(payload["after"])),
            reason=payload["reason"],
        )
    )
