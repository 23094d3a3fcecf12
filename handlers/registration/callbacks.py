"""Callback data of registration buttons (v1): invite a registered person, or re-invite a bound one."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.shared.callback_fields import DbId


class InviteAction(StrEnum):
    CREATE = "c"  # an invite for a person just registered (/person_add)
    REBIND = "r"  # the person is bound: a new invite moves them to another account


class InviteCb(CallbackData, prefix="v1"):
    action: InviteAction
    person_id: DbId
