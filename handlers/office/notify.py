"""Renderers of office notifications: the daily digest (with its chart), the ranking notice for review
and published, and broadcasts. Pure functions of the payload, rendered in the recipient's language.
"""

from __future__ import annotations

from typing import Any

from core.delivery.kinds import Kind
from core.office.digest import Digest
from core.office.ranking import RankingBody
from db.enums import NoticeStatus
from handlers.office.digest_text import render_digest
from handlers.office.notice_text import notice_files, notice_keyboard, notice_text, review_text
from handlers.shared.i18n import Safe, t
from handlers.shared.notifications import Rendered, renderer

# ------------------------------------------------------------------------------------ digest


@renderer(Kind.OFFICE_DIGEST)
def _digest(payload: dict[str, Any]) -> Rendered:
    return render_digest(Digest.model_validate(payload))


# ------------------------------------------------------------------------------------ ranking notice


@renderer(Kind.NOTICE_REVIEW)
def _notice_review(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    return Rendered(
        review_text(body, NoticeStatus.DRAFT), reply_markup=notice_keyboard(int(payload["notice_id"]))
    )


@renderer(Kind.NOTICE_PUBLISHED)
def _notice_published(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    text = Safe(notice_text(body) + "\n\n" + t("notice.attachment_note"))
    return Rendered(text, attachments=notice_files(body))


# ------------------------------------------------------------------------------------ broadcast


@renderer(Kind.OFFICE_BROADCAST)
def _broadcast(payload: dict[str, Any]) -> Rendered:
    return Rendered(t("broadcast.message", text=payload.get("text", ""), author=payload.get("author", "")))
