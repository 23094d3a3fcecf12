"""Callback data of office buttons: cards (o1), ranking notice review (n1), broadcast (b1). Prefixes are versioned and kept, so old buttons still work."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from db.enums import Role
from handlers.shared.callback_fields import DbId


class CardKind(StrEnum):
    PROJECT = "p"
    PERSON = "q"


class OfficeCard(CallbackData, prefix="o1"):
    kind: CardKind
    id: DbId


class NoticeAction(StrEnum):
    PUBLISH = "pub"
    DISCARD = "del"


class NoticeButton(CallbackData, prefix="n1"):
    action: NoticeAction
    notice_id: DbId


class BroadcastAction(StrEnum):
    AUDIENCE = "aud"
    SEND = "send"
    CANCEL = "cancel"
    REFRESH = "ref"


class BroadcastButton(CallbackData, prefix="b1"):
    action: BroadcastAction
    id: DbId = 0  # the broadcast (send, cancel, refresh)
    role: Role | None = None  # audience: a role …
    group: DbId = 0  # … or a work group; neither: everyone


class AuditAction(StrEnum):
    EXPORT = "x"


class AuditButton(CallbackData, prefix="a1"):
    action: AuditAction
