"""The whole domain model of zsbot, as SQLAlchemy 2 typed models.

Money is stored in 万元 as exact decimals (Numeric(18, 4): one 元 is 0.0001 万元).
Telegram ids are 64-bit. Timestamps are timezone-aware UTC; calendar dates are plain dates
in the campaign's timezone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.enums import (
    AttachmentKind,
    CalendarKind,
    ChatKind,
    IssueSource,
    IssueStatus,
    Language,
    LedgerKind,
    MilestoneKind,
    NoticeStatus,
    OutboxStatus,
    ProjectCategory,
    ProjectStage,
    Role,
    TargetDimension,
    TripStatus,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Money = sa.Numeric(18, 4)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC and read back aware, on SQLite as on PostgreSQL.

    SQLite keeps no offset, so a value is normalised to UTC before it is written; a naive value
    is taken to be UTC already.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """Store an enum by value in a VARCHAR (portable, no native PG enum to migrate)."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        Decimal: Money,
        dict[str, Any]: sa.JSON,
    }


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --------------------------------------------------------------------------- organisation


class WorkGroup(TimestampMixin, Base):
    """工作组: one of the campaign's work groups, with its target (确保) and stretch (力争) in 万元."""

    __tablename__ = "work_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    leader_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL", use_alter=True), index=True
    )
    target_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))
    stretch_target_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))
    sort_order: Mapped[int] = mapped_column(default=0)


class Target(TimestampMixin, Base):
    """A target (确保) and stretch (力争) in 万元 below the work group: for a park, an industry, a unit or a
    person, by name (a project counts for it by its park, industry, unit or lead)."""

    __tablename__ = "targets"
    __table_args__ = (sa.UniqueConstraint("dimension", "name", name="uq_targets_dimension_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[TargetDimension] = mapped_column(enum_type(TargetDimension))
    name: Mapped[str] = mapped_column(sa.String(200))
    target_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))
    stretch_target_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))


class Unit(TimestampMixin, Base):
    """责任单位: a responsible unit (bureau, township, company)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)


class Park(TimestampMixin, Base):
    """园区: an industrial park projects are placed in."""

    __tablename__ = "parks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)


class Person(TimestampMixin, Base):
    """A registered person. A Telegram account binds to a person only through an invite."""

    __tablename__ = "people"
    __table_args__ = (sa.UniqueConstraint("name", "unit_id", name="uq_people_name_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(64), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    title: Mapped[str | None] = mapped_column(sa.String(64))  # 职务
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id", ondelete="SET NULL"), index=True)
    work_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("work_groups.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[Language | None] = mapped_column(enum_type(Language))
    telegram_id: Mapped[int | None] = mapped_column(sa.BigInteger, unique=True)
    telegram_username: Mapped[str | None] = mapped_column(sa.String(64))
    bound_at: Mapped[dt.datetime | None]
    reachable: Mapped[bool] = mapped_column(default=True)
    unreachable_since: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    menu_key: Mapped[str | None] = mapped_column(
        sa.String(32)
    )  # the menu last set in their chat (handlers/shared/menu.py)

    roles: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )
    unit: Mapped[Unit | None] = relationship(lazy="selectin")
    work_group: Mapped[WorkGroup | None] = relationship(foreign_keys=[work_group_id], lazy="selectin")

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)


class PersonRole(Base):
    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True, index=True)

    person: Mapped[Person] = relationship(back_populates="roles")


class Invite(Base):
    """A single-use, expiring invite. Only the SHA-256 of the token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_telegram_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    revoked_at: Mapped[dt.datetime | None]


class BoundChat(Base):
    """A chat that receives office products: an office group (/bind) or a private subscription."""

    __tablename__ = "bound_chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    kind: Mapped[ChatKind] = mapped_column(enum_type(ChatKind))
    title: Mapped[str | None] = mapped_column(sa.String(255))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    work_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("work_groups.id", ondelete="SET NULL"), index=True
    )  # scope: None = whole campaign
    language: Mapped[Language] = mapped_column(enum_type(Language), default=Language.ZH)
    bound_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    bound_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)
    reachable: Mapped[bool] = mapped_column(default=True)


# --------------------------------------------------------------------------- trips


class Trip(TimestampMixin, Base):
    """外出招商: a cadre's promotion trip, made of itinerary legs."""

    __tablename__ = "trips"
    __table_args__ = (sa.Index("ix_trips_dates", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[TripStatus] = mapped_column(enum_type(TripStatus), default=TripStatus.DRAFT, index=True)
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    source_text: Mapped[str | None] = mapped_column(sa.Text)
    summary: Mapped[str | None] = mapped_column(sa.Text)
    confirmed_at: Mapped[dt.datetime | None]
    returned_at: Mapped[dt.datetime | None]
    cancelled_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)  # bumped on every confirmed change

    legs: Mapped[list[TripLeg]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripLeg.seq", lazy="selectin"
    )
    companions: Mapped[list[TripCompanion]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", lazy="selectin"
    )


class TripLeg(Base):
    """行程: one leg of an itinerary — where, when, whom to visit."""

    __tablename__ = "trip_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(default=0)
    province: Mapped[str | None] = mapped_column(sa.String(32))
    city: Mapped[str | None] = mapped_column(sa.String(32))
    district: Mapped[str | None] = mapped_column(sa.String(32))
    place: Mapped[str | None] = mapped_column(sa.String(255))  # free-form detail (venue, address)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    targets: Mapped[str | None] = mapped_column(sa.Text)  # companies / people to visit

    trip: Mapped[Trip] = relationship(back_populates="legs")


class TripCompanion(Base):
    __tablename__ = "trip_companions"

    trip_id: Mapped[int] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    trip: Mapped[Trip] = relationship(back_populates="companions")


class DailyReport(TimestampMixin, Base):
    """日报: a cadre's report for one day of a trip. Late ones (补报) are marked."""

    __tablename__ = "daily_reports"
    __table_args__ = (sa.UniqueConstraint("trip_id", "author_id", "report_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    report_date: Mapped[dt.date] = mapped_column(index=True)
    city: Mapped[str | None] = mapped_column(sa.String(32))
    location_text: Mapped[str | None] = mapped_column(sa.String(255))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    visits: Mapped[str | None] = mapped_column(sa.Text)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    is_late: Mapped[bool] = mapped_column(default=False)
    edit_count: Mapped[int] = mapped_column(default=0)

    coauthors: Mapped[list[ReportCoauthor]] = relationship(
        back_populates="report", cascade="all, delete-orphan", lazy="selectin"
    )


class ReportCoauthor(Base):
    """A companion covered by a joint report (联合日报)."""

    __tablename__ = "report_coauthors"

    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("daily_reports.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    report: Mapped[DailyReport] = relationship(back_populates="coauthors")


# --------------------------------------------------------------------------- projects


class Project(TimestampMixin, Base):
    """项目: a campaign project, from a lead found on a trip to a producing plant."""

    __tablename__ = "projects"
    __table_args__ = (sa.UniqueConstraint("name", "work_group_id", name="uq_projects_name_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    category: Mapped[ProjectCategory] = mapped_column(enum_type(ProjectCategory), index=True)
    stage: Mapped[ProjectStage] = mapped_column(
        enum_type(ProjectStage), default=ProjectStage.LEAD, index=True
    )
    industry: Mapped[str | None] = mapped_column(sa.String(64), index=True)  # 产业
    investor: Mapped[str | None] = mapped_column(sa.String(200))  # 投资方
    park_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parks.id", ondelete="SET NULL"), index=True)
    plot: Mapped[str | None] = mapped_column(sa.String(200))  # 地块
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id", ondelete="SET NULL"), index=True)
    work_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("work_groups.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL"), index=True
    )  # 项目负责人
    liaison_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL"), index=True
    )  # 联系领导, when registered
    liaison_name: Mapped[str | None] = mapped_column(sa.String(64))
    description: Mapped[str | None] = mapped_column(sa.Text)
    planned_investment_wan: Mapped[Decimal | None]  # 计划投资
    signed_investment_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))  # sum of SIGNED ledger
    landed_investment_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))  # sum of LANDED ledger
    funds_arrived_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))  # sum of FUNDS ledger
    completed_investment_wan: Mapped[Decimal] = mapped_column(default=Decimal(0))  # sum of COMPLETED ledger
    percent_done: Mapped[int | None]
    first_signed_on: Mapped[dt.date | None]  # counts once, at its first signing
    last_progress_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    found_trip_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("trips.id", ondelete="SET NULL"), index=True
    )
    found_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    found_report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("daily_reports.id", ondelete="SET NULL")
    )
    archived: Mapped[bool] = mapped_column(default=False)

    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Milestone.due_date", lazy="selectin"
    )


class StageChange(Base):
    """History of a project's stage (lead → negotiating → signed → landed → started → producing)."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[ProjectStage | None] = mapped_column(enum_type(ProjectStage))
    to_stage: Mapped[ProjectStage] = mapped_column(enum_type(ProjectStage))
    changed_on: Mapped[dt.date]
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    progress_id: Mapped[int | None] = mapped_column(sa.ForeignKey("progress_updates.id", ondelete="SET NULL"))


class LedgerEntry(Base):
    """A change of a project's signed / landed / completed investment or funds arrived, in 万元.

    Totals are sums of entries, so a capital increase counts only its increment, and a
    decrease of funds arrived exists only as an explicit, audited correction.
    """

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.Index("ix_ledger_kind_date", "kind", "effective_on"),
        # covering the year's sums per project and kind (the scoreboard drives them from the ledger)
        sa.Index("ix_ledger_project_kind_date", "project_id", "kind", "effective_on", "delta_wan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LedgerKind] = mapped_column(enum_type(LedgerKind))
    delta_wan: Mapped[Decimal]
    effective_on: Mapped[dt.date]
    is_correction: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(sa.Text)
    progress_id: Mapped[int | None] = mapped_column(sa.ForeignKey("progress_updates.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Milestone(TimestampMixin, Base):
    """节点: a dated milestone of a project (standard kinds or any named one)."""

    __tablename__ = "milestones"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "kind", "name", name="uq_milestones_project_kind_name"),
        sa.Index("ix_milestones_open_due", "done_on", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MilestoneKind] = mapped_column(enum_type(MilestoneKind))
    name: Mapped[str] = mapped_column(sa.String(64), default="")  # the custom name, "" for standard kinds
    due_date: Mapped[dt.date]
    due_text: Mapped[str | None] = mapped_column(sa.String(64))  # as written: 5月中旬
    done_on: Mapped[dt.date | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))

    project: Mapped[Project] = relationship(back_populates="milestones")


class ProgressUpdate(Base):
    """进度: a project lead's answer — stage, % done, funds arrived, milestone done, problems."""

    __tablename__ = "progress_updates"
    __table_args__ = (sa.Index("ix_progress_project_at", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    report_date: Mapped[dt.date]
    stage: Mapped[ProjectStage | None] = mapped_column(enum_type(ProjectStage))
    percent_done: Mapped[int | None]
    funds_arrived_wan: Mapped[Decimal | None]  # new cumulative total as reported
    signed_investment_wan: Mapped[Decimal | None]
    landed_investment_wan: Mapped[Decimal | None]  # 落地投资 as reported
    completed_investment_wan: Mapped[Decimal | None]  # 累计完成投资, new cumulative total as reported
    milestone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("milestones.id", ondelete="SET NULL"))
    milestone_done_on: Mapped[dt.date | None]
    text: Mapped[str | None] = mapped_column(sa.Text)
    problems: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(16), default="form")  # form / text / button


class Attachment(Base):
    """A Telegram file: a report or progress photo, a project brochure (推介手册), or a file the office
    sent for import (kept whether or not the import succeeded)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AttachmentKind] = mapped_column(enum_type(AttachmentKind))
    file_id: Mapped[str] = mapped_column(sa.String(255))
    file_unique_id: Mapped[str | None] = mapped_column(sa.String(128))
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    mime_type: Mapped[str | None] = mapped_column(sa.String(128))
    caption: Mapped[str | None] = mapped_column(sa.Text)
    report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("daily_reports.id", ondelete="CASCADE"), index=True
    )
    progress_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("progress_updates.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )  # brochure
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # the copy in the media store (settings.media_store): it outlives the bot token's file_ids
    stored_key: Mapped[str | None] = mapped_column(sa.String(512))
    stored_at: Mapped[dt.datetime | None]
    store_attempts: Mapped[int] = mapped_column(default=0)


class CoordinationIssue(TimestampMixin, Base):
    """需协调问题 / 督办单: a problem raised on a project, tracked to closure."""

    __tablename__ = "coordination_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)  # shown as 督办〔YYYY〕N
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    raised_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    progress_id: Mapped[int | None] = mapped_column(sa.ForeignKey("progress_updates.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[IssueStatus] = mapped_column(enum_type(IssueStatus), default=IssueStatus.OPEN, index=True)
    assigned_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id", ondelete="SET NULL"))
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[dt.datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    closed_at: Mapped[dt.datetime | None]  # confirmed closed (办结 confirmed by the raiser or the office)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    # supervision (督办单): generated orders, the answer deadline, escalation, the closing note
    source: Mapped[IssueSource] = mapped_column(enum_type(IssueSource), default=IssueSource.RAISED)
    source_key: Mapped[str | None] = mapped_column(sa.String(100), unique=True)  # once per cause
    milestone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("milestones.id", ondelete="SET NULL"))
    ordered_at: Mapped[dt.datetime | None]  # issued as an order to the unit, the lead and the liaison
    answer_due: Mapped[dt.date | None]  # the unit's answer is due by the end of this day
    escalation_level: Mapped[int] = mapped_column(default=0)  # 1: group leader told; 2: office and liaison
    closing_note: Mapped[str | None] = mapped_column(sa.Text)


class IssueEvent(Base):
    """Every step of a coordination issue: raised, ordered, assigned, transferred, answered, escalated,
    closing (办结 with its note), confirmed, reopened."""

    __tablename__ = "issue_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("coordination_issues.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(24))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(sa.Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --------------------------------------------------------------------------- office products


class Notice(TimestampMixin, Base):
    """通报: a ranking notice, drafted by a job, reviewed and published by the office."""

    __tablename__ = "notices"
    __table_args__ = (sa.UniqueConstraint("kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24))  # ranking
    period: Mapped[str] = mapped_column(sa.String(24))  # e.g. 2026-W48
    status: Mapped[NoticeStatus] = mapped_column(enum_type(NoticeStatus), default=NoticeStatus.DRAFT)
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the computed ranking (rendered per language)
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))


class Broadcast(TimestampMixin, Base):
    """A notice sent by the office to a role, a work group or everyone, through the outbox."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"role": ..., "work_group_id": ...}
    text: Mapped[str] = mapped_column(sa.Text)
    sent_at: Mapped[dt.datetime | None]
    recipients: Mapped[int] = mapped_column(default=0)


# --------------------------------------------------------------------------- infrastructure


class OutboxMessage(Base):
    """A notification to deliver, written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (sa.Index("ix_outbox_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int | None] = mapped_column(sa.BigInteger)  # a bound chat, when not a person
    kind: Mapped[str] = mapped_column(sa.String(48))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[OutboxStatus] = mapped_column(enum_type(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    sent_at: Mapped[dt.datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    uncertain: Mapped[bool] = mapped_column(default=False)  # a read timeout made the outcome unknowable
    last_error: Mapped[str | None] = mapped_column(sa.Text)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(48), index=True)
    entity: Mapped[str] = mapped_column(sa.String(32))
    entity_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ProcessedUpdate(Base):
    """Telegram updates taken in: a redelivered update is processed once, and one whose handling
    did not finish (the process died, the database went away) is still here, ``done`` false, with
    its ``payload`` (the update as JSON) to be handled again at the next start."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    done: Mapped[bool] = mapped_column(default=True)
    payload: Mapped[str | None] = mapped_column(sa.Text)


class CalendarEntry(Base):
    """An official holiday or make-up working day (调休) entered by the office; wins over the library."""

    __tablename__ = "calendar_entries"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    kind: Mapped[CalendarKind] = mapped_column(enum_type(CalendarKind))
    note: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FsmRecord(Base):
    """aiogram FSM state and data, when no Redis is configured (a half-filled form survives a restart)."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(sa.String(200))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class JobRun(Base):
    """A scheduled job's run for a day: lets start-up catch up a missed run exactly once."""

    __tablename__ = "job_runs"
    __table_args__ = (sa.UniqueConstraint("job_id", "run_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(sa.String(64))
    run_day: Mapped[dt.date]
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    result: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.Text)  # the last attempt failed (None: succeeded or running)
    attempts: Mapped[int] = mapped_column(default=1)
    next_retry_at: Mapped[dt.datetime | None]  # a failed run is retried then (None: no more retries)


class ImportStagingRow(Base):
    """One row of a spreadsheet being imported, staged (in its own short transactions) before the
    import is checked and applied in one final transaction; dropped when the import ends, and at
    start-up when a crash cut an import short (nothing of it was applied)."""

    __tablename__ = "import_staging"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    row_number: Mapped[int]
    data: Mapped[str] = mapped_column(sa.Text)  # the row's cells as JSON (core.importing.encode_row)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
