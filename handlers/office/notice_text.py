"""The ranking notice (通报): its text, plain copy, files and the review buttons."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from core.office.official_docx import OfficialDocument, Section, write_official_docx
from core.office.official_docx import Table as DocTable
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


def _summary(body: RankingBody) -> Safe:
    total = body.total
    return t(
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


def _title(body: RankingBody) -> Safe:
    week = body.period.rsplit("W", 1)[-1].lstrip("0")
    return t("notice.title", week=week, start=body.week_start, end=body.week_end)


def _cut(lines: list[Safe], total: int) -> list[Safe]:
    if total > len(lines):
        lines.append(t("notice.more", count=total - len(lines)))
    return lines


def _sections(body: RankingBody) -> list[tuple[Safe, list[Safe]]]:
    """The notice's sections: each heading with its lines (the red lists cut at NOTICE_TEXT_ITEMS)."""
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
    supervision = [
        t(
            "notice.supervision.line",
            unit=u.unit or t("order.no_unit"),
            opened=u.opened,
            answered=u.answered,
            closed=u.closed,
            on_time=u.closed_on_time,
            overdue=u.overdue,
        )
        for u in body.supervision
    ]
    none = t("notice.none")
    return [
        (t("notice.sec.groups"), groups or [none]),
        (t("notice.sec.units"), units or [none]),
        (t("notice.sec.overdue", count=body.overdue_total), _cut(overdue, body.overdue_total) or [none]),
        (t("notice.sec.missing", count=body.missing_total), _cut(missing, len(body.missing)) or [none]),
        (
            t("notice.sec.stalled", days=body.stale_days, count=body.stalled_total),
            _cut(stalled, body.stalled_total) or [none],
        ),
        (t("notice.sec.supervision"), supervision or [none]),
    ]


def notice_text(body: RankingBody) -> Safe:
    """The notice in 关于…的通报 form (HTML: the title in bold)."""
    parts: list[str] = [Safe(f"<b>{_title(body)}</b>"), join_lines([t("notice.salutation"), _summary(body)])]
    for heading, lines in _sections(body):
        parts.append(join_lines([Safe(f"<b>{heading}</b>"), *lines]))
    parts.append(t("notice.closing"))
    parts.append(t("notice.signature", date=full_date(body.as_of)))
    return Safe("\n\n".join(parts))


def notice_plain(body: RankingBody) -> str:
    """The notice as plain text, ready to paste into an official document."""
    return plain(notice_text(body), limit=10**9)


def notice_document(body: RankingBody) -> OfficialDocument:
    """The notice laid out as an official document (.docx); the 督办 table as a table."""
    sections = [
        Section(plain(heading), [plain(line) for line in lines]) for heading, lines in _sections(body)
    ]
    if body.supervision:
        table = DocTable(
            [
                plain(t(f"notice.supervision.col.{c}"))
                for c in ("unit", "opened", "answered", "closed", "on_time", "overdue")
            ],
            [
                [
                    plain(u.unit or t("order.no_unit")),
                    u.opened,
                    u.answered,
                    u.closed,
                    u.closed_on_time,
                    u.overdue,
                ]
                for u in body.supervision
            ],
        )
        sections[-1] = Section(sections[-1].heading, table=table)
    return OfficialDocument(
        title=plain(_title(body)),
        salutation=plain(t("notice.salutation")),
        opening=[plain(_summary(body))],
        sections=sections,
        closing=[plain(t("notice.closing"))],
        signature=plain(t("notice.signature", date=full_date(body.as_of))).split("\n"),
    )


def notice_files(body: RankingBody) -> tuple[Attachment, ...]:
    name = plain(t("notice.file", period=body.period))
    return (
        Attachment(notice_workbook(body), f"{name}.xlsx"),
        Attachment(write_official_docx(notice_document(body)), f"{name}.docx"),
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
