"""`zsbot digest` and `zsbot export`, as an operator uses them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl

from db.database import Database
from tests.e2e.test_cli import zsbot
from tests.support.office import bind_chat, seed_county


async def _seed(url: str) -> None:
    db = Database(url)
    try:
        await seed_county(db)
        await bind_chat(db, -3001)
    finally:
        await db.dispose()


def test_digest_prints_sends_and_export_writes_the_ledger(tmp_path: Path) -> None:
    assert zsbot("migrate", cwd=tmp_path).returncode == 0
    asyncio.run(_seed(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"))

    printed = zsbot("digest", "--date", "2026-11-25", cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert lines[:2] == ["📋 百团招商行动每日简报", "2026年11月25日 星期三 · 全市"]
    assert "· 李四（第一工作组）：11月24日" in lines and "<b>" not in printed.stdout

    english = zsbot("digest", "--date", "2026-11-25", "--lang", "en", "--group", "第二工作组", cwd=tmp_path)
    assert english.stdout.startswith("📋 Daily digest\nWednesday, Nov 25, 2026 · 第二工作组")
    unknown = zsbot("digest", "--group", "第九工作组", cwd=tmp_path)
    assert unknown.returncode == 2 and "no work group named '第九工作组'" in unknown.stderr

    ranged = zsbot("digest", "--from", "2026-11-01", "--to", "2026-11-24", cwd=tmp_path)
    assert ranged.returncode == 0, ranged.stderr
    assert "汇总：11月1日至11月24日" in ranged.stdout and "四、新增线索（11月1日—11月24日" in ranged.stdout
    assert "七、逾期未完成节点（截至11月24日" in ranged.stdout
    half = zsbot("digest", "--from", "2026-11-01", cwd=tmp_path)
    assert half.returncode == 2 and "--from and --to go together" in half.stderr

    sent = zsbot("digest", "--date", "2026-11-25", "--send", cwd=tmp_path)
    assert sent.stdout.strip() == "1 digest(s) enqueued for 2026-11-25"

    exported = zsbot("export", "ledger.xlsx", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(
        "ledger.xlsx: 人员 7, 外出行程 4, 日报 3, 项目 6, 节点 8, 进度 2, 协调问题 3"
    )
    book = openpyxl.load_workbook(tmp_path / "ledger.xlsx")
    assert book["项目"]["A2"].value == "新能源电池项目"
