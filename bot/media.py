"""The media store: photos, brochures (and any attachment) copied out of Telegram, so that they
survive a change of bot token (file_ids belong to the token).

``ZSBOT_MEDIA_STORE``:
- a directory (``/var/lib/zsbot/media`` or ``file:///var/lib/zsbot/media``): files under it by key;
- ``s3://bucket/prefix``: an S3-compatible bucket (AWS, MinIO, Ceph …) through boto3 (the ``s3``
  extra: ``pip install 'zsbot[s3]'``), endpoint ``ZSBOT_MEDIA_S3_ENDPOINT_URL``, credentials the usual
  ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (boto3's own chain).

The archiver runs beside the sender on every replica: it takes attachments without a copy, downloads
each from Telegram (getFile + download) and writes it to the store under a key made from its id, then
records the key. Two replicas may fetch the same file at once; both write the same bytes to the same
key, so nothing is lost or doubled.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from aiogram import Bot

from core.media import MediaService

log = logging.getLogger(__name__)


class MediaStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...


class DirectoryStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"key outside the store: {key!r}")
        return path

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a reader never sees half a file

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)


class S3Store:
    """An S3-compatible bucket through boto3, its blocking calls on a worker thread."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None) -> None:
        import boto3  # the `s3` extra

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client: Any = boto3.client("s3", endpoint_url=endpoint_url)

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self.client.put_object, Bucket=self.bucket, Key=self._key(key), Body=data)

    async def get(self, key: str) -> bytes:
        answer = await asyncio.to_thread(self.client.get_object, Bucket=self.bucket, Key=self._key(key))
        return bytes(await asyncio.to_thread(answer["Body"].read))


def open_store(spec: str, *, s3_endpoint_url: str | None = None) -> MediaStore:
    parsed = urlparse(spec)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError("ZSBOT_MEDIA_STORE=s3://bucket/prefix needs a bucket")
        return S3Store(parsed.netloc, parsed.path, endpoint_url=s3_endpoint_url)
    if parsed.scheme == "file":
        return DirectoryStore(Path(parsed.path))
    if parsed.scheme:
        raise ValueError(f"ZSBOT_MEDIA_STORE: a directory, file:// or s3:// URL, not {spec!r}")
    return DirectoryStore(Path(spec))


class MediaArchiver:
    """Copies attachments from Telegram into the store until stopped; wake() looks at once."""

    def __init__(self, bot: Bot, media: MediaService, store: MediaStore, *, interval: float = 30.0) -> None:
        self.bot = bot
        self.media = media
        self.store = store
        self.interval = interval
        self.copied = 0
        self.failed = 0
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._lock = asyncio.Lock()

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.sweep()
            except Exception:
                log.warning("media sweep failed; trying again later", exc_info=True)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)

    async def sweep(self) -> int:
        """Try every pending attachment once; returns how many were copied. Sweeps never overlap."""
        async with self._lock:
            return await self._sweep()

    async def _sweep(self) -> int:
        copied = 0
        after = 0  # attachments are taken in id order: each is tried once per sweep
        while not self._stopping.is_set():
            pending = await self.media.pending(after=after)
            if not pending:
                break
            for item in pending:
                after = item.attachment_id
                try:
                    buffer = io.BytesIO()
                    await self.bot.download(item.file_id, destination=buffer)
                    await self.store.put(item.key, buffer.getvalue())
                except Exception as exc:
                    self.failed += 1
                    log.warning("copying attachment %s failed: %s", item.attachment_id, exc)
                    await self.media.failed(item.attachment_id)
                    continue
                await self.media.stored(item.attachment_id, item.key)
                copied += 1
                self.copied += 1
        return copied
