"""The Mini App over HTTP: the page and its files under /app/, its JSON API under /app/api/.

Mounted on the webhook server (webhook mode), on the /healthz server (polling mode), and on the
sandbox's own server. Every API call carries Telegram's initData (``Authorization: tma <initData>``);
it is checked with the bot token and for freshness (bot.miniapp.auth), the Telegram user is mapped
to the bound, active person, and the view is computed in that person's scope (core.miniapp, which
asks core.policy). Forged, stale or foreign initData: 401 and nothing else; a person who is neither
office nor group leader: 403; an id out of their scope: 404 (as if it did not exist).

The page and its files are plain files from ``bot/miniapp/static`` (ECharts and the China map are
vendored there by ``bot/miniapp/web``'s npm build): the page makes no request outside this origin.
The HTML is revalidated every time (``no-cache``); the files are addressed by their content hash
(``?v=``) and cached for a year (``immutable``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.miniapp.auth import Unauthorized, authenticate
from core.errors import DomainError, Forbidden, Invalid, NotFound, NotYours
from db.enums import ProjectStage
from db.models import Person

if TYPE_CHECKING:
    from bot.app import AppServices
    from bot.media import MediaStore
    from bot.runner import Running

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
FILES = {
    "app.js": "text/javascript",
    "app.css": "text/css",
    "echarts.min.js": "text/javascript",
    "china.json": "application/json",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}
IMMUTABLE = "public, max-age=31536000, immutable"
PREFIX = "/app"
KEY = web.AppKey("zsbot_miniapp", object)


@dataclass
class MiniApp:
    services: AppServices
    token: str
    store: MediaStore | None = None

    @property
    def max_age(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.services.settings.miniapp_auth_max_age_seconds)


def miniapp_of(app: Running) -> MiniApp:
    """The Mini App of a running bot: its services, its token, and the media store when configured."""
    from bot.media import open_store

    settings = app.settings
    store = (
        open_store(settings.media_store, s3_endpoint_url=settings.media_s3_endpoint_url)
        if settings.media_store
        else None
    )
    return MiniApp(app.services, settings.require_token(), store)


class _Files:
    """The page and its files, read once; the page names each file with its content hash."""

    def __init__(self) -> None:
        self.bodies = {name: (STATIC / name).read_bytes() for name in FILES}
        self.versions = {name: hashlib.sha256(body).hexdigest()[:12] for name, body in self.bodies.items()}
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        for name, version in self.versions.items():
            page = page.replace(f"static/{name}", f"static/{name}?v={version}")
        self.page = page.encode("utf-8")


_files: _Files | None = None


def _static_files() -> _Files:
    global _files
    if _files is None:
        _files = _Files()
    return _files


def add_miniapp_routes(web_app: web.Application, miniapp: MiniApp) -> None:
    web_app[KEY] = miniapp
    _static_files()
    web_app.router.add_get(f"{PREFIX}", _redirect)
    web_app.router.add_get(f"{PREFIX}/", _page)
    web_app.router.add_get(f"{PREFIX}/static/{{name}}", _static)
    web_app.router.add_get(f"{PREFIX}/api/me", _api(_me))
    web_app.router.add_get(f"{PREFIX}/api/travel", _api(_travel))
    web_app.router.add_get(f"{PREFIX}/api/targets", _api(_targets))
    web_app.router.add_get(f"{PREFIX}/api/trend", _api(_trend))
    web_app.router.add_get(f"{PREFIX}/api/board", _api(_board))
    web_app.router.add_get(f"{PREFIX}/api/project/{{id}}", _api(_project))
    web_app.router.add_get(f"{PREFIX}/api/supervision", _api(_supervision))
    web_app.router.add_get(f"{PREFIX}/api/photo/{{id}}", _photo)


async def _redirect(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound(f"{PREFIX}/")


async def _page(request: web.Request) -> web.Response:
    return web.Response(
        body=_static_files().page, content_type="text/html", charset="utf-8", headers=PAGE_HEADERS
    )


async def _static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in FILES:
        raise web.HTTPNotFound()
    files = _static_files()
    etag = f'"{files.versions[name]}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    return web.Response(body=files.bodies[name], content_type=FILES[name], headers=headers)


# ------------------------------------------------------------------------------ the API

Handler = Callable[[web.Request, MiniApp, Person], Awaitable[Any]]


def _miniapp(request: web.Request) -> MiniApp:
    return request.app[KEY]  # type: ignore[return-value]


def _error(status: int, code: str) -> web.Response:
    return web.json_response({"error": code}, status=status, headers={"Cache-Control": "no-store"})


async def reader(request: web.Request) -> Person:
    """The bound, active person behind the request's initData; Unauthorized otherwise."""
    miniapp = _miniapp(request)
    header = request.headers.get("Authorization", "")
    init_data = header[4:] if header.lower().startswith("tma ") else ""
    data = authenticate(miniapp.token, init_data, miniapp.services.clock.now(), miniapp.max_age)
    assert data.user is not None
    person = await miniapp.services.people.by_telegram_id(data.user.id)
    if person is None:
        raise Unauthorized("not bound")
    return person


def _api(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def serve(request: web.Request) -> web.StreamResponse:
        try:
            person = await reader(request)
        except Unauthorized as refused:
            log.info("mini app request refused: %s", refused)
            return _error(401, "unauthorized")
        try:
            result = await handler(request, _miniapp(request), person)
        except Forbidden:
            return _error(403, "forbidden")
        except (NotYours, NotFound):
            return _error(404, "not_found")
        except (Invalid, ValueError):
            return _error(400, "bad_request")
        except DomainError:
            return _error(400, "bad_request")
        body = result.model_dump_json() if hasattr(result, "model_dump_json") else json.dumps(result)
        return web.Response(
            text=body, content_type="application/json", headers={"Cache-Control": "private, no-store"}
        )

    return serve


def _day(request: web.Request) -> dt.date | None:
    text = request.query.get("day", "").strip()
    return dt.date.fromisoformat(text) if text else None


def _int(request: web.Request, name: str) -> int | None:
    text = request.query.get(name, "").strip()
    return int(text) if text else None


def _flag(request: web.Request, name: str) -> bool:
    return request.query.get(name, "") in ("1", "true")


async def _me(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.viewer(person)


async def _travel(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.travel(person, _day(request))


async def _targets(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.targets(person, _day(request), request.query.get("by", "group"))


async def _trend(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.trend(person, _day(request))


async def _board(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    stage = request.query.get("stage", "").strip()
    return await miniapp.services.miniapp.board(
        person,
        _day(request),
        work_group_id=_int(request, "group"),
        park_id=_int(request, "park"),
        industry=request.query.get("industry"),
        lead=request.query.get("lead"),
        stage=ProjectStage(stage) if stage else None,
        overdue=_flag(request, "overdue"),
        stalled=_flag(request, "stalled"),
        offset=_int(request, "offset") or 0,
    )


async def _project(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.project(person, int(request.match_info["id"]))


async def _supervision(request: web.Request, miniapp: MiniApp, person: Person) -> Any:
    return await miniapp.services.miniapp.supervision(person)  # the orders as they stand now


async def _photo(request: web.Request) -> web.StreamResponse:
    """A project photo from the media store (the page fetches it with its initData, as a blob)."""
    miniapp = _miniapp(request)
    try:
        person = await reader(request)
    except Unauthorized:
        return _error(401, "unauthorized")
    if miniapp.store is None:
        return _error(404, "not_found")
    try:
        key, mime = await miniapp.services.miniapp.photo(person, int(request.match_info["id"]))
        body = await miniapp.store.get(key)
    except Forbidden:
        return _error(403, "forbidden")
    except (NotYours, NotFound, ValueError, FileNotFoundError):
        return _error(404, "not_found")
    content_type = mime or mimetypes.guess_type(key)[0] or "image/jpeg"
    return web.Response(
        body=body,
        content_type=content_type,
        headers={"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
