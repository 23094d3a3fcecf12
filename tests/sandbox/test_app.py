"""`zsbot sandbox`: the emulator, the real bot, demo data and the web server, started and stopped as one."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession
from typer.testing import CliRunner

from bot.cli.commands import app as cli
from bot.sandbox.app import Sandbox, SandboxError, sandbox
from bot.sandbox.server import JobOutcome, PublicBindRefusedError, SandboxServer, check_bind_host, serving
from tests.conftest import NOW
from tgemu.client import TelegramTester
from tgemu.emulator import make_png

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    async with sandbox(port=0, now=NOW) as running:
        yield running


@pytest.fixture
async def http(box: Sandbox) -> AsyncIterator[ClientSession]:
    async with ClientSession(base_url=box.url) as session:
        yield session


async def test_personas_talk_to_the_real_bot_through_the_emulator(box: Sandbox) -> None:
    tg = TelegramTester(box.emulator, timeout=10)
    cadre = box.persona("cadre")
    answer = await tg.say(cadre.user_id, "/help")
    assert cadre.name in answer.text and "/trip" in answer.text
    menu = [c["command"] for c in box.emulator.commands({"type": "chat", "chat_id": cadre.user_id})]
    assert "trip" in menu and "invite" not in menu

    office = box.persona("office")
    assert "/invite" in (await tg.say(office.user_id, "/help")).text
    stranger = box.persona("stranger")
    refusal = await tg.say(stranger.user_id, "/start")
    assert str(stranger.user_id) in refusal.text


async def test_the_invitee_binds_with_the_shown_start_command(box: Sandbox) -> None:
    tg = TelegramTester(box.emulator, timeout=10)
    invitee = box.persona("invitee")
    (start,) = invitee.examples
    assert start.startswith("/start ") and start.split()[1] in box.invite_link
    welcome = await tg.say(invitee.user_id, start)
    assert invitee.name in welcome.text
    assert await box.app.services.people.by_telegram_id(invitee.user_id) is not None


async def test_the_page_states_what_it_is(http: ClientSession, box: Sandbox) -> None:
    async with http.get("/") as response:
        page = await response.text()
        assert response.status == 200 and response.content_type == "text/html"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "本地沙盒" in page and "fake data" in page
    for name in ("app.js", "style.css"):
        async with http.get(f"/static/{name}") as response:
            assert response.status == 200
    async with http.get("/static/..%2Fapp.py") as response:
        assert response.status == 404

    async with http.get("/_sandbox/info") as response:
        info = await response.json()
    assert info["today"] == "2026-11-25" and info["bot"]["username"] == box.emulator.username
    assert {p["key"] for p in info["personas"]} >= {
        "cadre",
        "lead",
        "leader",
        "office",
        "office_group",
        "stranger",
    }
    jobs = {job["id"]: job for job in info["jobs"]}
    assert jobs["milestone_reminders"]["label_zh"] == "节点提醒"
    assert list(jobs)[-1] == "housekeeping"


async def test_the_jobs_endpoint_runs_a_job_now(http: ClientSession, box: Sandbox) -> None:
    async with http.post("/_sandbox/jobs/milestone_reminders", json={}) as response:
        assert response.status == 200
        result = await response.json()
    assert result["day"] == "2026-11-25" and result["count"] > 0 and result["skipped"] is None

    lead = box.persona("lead")
    reminder = await TelegramTester(box.emulator, timeout=10).next_message(lead.user_id)
    assert "节点" in reminder.text and reminder.button("汇报进度") is not None

    async with http.post("/_sandbox/jobs/milestone_reminders", json={}) as response:
        assert (await response.json())["count"] == 0  # dedupe keys: a second run enqueues nothing
    async with http.post("/_sandbox/jobs/milestone_reminders", json={"day": "2026-11-28"}) as response:
        saturday = await response.json()
    assert saturday["skipped"] and saturday["next_workday"] == "2026-11-30"
    async with http.post("/_sandbox/jobs/no_such_job", json={}) as response:
        assert response.status == 404 and "milestone_reminders" in (await response.json())["known"]


async def test_requests_from_elsewhere_are_refused(http: ClientSession, box: Sandbox) -> None:
    async with http.post("/_sandbox/jobs/housekeeping", data="x=1") as response:
        assert response.status == 415  # a cross-site form cannot post here
    async with http.post("/_sandbox/jobs/housekeeping", json={}, headers={"Origin": "http://evil.test"}) as r:
        assert r.status == 403
    async with http.get("/_sandbox/info", headers={"Host": "evil.test"}) as response:
        assert response.status == 421  # DNS rebinding
    async with http.post("/_sandbox/jobs/housekeeping", json={}, headers={"Origin": box.url}) as response:
        assert response.status == 200


async def test_the_control_api_is_passed_through(http: ClientSession, box: Sandbox) -> None:
    cadre = box.persona("cadre")
    async with http.post("/_control/messages", json={"user_id": cadre.user_id, "text": "/mytrips"}) as r:
        assert r.status == 200 and (await r.json())["text"] == "/mytrips"
    await box.emulator.wait_bot_message(cadre.chat_id, after_message_id=1, timeout=10)
    async with http.get(f"/_control/chats/{cadre.chat_id}/messages") as response:
        transcript = await response.json()
    assert transcript[0]["text"] == "/mytrips" and transcript[1]["from_bot"]
    async with http.get("/_control/events", params={"after": "0", "timeout": "0"}) as response:
        assert (await response.json())["last"] > 0


async def test_files_are_downloads_unless_they_are_pictures(http: ClientSession, box: Sandbox) -> None:
    user = box.persona("office").user_id
    page = box.emulator.send_document(user, b"<script>alert(1)</script>", "报表.html")
    photo = box.emulator.send_photo(user, make_png())
    assert page.document is not None and photo.photo is not None
    async with http.get(f"/_control/files/{page.document.file_id}") as response:
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "%E6%8A%A5%E8%A1%A8.html" in response.headers["Content-Disposition"]
        assert "sandbox" in response.headers["Content-Security-Policy"]
    async with http.get(f"/_control/files/{photo.photo.file_id}") as response:
        assert response.headers["Content-Disposition"].startswith("inline;")
        assert await response.read() == make_png()


async def test_a_failing_job_or_a_silent_emulator_is_stated_as_json() -> None:
    async def failing(job_id: str, day: dt.date | None) -> JobOutcome:
        raise RuntimeError("boom")

    async def info() -> dict[str, object]:
        return {}

    server = SandboxServer(
        emulator_url="http://127.0.0.1:9", info=info, run_job=failing, known_jobs=lambda: {"x": "a job"}
    )
    async with serving(server, "127.0.0.1", 0), ClientSession(base_url=server.url) as http:
        async with http.post("/_sandbox/jobs/x", json={}) as response:
            assert response.status == 500 and "boom" in (await response.json())["error"]
        async with http.get("/_control/state") as response:
            assert response.status == 502 and "emulator" in (await response.json())["error"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    check_bind_host(host, allow_public=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "sandbox.example.com"])
async def test_other_hosts_are_refused_unless_allowed(host: str) -> None:
    with pytest.raises(PublicBindRefusedError, match="i-know-its-public"):
        async with sandbox(host=host, port=0):
            pytest.fail("the sandbox started on a public address")
    check_bind_host(host, allow_public=True)


def test_the_command_refuses_a_public_host_and_starts_nothing() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--i-know-its-public" in result.output


async def test_a_given_database_is_kept_but_must_start_empty(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kept.db'}"
    async with sandbox(port=0, now=NOW, database_url=url) as first:
        assert first.world.counts["people"] > 0
    with pytest.raises(SandboxError, match="empty database"):
        async with sandbox(port=0, now=NOW, database_url=url):
            pytest.fail("demo data was loaded into a database that already held people")


@pytest.mark.xdist_group("processes")  # one zsbot-process test at a time (scripts/test)
@pytest.mark.parametrize("command", ["up", "sandbox"])
async def test_zsbot_sandbox_runs_with_no_environment_at_all(tmp_path: Path, command: str) -> None:
    """The README's first command (`zsbot up` without a token is the sandbox): no token, no settings,
    no .env; Ctrl-C/SIGTERM leaves nothing behind."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        command,
        "--port",
        "0",
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    try:
        printed = await asyncio.wait_for(_read_until(process.stdout, "Ctrl-C"), 60)
        url = re.search(r"zsbot sandbox: (http://127\.0\.0\.1:\d+)", printed)
        assert url, printed
        for name in ("李明", "陈静", "百团招商指挥部办公室", "路人甲", "/#lead"):
            assert name in printed
        assert await _sandbox_folders(tmp_path)  # the temporary database
        async with ClientSession() as session, session.get(f"{url.group(1)}/_sandbox/info") as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 30)
    assert code == 0
    assert not await _sandbox_folders(tmp_path)


async def _sandbox_folders(tmp: Path) -> list[Path]:
    return await asyncio.to_thread(lambda: list(tmp.glob("zsbot-sandbox-*")))


async def _read_until(stream: asyncio.StreamReader, marker: str) -> str:
    lines: list[str] = []
    while not lines or marker not in lines[-1]:
        line = await stream.readline()
        if not line:
            raise AssertionError("zsbot sandbox exited early:\n" + "".join(lines))
        lines.append(line.decode())
    return "".join(lines)
