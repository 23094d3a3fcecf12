"""The ranking notice (通报): its text, plain copy, files and the review buttons."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from core.office.ranking import RankingBody
from core.office.ranking_workbook import notice_workbook
from db.enums import NoticeStatus
from handlers.office.callbacks import NoticeAction, NoticeButton
from handlers.office.render import full_date, gap_text, join_lines, pct, who
from handlers.shared.i18n import Safe, fmt_date, plain, quote, t
from handlers.shared.notifications import Attachment
from handlers.shared.render import keyboard, milestone, money

NOTICE_TEXT_ITEMS = 30  # red-list lines in the message; the .xlsx has them all


def notice_keyboard(notice_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        ("notice.btn.publish", NoticeButton(action=NoticeAction.PUBLISH, notice_id=notice_id)),
        ("notice.btn.discard", NoticeButton(action=NoticeAction.DISCARD, notice_id=notice_id)),
    )


def notice_text(body: RankingBody) -> Safe:
    """The notice in 关于…的通报 form (HTML: the title in bold)."""
    total = body.total
    summary = t(
        "notice.summary",
        date=full_date(body.as_of),
        projects=total.signed_projects,
        signed=money(total.signed_wan),
        target=money(total.target_wan),
        completion=pct(body.total_completion),
        elapsed=pct(body.elapsed),
        gap=gap_text(body.total_gap),
        landed=money(total.landed_wan),
        funds=money(total.funds_wan),
    )
    week = body.period.rsplit("W", 1)[-1].lstrip("0")
    parts: list[str] = [
        Safe(f"<b>{t('notice.title', week=week, start=body.week_start, end=body.week_end)}</b>"),
        join_lines([t("notice.salutation"), summary]),
    ]
    groups = [
        t(
            "notice.group.line",
            rank=g.rank,
            name=g.name,
            signed=money(g.signed_wan),
            projects=g.signed_projects,
            completion=pct(g.completion),
            gap=gap_text(g.gap),
        )
        for g in body.groups
    ]
    parts.append(join_lines([Safe(f"<b>{t('notice.sec.groups')}</b>"), *(groups or [t("notice.none")])]))
    units = [
        t(
            "notice.unit.line",
            rank=u.rank,
            unit=u.unit or t("digest.overdue.no_unit"),
            due=u.due,
            done=u.done,
            on_time=u.on_time,
            completion=pct(u.completion),
            overdue=t("notice.unit.overdue", count=u.open_overdue) if u.open_overdue else "",
        )
        for u in body.units
    ]
    parts.append(join_lines([Safe(f"<b>{t('notice.sec.units')}</b>"), *(units or [t("notice.none")])]))
    overdue = [
        t(
            "notice.overdue.line",
            n=i + 1,
            unit=m.unit or t("digest.overdue.no_unit"),
            project=m.project,
            milestone=milestone(m.kind, m.name),
            date=m.due_date,
            days=m.days_overdue,
        )
        for i, m in enumerate(body.overdue[:NOTICE_TEXT_ITEMS])
    ]
    if body.overdue_total > len(overdue):
        overdue.append(t("notice.more", count=body.overdue_total - len(overdue)))
    parts.append(
        join_lines(
            [
                Safe(f"<b>{t('notice.sec.overdue', count=body.overdue_total)}</b>"),
                *(overdue or [t("notice.none")]),
            ]
        )
    )
    missing = [
        t(
            "notice.missing.line",
            n=i + 1,
            who=who(m.name, [quote(m.work_group or "")]),
            count=len(m.days),
            dates=t("list.sep").join(fmt_date(d) for d in m.days),
        )
        for i, m in enumerate(body.missing[:NOTICE_TEXT_ITEMS])
    ]
    if len(body.missing) > len(missing):
        missing.append(t("notice.more", count=len(body.missing) - len(missing)))
    parts.append(
        join_lines(
            [
                Safe(f"<b>{t('notice.sec.missing', count=body.missing_total)}</b>"),
                *(missing or [t("notice.none")]),
            ]
        )
    )
    stalled = [
        t(
            "notice.stalled.line",
            n=i + 1,
            project=m.project,
            lead=m.lead or t("digest.stalled.nobody"),
            unit=m.unit or t("digest.overdue.no_unit"),
            days=m.quiet_days,
        )
        for i, m in enumerate(body.stalled[:NOTICE_TEXT_ITEMS])
    ]
    if body.stalled_total > len(stalled):
        stalled.append(t("notice.more", count=body.stalled_total - len(stalled)))
    parts.append(
        join_lines(
            [
                Safe(f"<b>{t('notice.sec.stalled', days=body.stale_days, count=body.stalled_total)}</b>"),
                *(stalled or [t("notice.none")]),
            ]
        )
    )
    parts.append(t("notice.closing"))
    parts.append(t("notice.signature", date=full_date(body.as_of)))
    return Safe("\n\n".join(parts))


def notice_plain(body: RankingBody) -> str:
    """The notice as plain text, ready to paste into an official document."""
    return plain(notice_text(body), limit=10**9)


def notice_files(body: RankingBody) -> tuple[Attachment, ...]:
    name = plain(t("notice.file", period=body.period))
    return (
        Attachment(notice_workbook(body), f"{name}.xlsx"),
        Attachment(notice_plain(body).encode("utf-8"), f"{name}.txt"),
    )


def review_text(body: RankingBody, status: NoticeStatus) -> Safe:
    return Safe(
        "\n\n".join(
            [
                t("notice.review.header"),
                notice_text(body),
                t("notice.review.footer", status=t(f"notice.status.{status.value}")),
            ]
        )
    )
