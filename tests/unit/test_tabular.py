from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from core.tabular import Column, Row, RowError, normalize_header, read_table

COLUMNS = (
    Column("name", ("姓名", "name", "项目名称"), required=True),
    Column("target", ("目标(亿元)", "目标", "target")),
    Column("stretch", ("力争目标(亿元)", "力争目标", "stretch")),
    Column("deadline", ("截止日期", "deadline")),
    Column("work_group", ("工作组", "work group")),
)


def xlsx(rows: list[list[object]], start_row: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=start_row + offset, column=col, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_types_row_numbers_blank_rows_and_ignored_headers() -> None:
    data = xlsx(
        [
            ["姓名", "目标（亿元）", "备注", "截止日期", "力争目标（亿元）"],
            [" 第一工作组 ", 36, "x", dt.date(2026, 4, 20), 40],
            [None, None, None, None, None],
            ["第二工作组", 3.5, None, None, None],
            [None, None, "only an ignored column", None, None],
        ]
    )
    table = read_table(data, "groups.xlsx", COLUMNS)
    assert table.ok
    assert table.header_row == 1
    assert table.ignored_headers == ["备注"]
    assert table.headers == {
        "name": "姓名",
        "target": "目标（亿元）",
        "deadline": "截止日期",
        "stretch": "力争目标（亿元）",
    }
    assert table.rows == [
        Row(
            2,
            {
                "name": "第一工作组",
                "target": 36,
                "deadline": dt.datetime(2026, 4, 20),
                "stretch": 40,
                "work_group": None,
            },
        ),
        Row(4, {"name": "第二工作组", "target": 3.5, "deadline": None, "stretch": None, "work_group": None}),
    ]
    assert table.rows[0].get("target") == 36


def test_title_row_above_the_header_keeps_real_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx([["xx市招商引资工作组目标表"], [], ["姓名", "工作组"], ["张三", "一组"]]))
    table = read_table(path, path.name, COLUMNS)
    assert table.ok
    assert table.header_row == 3
    assert table.rows == [
        Row(4, {"name": "张三", "work_group": "一组", "target": None, "stretch": None, "deadline": None})
    ]


def test_csv_in_gbk_with_semicolons_and_english_headers() -> None:
    text = "Name;TARGET;Work_Group\n张三;36;一组\n;;\n李四;  ;二组\n"
    table = read_table(text.encode("gb18030"), "people.CSV", COLUMNS)
    assert table.ok
    assert [(r.number, r.values["name"], r.values["target"], r.values["work_group"]) for r in table.rows] == [
        (2, "张三", "36", "一组"),
        (4, "李四", None, "二组"),
    ]


def test_csv_utf8_bom_tab_separated_and_multiline_cell() -> None:
    text = '\ufeff姓名\t目标\n"张\n三"\t1\n李四\t2\n'
    table = read_table(text.encode("utf-8"), "a.tsv", COLUMNS)
    assert [(r.number, r.values["name"]) for r in table.rows] == [(2, "张\n三"), (3, "李四")]


def test_header_matching_is_width_case_and_unit_insensitive() -> None:
    assert normalize_header("目标（亿元）") == normalize_header("目标(亿元)")
    assert normalize_header(" Work Group ") == normalize_header("work_group")
    for header in ("目标(亿元)", "目标（亿元）", "目标", "TARGET", "目标 (亿元)", "target（亿元）"):
        table = read_table(f"姓名,{header}\n张三,1\n".encode(), "a.csv", COLUMNS)
        assert table.headers["target"] == header, header
    # another unit is not silently read as 亿元
    table = read_table("姓名,目标（万元）\n张三,36\n".encode(), "a.csv", COLUMNS)
    assert "target" not in table.headers
    assert table.ignored_headers == ["目标（万元）"]
    # 力争目标（亿元） is the stretch column, not the target one
    table = read_table("姓名,力争目标（亿元）,目标\n张三,2,1\n".encode(), "a.csv", COLUMNS)
    assert table.rows[0].values["stretch"] == "2"
    assert table.rows[0].values["target"] == "1"


def test_missing_required_column_names_the_headers() -> None:
    table = read_table("工作组,目标\n一组,36\n".encode(), "a.csv", COLUMNS)
    assert not table.ok
    assert table.rows == []
    [error] = table.errors
    assert (error.row, error.field, error.code) == (1, "name", "missing_column")
    assert "姓名" in error.detail and "工作组" in error.detail and "目标" in error.detail


def test_unsupported_unreadable_and_empty_files() -> None:
    [error] = read_table(b"whatever", "people.xls", COLUMNS).errors
    assert error == RowError(0, None, "unsupported_file_type", error.detail)
    assert ".xlsx" in error.detail
    [error] = read_table(b"not a zip", "people.xlsx", COLUMNS).errors
    assert error.code == "unreadable_file"
    [error] = read_table(b"", "people.csv", COLUMNS).errors
    assert error.code == "empty_file"
    [error] = read_table(b"", "noextension", COLUMNS).errors
    assert error.code == "unsupported_file_type"
