"""Every kind of notification core sends through the outbox, in one table.

A use case builds `Notification(Kind.X, payload)`; each kind has exactly one renderer in
`handlers/<feature>/notify.py` (a test checks both directions). The values are what the outbox
rows store, so they never change once released.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    # trips: the office and companions are told of every change to an itinerary
    TRIP_DECLARED = "trip.declared"
    TRIP_CHANGED = "trip.changed"
    TRIP_CANCELLED = "trip.cancelled"
    TRIP_RETURNED = "trip.returned"
    TRIP_ASK_RETURN = "trip.ask_return"  # the itinerary ended and the cadre has not said /back
    # daily trip reports: the 20:00 reminder and the next-morning escalation of a missing report
    REPORT_REMIND = "report.remind"
    REPORT_ESCALATION = "report.escalation"
    # milestones: T-7/T-3/T-1/T-0 reminders, daily when overdue, escalation to leader and office
    MILESTONE_REMINDER = "milestone.reminder"
    MILESTONE_OVERDUE = "milestone.overdue"
    MILESTONE_ESCALATION = "milestone.escalation"
    # progress: a project without an update for N days is asked for one
    PROGRESS_REQUEST = "progress.request"
    # the ledger: the office corrected a figure of a project; its lead is told what and why
    LEDGER_CORRECTED = "ledger.corrected"
    # coordination issues (督办): the raiser and the supervisors follow each step
    ISSUE_RAISED = "issue.raised"
    ISSUE_ASSIGNED = "issue.assigned"
    ISSUE_ANSWERED = "issue.answered"
    ISSUE_CLOSED = "issue.closed"  # kept for rows written before closings were confirmed
    ISSUE_CLOSING = "issue.closing"  # 办结 with a note: the raiser (or the office) confirms or reopens
    ISSUE_CONFIRMED = "issue.confirmed"
    ISSUE_REOPENED = "issue.reopened"
    # supervision (督办单): generated orders, the unit's contacts, escalation of unanswered orders
    ORDER_ISSUED = "order.issued"
    ORDER_ASSIGNED = "order.assigned"  # to the contacts of the unit an issue was assigned or passed on to
    ORDER_ESCALATED = "order.escalated"
    # the command office
    OFFICE_DIGEST = "office.digest"
    OFFICE_BROADCAST = "office.broadcast"
    NOTICE_REVIEW = "notice.review"  # the weekly ranking notice, as a draft to publish
    NOTICE_PUBLISHED = "notice.published"
    # delivery: a person blocked the bot (the office is told once)
    PERSON_UNREACHABLE = "person.unreachable"
    # binding: a person moved to another Telegram account by a rebind invite (the office is told)
    PERSON_REBOUND = "person.rebound"
    # trips: a returned trip reopened or its return day corrected (the office is told once)
    TRIP_REOPENED = "trip.reopened"
