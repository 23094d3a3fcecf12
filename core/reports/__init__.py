"""Daily trip reports (日报): filing, same-day edits, joint reports, leads, reminders, escalation.

Everyone on a confirmed trip (the cadre and each companion) owes one report for every day the
itinerary covers, weekends included. A joint report (联合日报) names coauthors and counts as
theirs too. A report for a past day is late (补报). Leads typed in a report become projects in
stage ``lead`` linked to the trip, the reporter and the report.
"""

from core.reports.filing import FilingReports
from core.reports.forms import PhotoInput, ReportInput, ReportResult, ReportSlot, ReportStart
from core.reports.leads import LeadInput, parse_leads
from core.reports.missing import MissingReports, Owed

__all__ = [
    "LeadInput",
    "Owed",
    "PhotoInput",
    "ReportInput",
    "ReportResult",
    "ReportService",
    "ReportSlot",
    "ReportStart",
    "parse_leads",
]


class ReportService(FilingReports, MissingReports):
    """Every report use case: filing (and editing) a report, and chasing the missing ones."""
