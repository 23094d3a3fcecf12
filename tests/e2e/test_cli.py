"""The command line, as an operator uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from bot.cli.commands import app


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def zsbot(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run the CLI in this process (fast: aiogram is imported once), as an operator would."""
    base = {"ZSBOT_DATABASE_URL": f"sqlite:///{cwd / 'cli.db'}", "ZSBOT_BOT_USERNAME": "zsbot_cli_bot"}
    previous = Path.cwd()
    os.chdir(cwd)  # a `.env` there would be read, as in real use
    try:
        result = CliRunner().invoke(app, list(args), env={**base, **(env or {})})
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def test_help_lists_every_command() -> None:
    """The real entry point, once, in its own process."""
    out = subprocess.run([sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True).stdout
    for command in ("run", "migrate", "check", "import", "invite", "calendar", "jobs"):
        assert command in out


_GC_PROBE = """
import gc, json, sys, typer
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
def probe(self, *args, **kwargs):  # where a command would run
    print(json.dumps({"collections": len(collections), "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
typer.Typer.__call__ = probe
from bot.cli import main
main()
"""


def test_the_commands_load_with_the_collector_paused_and_run_with_it_on() -> None:
    """Loading the commands makes some 140,000 lasting objects: no collection scans them meanwhile,
    they are frozen out of its sight after, and a command (anything but `run`) has it on."""
    out = subprocess.run([sys.executable, "-c", _GC_PROBE], capture_output=True, text=True, check=True).stdout
    seen = json.loads(out)
    assert seen["collections"] == 0
    assert seen["enabled"] is True
    assert seen["frozen"] > 50_000


def test_import_invite_and_bad_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工作组", "组长", "目标（亿元）", "力争目标（亿元）"])
    sheet.append(["第一工作组", None, 60, 66])
    book.save(tmp_path / "groups.xlsx")
    (tmp_path / "people.csv").write_text(
        "name,phone,unit,work_group,roles\n张三,13800000001,市商务局,第一工作组,cadre\n", encoding="utf-8"
    )
    (tmp_path / "bad.csv").write_text(
        "姓名,手机,单位,工作组,角色\n李四,12345,市商务局,第一工作组,干部\n,13800000003,,,干部\n王五,13800000004,,第九工作组,厨师\n",
        encoding="utf-8",
    )
    assert zsbot("import", "groups", "groups.xlsx", cwd=tmp_path).returncode == 0
    ok = zsbot("import", "people", "people.csv", cwd=tmp_path)
    assert ok.returncode == 0 and "created 1" in ok.stdout

    bad = zsbot("import", "people", "bad.csv", cwd=tmp_path)
    assert bad.returncode == 1 and "nothing was imported" in bad.stderr
    for needle in ("row 2, phone", "row 3, name", "row 4, roles", "row 4, work_group"):
        assert needle in bad.stderr

    invite = zsbot("invite", "张三", cwd=tmp_path)
    assert invite.returncode == 0 and "https://t.me/zsbot_cli_bot?start=" in invite.stdout
    missing = zsbot("invite", "李四", cwd=tmp_path)  # the bad import changed nothing
    assert missing.returncode == 1

    check = zsbot("check", cwd=tmp_path)
    assert check.returncode == 0 and "schema at" in check.stdout and "0 dead letters" in check.stdout


def test_invite_of_a_bound_person_needs_rebind(tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / "groups.csv").write_text("工作组,组长,目标(亿元)\n第一工作组,,60\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("姓名,手机,角色\n刘洋,13800000021,干部\n", encoding="utf-8")
    assert zsbot("import", "groups", "groups.csv", cwd=tmp_path).returncode == 0
    assert zsbot("import", "people", "people.csv", cwd=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "cli.db") as db:  # 刘洋 has bound an account
        db.execute(
            "UPDATE people SET telegram_id = 4242, bound_at = '2026-01-01 00:00:00' WHERE name = '刘洋'"
        )

    refused = zsbot("invite", "刘洋", cwd=tmp_path)
    assert refused.returncode == 1 and "--rebind" in refused.stderr and "start=" not in refused.stdout
    rebind = zsbot("invite", "刘洋", "--rebind", cwd=tmp_path)
    assert rebind.returncode == 0 and "https://t.me/zsbot_cli_bot?start=" in rebind.stdout
    assert "rebind" in rebind.stdout


def test_bad_configuration_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = zsbot("check", cwd=tmp_path, env={"ZSBOT_TIMEZONE": "Nowhere/Land"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "ZSBOT_TIMEZONE" in result.stderr
    run = zsbot("run", cwd=tmp_path)
    assert run.returncode == 2 and "ZSBOT_BOT_TOKEN is not set" in run.stderr


def test_a_retired_variable_still_set_is_reported_not_ignored_silently(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ZSBOT_ISSUE_YELLOW_DAYS=5\n", encoding="utf-8")
    run = zsbot("run", cwd=tmp_path, env={"ZSBOT_ISSUE_RED_DAYS": "9"})
    assert "ZSBOT_ISSUE_YELLOW_DAYS is no longer read" in run.stderr
    assert "ZSBOT_ISSUE_RED_DAYS is no longer read" in run.stderr
    assert run.returncode == 2 and "ZSBOT_BOT_TOKEN is not set" in run.stderr  # the command goes on
    (tmp_path / ".env").unlink()
    assert "no longer read" not in zsbot("run", cwd=tmp_path).stderr


def test_calendar_and_jobs(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "备注"])
    sheet.append(["2027-02-06", "放假", "春节"])
    sheet.append(["2027-02-14", "上班", "春节调休"])
    book.save(tmp_path / "cal2027.xlsx")
    assert zsbot("calendar", "import", "cal2027.xlsx", cwd=tmp_path).returncode == 0
    assert zsbot("calendar", "set", "2027-10-01", "holiday", "--note", "国庆", cwd=tmp_path).returncode == 0
    bad = zsbot("calendar", "set", "2027-10-01", "vacation", cwd=tmp_path)
    assert bad.returncode == 2
    listing = zsbot("calendar", "list", cwd=tmp_path).stdout
    assert "2027-02-14 workday" in listing and "2027-10-01 holiday" in listing

    ran = zsbot("jobs", "run", "housekeeping", "--date", "2026-11-20", cwd=tmp_path)
    assert ran.returncode == 0 and "housekeeping 2026-11-20" in ran.stdout
    assert "last 2026-11-20" in zsbot("jobs", "list", cwd=tmp_path).stdout
    assert zsbot("jobs", "run", "no_such_job", cwd=tmp_path).returncode == 2
