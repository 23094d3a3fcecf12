"""Files that cannot be imported, as people send them (issue 17's 124 bad imports, in kinds)."""

from __future__ import annotations

import io
import os
import zipfile

from openpyxl import Workbook

BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, sheet_xml: str) -> bytes:
    """`data` (an .xlsx) with its first sheet's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml.encode()
            target.writestr(item, body)
    return out.getvalue()


def bad_files() -> dict[str, tuple[str, bytes]]:
    """kind → (file name, bytes)."""
    good = xlsx([["姓名", "手机"], ["张三", "13800000001"]])
    return {
        "empty": ("people.csv", b""),
        "wrong_headers": ("名单.csv", "甲,乙,丙\n1,2,3\n".encode()),
        "random_bytes": ("plan.xlsx", os.urandom(2048)),
        "xls": ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
        "broken_sheet_xml": ("plan.xlsx", with_sheet_xml(good, "<worksheet><sheetData><row>")),
        "entity_bomb": ("plan.xlsx", with_sheet_xml(good, BOMB)),
    }
