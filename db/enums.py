"""Enumerations stored in the database (as strings).

They live in db/ so that models can use them; core re-exports them for the domain.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    GROUP_LEADER = "group_leader"
    CADRE = "cadre"
    PROJECT_LEAD = "project_lead"
    UNIT_CONTACT = "unit_contact"  # 责任单位联络员: answers the 督办 orders of their unit (Person.unit_id)


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class TripStatus(StrEnum):
    DRAFT = "draft"  # parsed or being edited, not yet confirmed
    PLANNED = "planned"  # confirmed; first leg not started (derived "active" by date)
    RETURNED = "returned"  # closed with a summary
    CANCELLED = "cancelled"


class ProjectCategory(StrEnum):
    CONTINUING = "continuing"  # 续建
    NEW = "new"  # 新建
    BIDDING = "bidding"  # 招投标
    PRELIMINARY = "preliminary"  # 前期
    LEAD = "lead"  # 招商 (found on a trip)


class ProjectStage(StrEnum):
    LEAD = "lead"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    LANDED = "landed"
    STARTED = "started"
    PRODUCING = "producing"


STAGE_ORDER: tuple[ProjectStage, ...] = tuple(ProjectStage)


class MilestoneKind(StrEnum):
    START_CONSTRUCTION = "start_construction"  # 开工
    BIDDING_DONE = "bidding_done"  # 完成招投标
    PRELIMINARY_DONE = "preliminary_done"  # 完成前期
    SIGNING = "signing"  # 签约
    PRODUCTION = "production"  # 投产
    CUSTOM = "custom"  # any named milestone: 环评批复, 用地手续, ...


class LedgerKind(StrEnum):
    SIGNED = "signed"  # signed investment (协议投资)
    LANDED = "landed"  # landed investment (落地)
    FUNDS = "funds"  # funds arrived (到位资金)
    COMPLETED = "completed"  # investment completed (累计完成投资)


class TargetDimension(StrEnum):
    """What a target below the work group is set for (the seed: 明确到园区、产业、责任人 …)."""

    PARK = "park"  # 园区
    INDUSTRY = "industry"  # 产业
    UNIT = "unit"  # 责任单位
    PERSON = "person"  # 责任人 (the project lead)


class IssueStatus(StrEnum):
    OPEN = "open"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    CLOSING = "closing"  # 办结 with a closing note, waiting for the raiser (or the office) to confirm
    CLOSED = "closed"


class IssueSource(StrEnum):
    """Where a 督办 came from: a lead raised it, or the supervision sweep generated an order."""

    RAISED = "raised"
    MILESTONE = "milestone"  # a milestone overdue by more than N working days
    STALLED = "stalled"  # a project without progress past the stalled threshold


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # retryable failure, waiting for not_before
    DEAD = "dead"  # gave up (attempts exhausted or recipient unreachable)


class CalendarKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"


class ChatKind(StrEnum):
    OFFICE = "office"  # an office group chat bound with /bind
    SUBSCRIPTION = "subscription"  # a person's private subscription to office products


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"
    IMPORT = "import"  # a file the office sent for import (plan, people, work groups), kept as sent


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"
