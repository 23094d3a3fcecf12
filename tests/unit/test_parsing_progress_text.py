from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.parsing.progress_text import Done, ProgressParse, parse_progress
from core.progress.reading import read_milestones
from db.enums import MilestoneKind, ProjectStage
from db.models import Milestone

TODAY = dt.date(2026, 5, 6)
D = dt.date


CASES: list[tuple[str, ProgressParse]] = [
    ("完成60%", ProgressParse(percent=60)),
    ("完成百分之三十", ProgressParse(percent=30)),
    (
        "完成投资约1.5亿，到位资金5000万",
        ProgressParse(funds_arrived_wan=Decimal("5000"), completed_total_wan=Decimal("15000")),
    ),
    (
        "用地预审已通过，正在办理土地出让手续",
        ProgressParse(done=(Done("用地预审", "通过", "", None),), remaining="正在办理土地出让手续"),
    ),
    (
        "到位资金500万美元，进度120%",
        ProgressParse(
            questions=(("percent_over_100", "120%"), ("foreign_currency", "500万美元")),
            remaining="到位资金500万美元，进度120%",
        ),
    ),
    (
        "需协调问题：1. 资金缺口2000万；2. 道路未通，影响进场",
        ProgressParse(problems=("资金缺口2000万", "道路未通，影响进场")),
    ),
    ("形象进度约三成", ProgressParse(questions=(("vague_percent", "三成"),), remaining="形象进度约三成")),
    (
        "项目已开工，进度过半",
        ProgressParse(
            stage="started",
            done=(Done("", "开工", "", None),),
            questions=(("vague_percent", "过半"),),
            remaining="进度过半",
        ),
    ),
    ("到位2000万", ProgressParse(funds_arrived_wan=Decimal("2000"))),
    ("到位资金3.5亿", ProgressParse(funds_arrived_wan=Decimal("35000"))),
    ("累计到位5000万元", ProgressParse(funds_arrived_wan=Decimal("5000"))),
    ("2000万元已到位", ProgressParse(funds_arrived_wan=Decimal("2000"))),
    (
        "总投资5亿元，已到位1.2亿元",
        ProgressParse(funds_arrived_wan=Decimal("12000"), remaining="总投资5亿元"),
    ),
    (
        "已于4月18日开工",
        ProgressParse(stage="started", done=(Done("", "开工", "", D(2026, 4, 18)),)),
    ),
    ("招投标已完成", ProgressParse(done=(Done("招投标", "完成", "", None),))),
    ("主体工程完成了", ProgressParse(done=(Done("主体工程", "完成", "", None),))),
    (
        "已完成前期工作，拟5月中旬开工",
        ProgressParse(done=(Done("", "完成", "前期工作", None),), remaining="拟5月中旬开工"),
    ),
    ("需协调：用地指标未落实", ProgressParse(problems=("用地指标未落实",))),
    ("困难：1、资金缺口较大 2、审批慢", ProgressParse(problems=("资金缺口较大", "审批慢"))),
    (
        "尚未开工，存在问题：环评批复未下达",
        ProgressParse(problems=("环评批复未下达",), remaining="尚未开工"),
    ),
    ("项目正在洽谈中", ProgressParse(stage="negotiating", remaining="项目正在洽谈中")),
    (
        "已签约，计划5月开工",
        ProgressParse(stage="signed", done=(Done("", "签约", "", None),), remaining="计划5月开工"),
    ),
    ("已落地", ProgressParse(stage="landed", done=(Done("", "落地", "", None),))),
    ("已投产", ProgressParse(stage="producing", done=(Done("", "投产", "", None),))),
    (
        "资金到位率80%，完成工程量40%",
        ProgressParse(percent=40, remaining="资金到位率80%"),
    ),
    ("5月10日前完成招投标", ProgressParse(remaining="5月10日前完成招投标")),
    ("本周完成桩基施工，进度约45%，无问题", ProgressParse(percent=45, remaining="本周完成桩基施工")),
    (
        "已于4月18日开工，完成投资60%，累计到位资金5000万元。需协调：用地指标未落实；施工用电未接入",
        ProgressParse(
            percent=60,
            funds_arrived_wan=Decimal("5000"),
            stage="started",
            done=(Done("", "开工", "", D(2026, 4, 18)),),
            problems=("用地指标未落实", "施工用电未接入"),
        ),
    ),
    (
        "4月28日已签约，到位资金1.5亿元，需要协调解决：供水管网接入",
        ProgressParse(
            funds_arrived_wan=Decimal("15000"),
            stage="signed",
            done=(Done("", "签约", "", D(2026, 4, 28)),),
            problems=("供水管网接入",),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_progress(text: str, expected: ProgressParse) -> None:
    assert parse_progress(text, TODAY) == expected


def test_milestone_date_is_read_as_past() -> None:
    # said in November: 4月18日 is this April, not next April
    result = parse_progress("已于4月18日开工", D(2026, 11, 25))
    assert result.milestone_date == D(2026, 4, 18)


def test_stage_is_the_project_stage_enum_and_the_most_advanced_fact_wins() -> None:
    result = parse_progress("已签约并已开工，计划年底投产", TODAY)
    assert result.stage is ProjectStage.STARTED


def test_empty() -> None:
    assert parse_progress("", TODAY).empty
    assert parse_progress("正常推进", TODAY) == ProgressParse(remaining="正常推进")
    assert not parse_progress("完成60%", TODAY).empty


def _milestones() -> list[Milestone]:
    return [
        Milestone(id=1, project_id=1, kind=MilestoneKind.CUSTOM, name="用地手续", due_date=D(2026, 5, 10)),
        Milestone(id=2, project_id=1, kind=MilestoneKind.BIDDING_DONE, name="", due_date=D(2026, 5, 20)),
        Milestone(id=3, project_id=1, kind=MilestoneKind.START_CONSTRUCTION, name="", due_date=D(2026, 6, 1)),
    ]


@pytest.mark.parametrize(
    ("text", "done", "ask", "unmatched"),
    [
        ("招投标已完成", 2, None, None),  # another open milestone than the reminded one, named: that one
        ("已于5月2日开工", 3, None, None),
        ("用地手续已全部办结", 1, None, None),
        ("用地预审已通过，正在办理土地出让手续", None, 1, None),  # a step of it: ask
        ("已完成", None, 1, None),  # bare: ask about the reminded one
        ("场地平整已完成", None, None, "场地平整完成"),  # another step: text only
        ("监理招标已完成", None, 2, None),
    ],
)
def test_which_milestone_a_reply_completes(
    text: str, done: int | None, ask: int | None, unmatched: str | None
) -> None:
    reading = read_milestones(_milestones(), parse_progress(text, TODAY).done, hint_id=1)
    assert (reading.done.id if reading.done else None, reading.ask.id if reading.ask else None) == (done, ask)
    assert reading.unmatched == unmatched
