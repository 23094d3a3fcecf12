"""A Bot API request's parameters (query, JSON, urlencoded, multipart) and JSON answers."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientResponse, MultipartReader, web
from aiohttp.multipart import BodyPartReader

from tgemu.errors import ApiError
from tgemu.model import Upload

log = logging.getLogger(__name__)


@dataclass
class Params:
    """A Bot API call's parameters: from a query string, JSON, urlencoded or multipart body."""

    values: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            raise ApiError.bad_request(f'field "{name}" must be of type Integer')
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError.bad_request(f'field "{name}" must be of type Integer') from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ApiError.bad_request(f'field "{name}" must be of type Number') from None

    def flag(self, name: str) -> bool:
        return self.values.get(name) in (True, 1, "true", "True", "1")

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError.bad_request(f"can't parse {name} JSON object") from None


async def read_multipart(reader: MultipartReader) -> Params:
    params = Params({})
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read(decode=True))
        if part.filename is not None:
            params.uploads[part.name] = Upload(data, part.filename, part.headers.get("Content-Type"))
        else:
            params.values[part.name] = data.decode(part.get_charset("utf-8"))
    return params


async def read_request_params(request: web.Request) -> Params:
    """Parse a Bot API request the way Telegram accepts them (query, JSON, urlencoded, multipart)."""
    query: dict[str, Any] = dict(request.query)
    if request.content_type == "multipart/form-data":
        params = await read_multipart(await request.multipart())
        params.values = {**query, **params.values}
        return params
    if request.content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        return Params({**query, **{key: value for key, value in form.items() if isinstance(value, str)}})
    raw = await request.read()
    if not raw.strip():
        return Params(query)
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiError.bad_request("can't parse JSON encoded request body") from None
    if not isinstance(body, dict):
        raise ApiError.bad_request("JSON object expected")
    return Params({**query, **body})


def json_response(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


async def read_webhook_reply(response: ClientResponse) -> Params | None:
    """A method call in the webhook response body (JSON or multipart, as aiogram sends it)."""
    try:
        if response.content_type == "multipart/form-data":
            return await read_multipart(MultipartReader.from_response(response))  # type: ignore[arg-type]
        if response.content_type == "application/json":
            body = await response.json()
            return Params(dict(body)) if isinstance(body, dict) else None
    except (ValueError, ClientError) as error:
        log.info("emulator: unreadable webhook response body: %s", error)
    return None
