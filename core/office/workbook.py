"""Writing an .xlsx workbook from sheets of rows: the columns, the cell formats and the widths.

Every sheet has a frozen header row, column widths fitted to the content, dates as Excel dates,
money as numbers in 万元 and percentages as numbers.

Every cell is sanitised here, for every sheet: text is written as text (a report typed as
``=HYPERLINK(...)`` stays a string, never a live formula — only a :class:`Formula` zsbot builds is
one), and control characters Excel cannot hold are dropped (old rows may still have them). openpyxl writes into memory; callers run
:func:`write_workbook` in a worker thread (``asyncio.to_thread``) so the bot stays responsive.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Kind = Literal["text", "int", "money", "percent", "date", "datetime"]

FORMATS: dict[Kind, str] = {
    "int": "0",
    "money": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


class Formula(str):
    """A formula zsbot itself writes (``=SUM(B2:B9)``): the one kind of cell that may be a formula."""


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _safe_text(value: str) -> str:
    return _ILLEGAL.sub("", value.replace("\r\n", "\n"))


def yes_no(value: object) -> str:
    return "是" if value else "否"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Mapping[str, Any]], object]
    kind: Kind = "text"
    width: int | None = None  # None: fitted to the content (8 to 50 characters wide)


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]] = field(default_factory=list)


def _display_width(text: str) -> int:
    """Width in Excel character units: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(value: object, kind: Kind) -> object:
    if value is None or value == "":
        return None
    if kind == "money":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if kind == "percent":
        return float(Decimal(str(value)) / 100)
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    if isinstance(value, str) and not isinstance(value, Formula):
        return _safe_text(value)
    return value


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as .xlsx bytes (CPU work: call it through asyncio.to_thread from async code)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
        widths = [_display_width(c.header) for c in sheet.columns]
        for row in sheet.rows:
            values = [_cell_value(c.value(row), c.kind) for c in sheet.columns]
            ws.append(values)
            for i, (col, value) in enumerate(zip(sheet.columns, values, strict=True)):
                cell = ws.cell(row=ws.max_row, column=i + 1)
                if cell.data_type == "f" and not isinstance(value, Formula):
                    cell.data_type = "s"  # user text that looks like a formula is text
                if value is not None and col.kind in FORMATS:
                    cell.number_format = FORMATS[col.kind]
                shown = 11 if col.kind in ("date", "money") else 17 if col.kind == "datetime" else None
                widths[i] = max(widths[i], shown or _display_width(str(value if value is not None else "")))
        for i, col in enumerate(sheet.columns):
            ws.column_dimensions[get_column_letter(i + 1)].width = col.width or min(max(widths[i] + 2, 8), 50)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def col(header: str, key: str, kind: Kind = "text", width: int | None = None) -> Column:
    return Column(header, lambda r: r.get(key), kind, width)


def mapped(header: str, key: str, labels: Mapping[Any, str]) -> Column:
    return Column(header, lambda r: labels.get(r.get(key), r.get(key)))
