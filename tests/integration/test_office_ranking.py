"""The weekly ranking notice: its figures, one draft per period, review, publish or discard, access."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import load_workbook

from core.clock import FixedClock
from core.delivery.kinds import Kind
from core.delivery.outbox import Outbox
from core.errors import Conflict, Forbidden, NotFound
from core.office.ranking import RankingService, covered_week
from db.database import Database
from db.enums import NoticeStatus
from handlers.office.notice_text import notice_files, notice_plain
from handlers.shared.i18n import use_locale
from tests.support.office import TZ, bind_chat, seed_county

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture
def monday_clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ), TZ)


def test_the_notice_covers_the_seven_days_before_it() -> None:
    assert covered_week(MONDAY) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29), "2026-W48")
    assert covered_week(dt.date(2027, 1, 4)) == (dt.date(2026, 12, 28), dt.date(2027, 1, 3), "2026-W53")


async def test_groups_and_units_are_ranked_and_the_red_list_is_complete(
    db: Database, monday_clock: FixedClock
) -> None:
    await seed_county(db)
    service = RankingService(db, monday_clock, Outbox(monday_clock))
    async with db.transaction() as tx:
        body = await service.compute(tx, MONDAY)
    assert [(g.rank, g.name, g.completion) for g in body.groups] == [
        (1, "第二工作组", Decimal("50.0")),
        (2, "第一工作组", Decimal("45.0")),
    ]
    assert [(u.rank, u.unit, u.due, u.done, u.on_time, u.open_overdue, u.completion) for u in body.units] == [
        (1, "县发改局", 4, 1, 1, 3, Decimal("25.0")),
        (2, "县商务局", 2, 0, 0, 2, Decimal("0.0")),
    ]
    assert body.overdue_total == 5
    assert [(m.project, m.days_overdue) for m in body.overdue][:2] == [
        ("新能源电池项目", 29),
        ("新能源电池项目", 2),
    ]
    assert [(m.name, len(m.days)) for m in body.missing] == [("赵六", 7), ("李四", 4), ("张三", 3)]
    assert body.missing_total == 14


async def test_the_notice_reads_as_an_official_notice_and_exports_to_excel(
    db: Database, monday_clock: FixedClock
) -> None:
    await seed_county(db)
    service = RankingService(db, monday_clock, Outbox(monday_clock))
    async with db.transaction() as tx:
        body = await service.compute(tx, MONDAY)
    with use_locale("zh"):
        text = notice_plain(body)
        xlsx, docx_file, txt = notice_files(body)
    assert text.startswith(
        "关于“百团招商行动”第48周（11月23日—11月29日）工作情况的通报\n\n各工作组、各责任单位：\n"
    )
    assert "1. 第二工作组：签约 30亿元（新签约项目 1 个），完成率 50.0%，落后时序进度 41.5 个百分点" in text
    assert "1. 赵六（第二工作组）：未报 7 天" in text
    assert text.endswith("百团招商行动指挥部办公室\n2026年11月30日")
    assert "<" not in text  # plain text, ready to paste
    assert txt.file_name == "通报_2026-W48.txt" and txt.data.decode() == text
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames == ["工作组排名", "责任单位排名", "逾期节点", "日报未报", "督办情况"]
    assert "六、督办落实情况" in text
    # the same notice as an official .docx: the title centred in 小标宋, the body in 仿宋, A4
    document = Document(io.BytesIO(docx_file.data))
    assert docx_file.file_name == "通报_2026-W48.docx"
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == text.splitlines()[0] and "各工作组、各责任单位：" in paragraphs
    assert paragraphs[-2:] == ["百团招商行动指挥部办公室", "2026年11月30日"]
    assert document.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    assert (
        round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].top_margin.mm) == 37
    )
    groups = book["工作组排名"]
    assert [c.value for c in groups[1]][:3] == ["名次", "工作组", "目标（万元）"]
    assert [c.value for c in groups[2]][:4] == [1, "第二工作组", 600000, 300000]
    assert groups["H2"].value == pytest.approx(0.5) and groups["H2"].number_format == "0.0%"
    overdue = book["逾期节点"]
    assert overdue.max_row == 6 and overdue["D2"].value == dt.datetime(2026, 11, 1)


async def test_one_draft_per_period_reviewed_by_the_office_then_published(
    db: Database, monday_clock: FixedClock
) -> None:
    county = await seed_county(db, telegram_ids={"王主任": 7001})
    await bind_chat(db, -2001)
    await bind_chat(db, -2002, group=county.group1)
    service = RankingService(db, monday_clock, Outbox(monday_clock))

    assert await service.draft(MONDAY) == 1  # the review goes to the office member
    assert await service.draft(MONDAY) == 0  # the same period: the same draft, reviewed once
    async with db.transaction() as tx:
        review = await tx.outbox.with_key_prefix("notice:")
        notice = await tx.notices.by_period("ranking", "2026-W48")
    assert notice is not None and notice.status == NoticeStatus.DRAFT
    assert [(r.kind, r.person_id) for r in review] == [(Kind.NOTICE_REVIEW, county.office.id)]

    published = await service.publish(county.office, notice.id)
    assert published.recipients == 2 and published.notice.status == NoticeStatus.PUBLISHED
    async with db.transaction() as tx:
        rows = [r for r in await tx.outbox.with_key_prefix("notice:") if r.kind == Kind.NOTICE_PUBLISHED]
    assert sorted(r.chat_id for r in rows) == [-2002, -2001]
    with pytest.raises(Conflict) as error:
        await service.publish(county.office, notice.id)
    assert error.value.key == "notice.already_published"
    with pytest.raises(Conflict):
        await service.discard(county.office, notice.id)
    assert await service.draft(MONDAY) == 0  # published: the job does not ask again


async def test_a_draft_can_be_discarded_and_only_the_office_decides(
    db: Database, monday_clock: FixedClock
) -> None:
    county = await seed_county(db)
    service = RankingService(db, monday_clock, Outbox(monday_clock))
    view = await service.draft_now(county.office)
    for outsider in (county.leader1, county.zhang, county.qian):
        with pytest.raises(Forbidden):
            await service.publish(outsider, view.id)
        with pytest.raises(Forbidden):
            await service.draft_now(outsider)
    with pytest.raises(NotFound):
        await service.publish(county.office, view.id + 999)  # a forged id
    discarded = await service.discard(county.office, view.id)
    assert discarded.status == NoticeStatus.DISCARDED
    with pytest.raises(Conflict) as error:
        await service.publish(county.office, view.id)
    assert error.value.key == "notice.already_discarded"
