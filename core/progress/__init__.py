"""Progress reports of project leads: the draft (draft), reading free text and form values (reading),
recording a confirmed report (recording), replies to reminders and requests to quiet projects
(requests), and the use case tying them together (service)."""

from core.progress.draft import Photo, ProgressDraft, ProgressResult, RecordedIssue
from core.progress.reading import parse_percent, signed_total
from core.progress.requests import ReplyContext
from core.progress.service import Correction, ProgressService

__all__ = [
    "Correction",
    "Photo",
    "ProgressDraft",
    "ProgressResult",
    "ProgressService",
    "RecordedIssue",
    "ReplyContext",
    "parse_percent",
    "signed_total",
]
