"""The media store's bookkeeping: which photos, brochures and imported files still need a copy, and where
each copy is.

Telegram's file_ids belong to the bot token: with a new token every stored file_id is worthless. The
archiver in bot/ downloads each attachment once and keeps it in the media store (a directory or an
S3-compatible bucket, settings.media_store); this service says what to fetch and records the result.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass

from core.clock import Clock
from core.errors import Forbidden
from core.roles import is_office
from db.database import Database
from db.enums import AttachmentKind
from db.models import Attachment, Person

MAX_ATTEMPTS = 5  # a file_id that fails this often (expired, too big for getFile) is left alone


@dataclass(frozen=True)
class PendingFile:
    attachment_id: int
    file_id: str
    key: str  # where its copy goes in the store


def storage_key(
    attachment_id: int, kind: str, created: dt.datetime, file_name: str | None, mime: str | None
) -> str:
    """``photo/2026/11/42.jpg``, ``import/2026/11/43.xlsx``: by kind and month, named by id (a user's file name is never a path)."""
    suffix = ""
    if file_name and "." in file_name:
        candidate = "." + file_name.rsplit(".", 1)[1].lower()
        if candidate[1:].isalnum() and len(candidate) <= 6:
            suffix = candidate
    if not suffix:
        suffix = mimetypes.guess_extension(mime or "") or (".jpg" if kind == "photo" else ".bin")
    return f"{kind}/{created:%Y/%m}/{attachment_id}{suffix}"


class MediaService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def keep_import(
        self,
        actor: Person,
        *,
        file_id: str,
        file_unique_id: str | None,
        file_name: str | None,
        mime_type: str | None,
    ) -> int:
        """Record a file the office sent for import (plan, people, work groups), before it is read: the
        archiver copies it into the store whether the import then succeeds or not. Returns its id."""
        if not is_office(actor):
            raise Forbidden()
        async with self.db.transaction() as tx:
            row = await tx.media.add(
                Attachment(
                    kind=AttachmentKind.IMPORT,
                    file_id=file_id,
                    file_unique_id=file_unique_id,
                    file_name=file_name,
                    mime_type=mime_type,
                    uploaded_by_id=actor.id,
                    created_at=self.clock.now(),
                )
            )
            return row.id

    async def pending(self, *, after: int = 0, limit: int = 20) -> list[PendingFile]:
        """Attachments (id above `after`) still without a copy in the store."""
        async with self.db.transaction() as tx:
            rows = await tx.media.unstored(after=after, limit=limit, max_attempts=MAX_ATTEMPTS)
            return [
                PendingFile(
                    row.id,
                    row.file_id,
                    storage_key(row.id, row.kind.value, row.created_at, row.file_name, row.mime_type),
                )
                for row in rows
            ]

    async def stored(self, attachment_id: int, key: str) -> None:
        async with self.db.transaction() as tx:
            await tx.media.mark_stored(attachment_id, key, self.clock.now())

    async def failed(self, attachment_id: int) -> None:
        async with self.db.transaction() as tx:
            await tx.media.mark_failed(attachment_id)

    async def stored_key(self, attachment_id: int) -> str | None:
        async with self.db.transaction() as tx:
            row = await tx.media.get(attachment_id)
            return row.stored_key if row else None
