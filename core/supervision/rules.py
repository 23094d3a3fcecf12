"""The supervision settings in one value (ZSBOT_SUPERVISION_*), passed to every part that needs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupervisionRules:
    overdue_days: int = 3  # a milestone overdue by more than N working days gets an order
    answer_days: int = 3  # the unit's answer is due N working days after the order
    due_soon_days: int = 1  # 🟡 when the answer is due within N working days
    escalation_days: int = 2  # unanswered N working days past the deadline: the office and the liaison
    stale_days: int = 7  # a project without progress for N days is stalled (the /stalled rule)
