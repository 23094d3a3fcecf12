"""The sandbox's web server: the chat page, a JSON API to fast-forward jobs, and the emulator's
control API passed through on the same origin.

Routes:

- ``GET /`` and ``GET /static/{app.js,style.css}`` — the page (plain files from ``bot/sandbox/web/``)
- ``GET /_sandbox/info`` — personas, jobs (as the registry lists them now), today, the bot
- ``POST /_sandbox/jobs/{job_id}`` — run a job now (``{"day": "YYYY-MM-DD"}`` optional)
- ``/_control/...`` — forwarded to the emulator (users' messages, presses, transcripts, events, files)

Safe by default: it binds to loopback unless told otherwise (:func:`check_bind_host`), answers only
requests addressed to a loopback host name (no DNS rebinding), accepts state-changing requests
only as JSON from its own origin (no cross-site form posts), serves a strict Content-Security-Policy,
and hands out files other than images as downloads, never as pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import json
import re
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

__all__ = [
    "JOB_LABELS",
    "JobOutcome",
    "PublicBindRefusedError",
    "SandboxServer",
    "check_bind_host",
    "is_loopback",
]

STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; frame-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
INLINE_IMAGES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
PROXY_TIMEOUT = ClientTimeout(total=None, sock_connect=5, sock_read=90)  # events long-poll up to 60 s

# Chinese labels of the jobs known today, in the order the page lists them; a job added later shows
# its id and description (before housekeeping, which stays last).
JOB_LABELS: dict[str, tuple[str, str]] = {
    "milestone_reminders": ("节点提醒", "Milestone reminders"),
    "progress_requests": ("进度催报", "Progress requests"),
    "trip_report_reminder": ("日报提醒", "Trip report reminder"),
    "trip_report_escalation": ("缺报督促", "Missing-report escalation"),
    "trip_return_prompt": ("返程总结提醒", "Trip summary prompt"),
    "office_digest": ("每日简报", "Daily digest"),
    "ranking_notice": ("排名通报", "Ranking notice"),
    "supervision_sweep": ("督办生成与升级", "Supervision orders and escalation"),
    "housekeeping": ("数据清理", "Housekeeping"),
}


class PublicBindRefusedError(ValueError):
    """A non-loopback address was asked for without saying that exposing the sandbox is intended."""


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind_host(host: str, *, allow_public: bool) -> None:
    """Refuse to listen beyond this machine unless ``allow_public`` (--i-know-its-public)."""
    if not is_loopback(host) and not allow_public:
        raise PublicBindRefusedError(
            f"refusing to serve the sandbox on {host}: it has no login and anyone who can reach it can "
            "act as any persona. Use 127.0.0.1, or pass --i-know-its-public."
        )


@dataclass(frozen=True)
class JobOutcome:
    job_id: str
    day: dt.date
    count: int
    skipped: str | None = None
    next_workday: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "day": self.day.isoformat(),
            "count": self.count,
            "skipped": self.skipped,
            "next_workday": self.next_workday.isoformat() if self.next_workday else None,
        }


RunJob = Callable[[str, dt.date | None], Awaitable[JobOutcome]]
Info = Callable[[], Awaitable[dict[str, Any]]]
MiniAppLink = Callable[[str, str | None], str | None]  # persona key, the button's URL → signed link
MINIAPP_PATH = "/app/"


class SandboxServer:
    """Serves the page and the JSON endpoints; forwards ``/_control/`` to the emulator."""

    def __init__(
        self,
        *,
        emulator_url: str,
        info: Info,
        run_job: RunJob,
        known_jobs: Callable[[], Mapping[str, str]],
        allow_public: bool = False,
        mount: Callable[[web.Application], None] | None = None,
        miniapp_link: MiniAppLink | None = None,
    ) -> None:
        self.mount = mount  # the Mini App's routes (/app/) on this same origin
        self.miniapp_link = miniapp_link
        self.emulator_url = emulator_url.rstrip("/")
        self.info = info
        self.run_job = run_job
        self.known_jobs = known_jobs
        self.allow_public = allow_public
        self.url = ""
        self._files: dict[str, bytes] = {}
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle

    async def start(self, host: str, port: int) -> str:
        check_bind_host(host, allow_public=self.allow_public)
        self._files = await asyncio.to_thread(_read_web_files)
        self._session = ClientSession(timeout=PROXY_TIMEOUT)
        app = web.Application(middlewares=[self._guard], client_max_size=60 * 1024 * 1024)
        app.add_routes(
            [
                web.get("/", self._index),
                web.get("/static/{name}", self._static),
                web.get("/_sandbox/info", self._info),
                web.post("/_sandbox/jobs/{job_id}", self._job),
                web.get("/_sandbox/miniapp/{persona}", self._miniapp),
                web.route("*", "/_control/{tail:.*}", self._forward),
            ]
        )
        if self.mount is not None:
            self.mount(app)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, host, port).start()
        except OSError:
            await self.stop()
            raise
        bound_port = self._runner.addresses[0][1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{bound_port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    # ------------------------------------------------------------------ guard

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        problem = self._refusal(request)
        if problem is not None:
            status, text = problem
            response: web.StreamResponse = web.json_response({"error": text}, status=status)
        else:
            response = await handler(request)
        if request.path.startswith(MINIAPP_PATH) and problem is None:
            return response  # the Mini App sets its own headers (it is shown in a frame of this page)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _refusal(self, request: web.Request) -> tuple[int, str] | None:
        """Why a request is refused: a foreign Host (DNS rebinding), a foreign Origin, a non-JSON write."""
        if not self.allow_public and not is_loopback(_host_name(request.host)):
            return 421, "this sandbox answers only on 127.0.0.1 / localhost"
        origin = request.headers.get("Origin")
        if origin is not None and urllib.parse.urlsplit(origin).netloc != request.host:
            return 403, "cross-origin requests are not accepted"
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_type != "application/json":
            return 415, "send JSON (Content-Type: application/json)"
        return None

    # ------------------------------------------------------------------ page

    async def _index(self, request: web.Request) -> web.Response:
        return web.Response(body=self._files["index.html"], content_type="text/html", charset="utf-8")

    async def _static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        return web.Response(body=self._files[name], content_type=STATIC_FILES[name], charset="utf-8")

    # ------------------------------------------------------------------ JSON API

    async def _info(self, request: web.Request) -> web.Response:
        info = await self.info()
        order = {job_id: index for index, job_id in enumerate(JOB_LABELS)}
        known = sorted(
            self.known_jobs().items(), key=lambda item: (order.get(item[0], len(order) - 1), item[0])
        )
        jobs = [_job_json(job_id, description) for job_id, description in known]
        return _json({**info, "jobs": jobs})

    async def _job(self, request: web.Request) -> web.Response:
        job_id = request.match_info["job_id"]
        if job_id not in self.known_jobs():
            return _json({"error": f"unknown job {job_id!r}", "known": list(self.known_jobs())}, 404)
        try:
            body = await request.json() if request.can_read_body else {}
            day = dt.date.fromisoformat(body["day"]) if isinstance(body, dict) and body.get("day") else None
        except (ValueError, TypeError):
            return _json({"error": 'the body must be JSON like {} or {"day": "YYYY-MM-DD"}'}, 400)
        try:
            outcome = await self.run_job(job_id, day)
        except Exception as error:  # the runner logged it and recorded the failed run; show it on the page
            return _json({"error": f"{type(error).__name__}: {error}"}, 500)
        return _json(outcome.to_json())

    async def _miniapp(self, request: web.Request) -> web.Response:
        """The Mini App's URL with initData signed for the persona (as Telegram opens it)."""
        link = None
        if self.miniapp_link is not None:
            link = self.miniapp_link(request.match_info["persona"], request.query.get("url"))
        if link is None:
            return _json({"error": "no mini app for this persona"}, 404)
        return _json({"url": link})

    # ------------------------------------------------------------------ the emulator's control API

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        target = f"{self.emulator_url}/_control/{request.match_info['tail']}"
        headers = {"Content-Type": request.content_type} if request.can_read_body else {}
        body = await request.read() if request.can_read_body else None
        try:
            async with self._session.request(
                request.method, target, params=request.query, data=body, headers=headers
            ) as upstream:
                payload = await upstream.read()
                content_type = upstream.content_type
                disposition = upstream.headers.get("Content-Disposition")
                status = upstream.status
        except (ClientError, TimeoutError) as error:
            return _json({"error": f"the emulator did not answer: {type(error).__name__}"}, 502)
        response = web.Response(body=payload, status=status, content_type=content_type)
        if request.match_info["tail"].startswith("files/"):
            response.headers["Content-Disposition"] = _disposition(content_type, disposition)
            response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


def _host_name(host: str) -> str:
    """The name part of a Host header (``127.0.0.1:8080`` → ``127.0.0.1``, ``[::1]:80`` → ``::1``)."""
    try:
        return urllib.parse.urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return ""


def _job_json(job_id: str, description: str) -> dict[str, str]:
    zh, en = JOB_LABELS.get(job_id, (job_id, job_id))
    return {"id": job_id, "label_zh": zh, "label_en": en, "description": description}


def _disposition(content_type: str, upstream: str | None) -> str:
    """Images inline (the chat shows them); anything else only as a download, under its own name."""
    match = re.search(r'filename="([^"]*)"', upstream or "")
    name = match.group(1) if match else "file"
    kind = "inline" if content_type in INLINE_IMAGES else "attachment"
    return f"{kind}; filename*=UTF-8''{urllib.parse.quote(name)}"


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


def _read_web_files() -> dict[str, bytes]:
    folder = resources.files("bot.sandbox") / "web"
    return {name: (folder / name).read_bytes() for name in ("index.html", *STATIC_FILES)}


@contextlib.asynccontextmanager
async def serving(server: SandboxServer, host: str, port: int) -> AsyncIterator[SandboxServer]:
    await server.start(host, port)
    try:
        yield server
    finally:
        await server.stop()
