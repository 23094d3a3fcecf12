"""Every bad file gets one clear answer about the file (issue 17): empty, wrongly headed, random
bytes, an old .xls, broken sheet XML, an entity bomb — to the bot and at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.commands import app as cli
from bot.runner import Running
from core.imports import PEOPLE_COLUMNS
from core.project_import import read_plan
from core.tabular import read_table
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.badfiles import bad_files
from tgemu.client import TelegramTester

EXPECTED = {
    "empty": "文件没有内容",
    "wrong_headers": "没有认出表头",
    "random_bytes": "文件无法读取",
    "xls": "另存为 .xlsx",
    "broken_sheet_xml": "文件无法读取",
    "entity_bomb": "文件无法读取",
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_core_reads_each_bad_file_into_one_file_error(kind: str) -> None:
    name, data = bad_files()[kind]
    for table in (read_table(data, name, PEOPLE_COLUMNS), read_plan(data, name)):
        assert table.rows == []
        if kind != "wrong_headers":
            assert table.file_error is not None and len(table.errors) == 1


async def test_each_bad_file_sent_to_the_bot_gets_its_file_error(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    for kind, (name, data) in bad_files().items():
        answer = await tg.upload(office.user, data, name)
        assert answer.text.startswith("文件无法导入："), (kind, answer.text)
        assert EXPECTED[kind] in answer.text, (kind, answer.text)
        assert "系统出错了" not in answer.text and "没有理解" not in answer.text


@pytest.mark.parametrize("kind", ["broken_sheet_xml", "entity_bomb", "random_bytes"])
def test_the_command_line_prints_the_file_error_without_a_traceback(kind: str, tmp_path: Path) -> None:
    name, data = bad_files()[kind]
    path = tmp_path / name
    path.write_bytes(data)
    env = {"ZSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'zsbot.db'}"}
    for what in ("people", "projects"):
        result = CliRunner().invoke(cli, ["import", what, str(path)], env=env)
        assert "文件无法读取" in result.output, result.output
        assert "Traceback" not in result.output and not isinstance(result.exception, SyntaxError)
