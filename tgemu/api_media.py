"""Bot API: photos, documents, media groups and files (uploads, file ids, getFile)."""

from __future__ import annotations

import logging
from typing import Any

from tgemu.checks import RequestChecks
from tgemu.constants import MAX_DOWNLOAD_BYTES, MAX_UPLOAD_BYTES
from tgemu.errors import ApiError
from tgemu.media import guess_mime, image_size
from tgemu.model import (
    StoredFile,
    Upload,
)
from tgemu.params import Params

log = logging.getLogger(__name__)


class MediaApi(RequestChecks):
    """sendPhoto, sendDocument, sendMediaGroup, getFile, and how an input file is read."""

    async def _api_send_photo(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "photo")

    async def _api_send_document(self, p: Params) -> dict[str, Any]:
        return await self._send_media(p, "document")

    async def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat = self._writable_chat(p)
        stored = self._input_file(p.values.get(kind), p, kind)
        caption, mode = self._caption(p.text("caption"), p.text("parse_mode"), p.json("caption_entities"))
        markup = self._reply_markup(p)
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        message = self._store(
            chat,
            None,
            **{kind: stored},
            caption=caption.text if caption else None,
            entities=caption.entities if caption else (),
            html=p.text("caption") if caption else None,
            parse_mode=mode,
            reply_markup=markup,
            reply_to=reply_to,
        )
        return message.to_api(self.bot_user())

    async def _api_send_media_group(self, p: Params) -> list[dict[str, Any]]:
        chat = self._writable_chat(p)
        media = p.json("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise ApiError.bad_request("media group must contain from 2 to 10 items")
        kinds = {item.get("type") if isinstance(item, dict) else None for item in media}
        if not kinds <= {"photo", "document"}:
            got = sorted(map(str, kinds))
            raise ApiError.bad_request(f"the emulator supports photo and document media only, got {got}")
        if len(kinds) > 1:
            raise ApiError.bad_request("document can't be mixed with other media types")
        items = [self._media_item(p, item) for item in media]
        reply_to = self._reply_target(p, chat)
        self._admit(chat)
        group_id = str(10_000_000_000 + next(self._ids))
        stored = [self._store(chat, None, media_group_id=group_id, reply_to=reply_to, **i) for i in items]
        return [message.to_api(self.bot_user()) for message in stored]

    def _media_item(self, p: Params, item: dict[str, Any]) -> dict[str, Any]:
        kind = item["type"]
        stored = self._input_file(item.get("media"), p, kind)
        raw_caption = item.get("caption")
        caption, mode = self._caption(raw_caption, item.get("parse_mode"), item.get("caption_entities"))
        return {
            kind: stored,
            "caption": caption.text if caption else None,
            "entities": caption.entities if caption else (),
            "html": raw_caption if caption else None,
            "parse_mode": mode,
        }

    async def _api_get_file(self, p: Params) -> dict[str, Any]:
        stored = self.files.get(p.text("file_id") or "")
        if stored is None:
            raise ApiError.bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD_BYTES:
            raise ApiError.bad_request("file is too big")
        return stored.file_api()

    def _input_file(self, value: Any, p: Params, kind: str) -> StoredFile:
        """An uploaded file (multipart, also as ``attach://name``) or an existing file_id."""
        upload = p.uploads.get(kind) if value is None else None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = p.uploads.get(value.removeprefix("attach://"))
            if upload is None:
                raise ApiError.bad_request(f"there is no {kind} in the request")
        if upload is not None:
            return self._store_upload(upload, kind)
        if not value:
            raise ApiError.bad_request(f"there is no {kind} in the request")
        if str(value).startswith(("http://", "https://")):
            raise ApiError.bad_request("failed to get HTTP URL content")
        stored = self.files.get(str(value))
        if stored is None:
            raise ApiError.bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise ApiError.bad_request("type of file mismatch")
        return stored

    def _store_upload(self, upload: Upload, kind: str) -> StoredFile:
        if not upload.data:
            raise ApiError.bad_request("file must be non-empty")
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo":
            size = image_size(upload.data)
            if size is None:
                raise ApiError.bad_request("IMAGE_PROCESS_FAILED")
            return self._new_file("photo", upload.data, mime_type="image/jpeg", width=size[0], height=size[1])
        mime = guess_mime(upload.filename, upload.content_type)
        return self._new_file("document", upload.data, file_name=upload.filename, mime_type=mime)
