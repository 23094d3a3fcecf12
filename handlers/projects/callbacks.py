"""Callback data of project buttons: a milestone reminder's buttons (m1). Brochure buttons are b2. Prefixes are versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DbId


class MilestoneAction(StrEnum):
    REPORT = "r"
    DONE = "d"
    ISSUE = "i"


class MilestoneButton(CallbackData, prefix="m1"):
    """The buttons of a milestone reminder: [汇报进度] [已完成] [需协调]."""

    action: MilestoneAction
    milestone_id: DbId


class BrochureAction(StrEnum):
    GET = "g"
    DONE = "d"


class BrochureButton(CallbackData, prefix="b2"):
    action: BrochureAction
    project_id: DbId
