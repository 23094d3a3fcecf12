"""A progress report before and after confirmation: the draft kept in the conversation state, the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from db.enums import MilestoneKind, ProjectStage


@dataclass(frozen=True)
class Photo:
    file_id: str
    file_unique_id: str | None = None


@dataclass(frozen=True)
class ProgressDraft:
    """A progress report before confirmation (kept in the conversation state as a plain dict).

    Only what changes is set: ``stage`` None = unchanged, ``funds_total_wan`` None = not reported.
    The ``project_*``/``milestone_*``/``*_before`` fields are for showing the draft back.
    """

    project_id: int
    project_name: str
    source: str = "text"  # text / form / button
    text: str | None = None
    stage: ProjectStage | None = None
    stage_before: ProjectStage | None = None
    percent: int | None = None
    funds_total_wan: Decimal | None = None
    funds_before_wan: Decimal = Decimal(0)
    signed_total_wan: Decimal | None = None
    signed_before_wan: Decimal = Decimal(0)
    signed_on: dt.date | None = None  # the day of signing (default: the day of the report)
    landed_total_wan: Decimal | None = None  # 落地投资, new cumulative total
    landed_before_wan: Decimal = Decimal(0)
    landed_on: dt.date | None = None  # the day it landed / started (default: the day of the report)
    completed_total_wan: Decimal | None = None  # 累计完成投资, new cumulative total
    completed_before_wan: Decimal = Decimal(0)
    milestone_id: int | None = None
    milestone_kind: MilestoneKind | None = None
    milestone_name: str = ""
    milestone_done_on: dt.date | None = None
    milestone_unmatched: str | None = None  # "已…完成" said, but no open milestone matches
    hint_milestone_id: int | None = None  # the milestone the reminder was about
    ask_milestone_id: int | None = None  # the text may mean this one is done: the card asks
    ask_milestone_kind: MilestoneKind | None = None
    ask_milestone_name: str = ""
    ask_milestone_on: dt.date | None = None
    questions: tuple[tuple[str, str], ...] = ()  # (code, words) shown back, nothing stored for them
    problems: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            self.stage is None
            and self.percent is None
            and self.funds_total_wan is None
            and self.signed_total_wan is None
            and self.landed_total_wan is None
            and self.completed_total_wan is None
            and self.milestone_id is None
            and not self.problems
            and not self.photos
            and not self.text
        )

    def to_state(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = str(value)
            elif isinstance(value, dt.date):
                data[key] = value.isoformat()
        data["problems"] = list(self.problems)
        data["questions"] = [list(q) for q in self.questions]
        data["photos"] = [[p.file_id, p.file_unique_id] for p in self.photos]
        return data

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> ProgressDraft:
        def dec(key: str) -> Decimal | None:
            return Decimal(data[key]) if data.get(key) is not None else None

        def day(key: str) -> dt.date | None:
            return dt.date.fromisoformat(data[key]) if data.get(key) else None

        def stage(key: str) -> ProjectStage | None:
            return ProjectStage(data[key]) if data.get(key) else None

        return cls(
            project_id=int(data["project_id"]),
            project_name=str(data["project_name"]),
            source=str(data.get("source") or "text"),
            text=data.get("text"),
            stage=stage("stage"),
            stage_before=stage("stage_before"),
            percent=data.get("percent"),
            funds_total_wan=dec("funds_total_wan"),
            funds_before_wan=dec("funds_before_wan") or Decimal(0),
            signed_total_wan=dec("signed_total_wan"),
            signed_before_wan=dec("signed_before_wan") or Decimal(0),
            signed_on=day("signed_on"),
            landed_total_wan=dec("landed_total_wan"),
            landed_before_wan=dec("landed_before_wan") or Decimal(0),
            landed_on=day("landed_on"),
            completed_total_wan=dec("completed_total_wan"),
            completed_before_wan=dec("completed_before_wan") or Decimal(0),
            milestone_id=data.get("milestone_id"),
            milestone_kind=MilestoneKind(data["milestone_kind"]) if data.get("milestone_kind") else None,
            milestone_name=str(data.get("milestone_name") or ""),
            milestone_done_on=day("milestone_done_on"),
            milestone_unmatched=data.get("milestone_unmatched"),
            hint_milestone_id=data.get("hint_milestone_id"),
            ask_milestone_id=data.get("ask_milestone_id"),
            ask_milestone_kind=MilestoneKind(data["ask_milestone_kind"])
            if data.get("ask_milestone_kind")
            else None,
            ask_milestone_name=str(data.get("ask_milestone_name") or ""),
            ask_milestone_on=dt.date.fromisoformat(data["ask_milestone_on"])
            if data.get("ask_milestone_on")
            else None,
            questions=tuple((str(q[0]), str(q[1])) for q in data.get("questions") or ()),
            problems=tuple(data.get("problems") or ()),
            photos=tuple(Photo(p[0], p[1]) for p in data.get("photos") or ()),
        )


@dataclass(frozen=True)
class RecordedIssue:
    id: int
    number: int
    year: int


@dataclass(frozen=True)
class ProgressResult:
    progress_id: int
    project_id: int
    project_name: str
    funds_total_wan: Decimal
    stage: ProjectStage
    milestone_done: bool
    issues: tuple[RecordedIssue, ...] = field(default_factory=tuple)
