"""Renderers of office notifications: the daily digest (with its chart), the ranking notice for review
and published, and broadcasts. Pure functions of the payload, rendered in the recipient's language.
"""

from __future__ import annotations

from typing import Any

from core.broadcast import KIND as BROADCAST_KIND
from core.digest import (
    DIGEST_KIND,
    Digest,
)
from core.ranking import PUBLISHED_KIND, REVIEW_KIND, RankingBody
from db.enums import NoticeStatus
from handlers.office.digest_text import render_digest
from handlers.office.notice_text import notice_files, notice_keyboard, notice_text, review_text
from handlers.shared.i18n import Safe, t
from handlers.shared.notifications import Rendered, renderer

# ------------------------------------------------------------------------------------ digest


@renderer(DIGEST_KIND)
def _digest(payload: dict[str, Any]) -> Rendered:
    return render_digest(Digest.model_validate(payload))


# ------------------------------------------------------------------------------------ ranking notice


@renderer(REVIEW_KIND)
def _notice_review(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    return Rendered(
        review_text(body, NoticeStatus.DRAFT), reply_markup=notice_keyboard(int(payload["notice_id"]))
    )


@renderer(PUBLISHED_KIND)
def _notice_published(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    text = Safe(notice_text(body) + "\n\n" + t("notice.attachment_note"))
    return Rendered(text, attachments=notice_files(body))


# ------------------------------------------------------------------------------------ broadcast


@renderer(BROADCAST_KIND)
def _broadcast(payload: dict[str, Any]) -> Rendered:
    return Rendered(t("broadcast.message", text=payload.get("text", ""), author=payload.get("author", "")))
