"""The words a plan or a progress sentence uses for project categories, milestones and stages."""

from __future__ import annotations

import re

from db.enums import STAGE_ORDER, MilestoneKind, ProjectCategory, ProjectStage

CATEGORY_WORDS: dict[str, ProjectCategory] = {
    "续建": ProjectCategory.CONTINUING,
    "续建项目": ProjectCategory.CONTINUING,
    "continuing": ProjectCategory.CONTINUING,
    "新建": ProjectCategory.NEW,
    "新建项目": ProjectCategory.NEW,
    "new": ProjectCategory.NEW,
    "招投标": ProjectCategory.BIDDING,
    "招标": ProjectCategory.BIDDING,
    "招投标项目": ProjectCategory.BIDDING,
    "bidding": ProjectCategory.BIDDING,
    "前期": ProjectCategory.PRELIMINARY,
    "前期项目": ProjectCategory.PRELIMINARY,
    "preliminary": ProjectCategory.PRELIMINARY,
    "招商": ProjectCategory.LEAD,
    "招商项目": ProjectCategory.LEAD,
    "线索": ProjectCategory.LEAD,
    "lead": ProjectCategory.LEAD,
}

MILESTONE_WORDS: dict[str, MilestoneKind] = {
    "开工": MilestoneKind.START_CONSTRUCTION,
    "开工建设": MilestoneKind.START_CONSTRUCTION,
    "集中开工": MilestoneKind.START_CONSTRUCTION,
    "全部开工": MilestoneKind.START_CONSTRUCTION,
    "start_construction": MilestoneKind.START_CONSTRUCTION,
    "start": MilestoneKind.START_CONSTRUCTION,
    "完成招投标": MilestoneKind.BIDDING_DONE,
    "招投标": MilestoneKind.BIDDING_DONE,
    "招标": MilestoneKind.BIDDING_DONE,
    "完成招标": MilestoneKind.BIDDING_DONE,
    "bidding_done": MilestoneKind.BIDDING_DONE,
    "完成前期": MilestoneKind.PRELIMINARY_DONE,
    "完成前期工作": MilestoneKind.PRELIMINARY_DONE,
    "前期": MilestoneKind.PRELIMINARY_DONE,
    "前期工作": MilestoneKind.PRELIMINARY_DONE,
    "preliminary_done": MilestoneKind.PRELIMINARY_DONE,
    "签约": MilestoneKind.SIGNING,
    "签订协议": MilestoneKind.SIGNING,
    "signing": MilestoneKind.SIGNING,
    "投产": MilestoneKind.PRODUCTION,
    "建成投产": MilestoneKind.PRODUCTION,
    "竣工投产": MilestoneKind.PRODUCTION,
    "production": MilestoneKind.PRODUCTION,
}

# a plan row's stage cell (lower-cased) → the stage it names
STAGE_WORDS: dict[str, ProjectStage] = {
    "线索": ProjectStage.LEAD,
    "lead": ProjectStage.LEAD,
    "洽谈": ProjectStage.NEGOTIATING,
    "在谈": ProjectStage.NEGOTIATING,
    "negotiating": ProjectStage.NEGOTIATING,
    "签约": ProjectStage.SIGNED,
    "已签约": ProjectStage.SIGNED,
    "signed": ProjectStage.SIGNED,
    "落地": ProjectStage.LANDED,
    "已落地": ProjectStage.LANDED,
    "landed": ProjectStage.LANDED,
    "开工": ProjectStage.STARTED,
    "在建": ProjectStage.STARTED,
    "已开工": ProjectStage.STARTED,
    "started": ProjectStage.STARTED,
    "投产": ProjectStage.PRODUCING,
    "已投产": ProjectStage.PRODUCING,
    "producing": ProjectStage.PRODUCING,
}

# the milestone a plan row means when its 节点 cell is empty
DEFAULT_MILESTONE: dict[ProjectCategory, MilestoneKind] = {
    ProjectCategory.CONTINUING: MilestoneKind.START_CONSTRUCTION,
    ProjectCategory.NEW: MilestoneKind.START_CONSTRUCTION,
    ProjectCategory.BIDDING: MilestoneKind.BIDDING_DONE,
    ProjectCategory.PRELIMINARY: MilestoneKind.PRELIMINARY_DONE,
    ProjectCategory.LEAD: MilestoneKind.SIGNING,
}

# the stage a milestone's completion implies (a project never moves back by it)
STAGE_AFTER: dict[MilestoneKind, ProjectStage] = {
    MilestoneKind.SIGNING: ProjectStage.SIGNED,
    MilestoneKind.START_CONSTRUCTION: ProjectStage.STARTED,
    MilestoneKind.PRODUCTION: ProjectStage.PRODUCING,
}

# words in a progress sentence that name a standard milestone (开工, 招投标已完成, ...)
_KIND_HINTS: tuple[tuple[MilestoneKind, re.Pattern[str]], ...] = (
    (MilestoneKind.BIDDING_DONE, re.compile(r"招投标|招标|中标")),
    (MilestoneKind.PRELIMINARY_DONE, re.compile(r"前期")),
    (MilestoneKind.PRODUCTION, re.compile(r"投产|试产|竣工")),
    (MilestoneKind.START_CONSTRUCTION, re.compile(r"开工|动工|开建|进场")),
    (MilestoneKind.SIGNING, re.compile(r"签约|签订|签署")),
)

_SPACES = re.compile(r"[\s_\-]+")


def milestone_kind_of(text: str) -> tuple[MilestoneKind, str]:
    """A 节点 cell → (kind, custom name): ``开工`` → start_construction; ``环评批复`` → custom."""
    cleaned = text.strip()
    kind = MILESTONE_WORDS.get(_SPACES.sub("", cleaned).lower()) or MILESTONE_WORDS.get(cleaned.lower())
    if kind is not None:
        return kind, ""
    return MilestoneKind.CUSTOM, cleaned


def category_of(text: str) -> ProjectCategory | None:
    return CATEGORY_WORDS.get(_SPACES.sub("", text.strip()).lower())


def kind_mentioned(text: str) -> MilestoneKind | None:
    for kind, pattern in _KIND_HINTS:
        if pattern.search(text):
            return kind
    return None


def stage_rank(stage: ProjectStage) -> int:
    return STAGE_ORDER.index(stage)
