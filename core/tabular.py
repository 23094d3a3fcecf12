"""Reading imported tables (.xlsx / .csv) with Chinese or English headers.

* .xlsx/.xlsm: openpyxl, read-only, cached formula values; the first (active) sheet.
  Cells keep their types (numbers stay numbers, dates stay ``date``/``datetime``).
* .csv/.tsv/.txt: UTF-8 (with or without BOM), else GB18030 (Excel on Chinese Windows saves
  CSV in GBK); the delimiter (``,`` ``;`` tab) is sniffed. Cells are strings.
* Headers match a :class:`Column`'s key or aliases regardless of case, spaces, ``_``/``-``,
  full/half width and a parenthesised unit: ``目标(亿元)`` == ``目标（亿元）`` == ``目标`` == ``TARGET``
  — but a header naming another unit than the aliases do (``目标（万元）`` for ``目标(亿元)``) does
  not match: it is ignored (and listed), never read in the wrong unit.
  A title row above the header is tolerated (the header is the first of the top rows that names
  all required columns); row numbers are always the spreadsheet's own (header alone on top = row 1).
* Strings are stripped, empty cells are None, blank rows are skipped; unknown columns are
  ignored and listed in ``Table.ignored_headers``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import Invalid
from db.text import clean_text

_HEADER_SCAN_ROWS = 10
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None  # the stored column's length: longer text is a row error

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.key, *self.aliases)))


@dataclass(frozen=True)
class RowError:
    """A problem with one row (``row`` is the spreadsheet row number; 0 = the file itself)."""

    row: int
    field: str | None
    code: str
    detail: str  # for the operator at the command line
    # the values of the reader's text (handlers render `import.error.<code>` in the reader's language)
    params: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)


class FileError(Invalid):
    """The file as a whole cannot be imported (empty, not a spreadsheet, corrupt, an old .xls, or
    headed with nothing any import knows): one clear answer, ``detail`` says what and how to fix it."""

    key = "file.bad"

    def __init__(self, error: RowError) -> None:
        super().__init__(self.key, detail=error.detail)
        self.code = error.code
        self.error = error


SPREADSHEET_SUFFIXES = frozenset(
    {".xlsx", ".xlsm", ".csv", ".tsv", ".xls", ".et", ".wps", ".numbers", ".ods"}
)
"""File names the office may mean as an import (the unsupported ones get a "save as .xlsx" answer)."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, object]

    def get(self, key: str) -> object:
        return self.values.get(key)


@dataclass(frozen=True)
class Table:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # column key → header text as written
    header_row: int = 1

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_error(self) -> RowError | None:
        """The problem with the file itself (row 0), if any."""
        return next((e for e in self.errors if e.row == 0), None)

    def require_readable(self) -> Table:
        """This table, or FileError when the file itself could not be read."""
        if (error := self.file_error) is not None:
            raise FileError(error)
        return self


# ---------------------------------------------------------------------------------------------
# header matching
# ---------------------------------------------------------------------------------------------

_PAREN = re.compile(r"[(\[【{<][^)\]】}>]*[)\]】}>]")
_NOISE = re.compile(r"[\s_\-·•*:：#]+")


def normalize_header(text: str) -> str:
    """Width, case and spacing insensitive form of a header: ``"目标（亿元）"`` → ``"目标(亿元)"``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOISE.sub("", folded)


def _bare(text: str) -> str:
    return _PAREN.sub("", normalize_header(text))


def _match_headers(
    headers: Sequence[object], columns: Sequence[Column]
) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """Column key → index; the headers nobody wanted; key → the header text as written."""
    exact = {normalize_header(name): col.key for col in columns for name in col.names}
    loose: dict[str, str] = {}
    units: dict[str, set[str]] = {}  # column key → the units its aliases name: {"(亿元)"}
    for col in columns:
        for name in col.names:
            loose.setdefault(_bare(name), col.key)
            units.setdefault(col.key, set()).update(_PAREN.findall(normalize_header(name)))
    positions: dict[str, int] = {}
    texts: dict[str, str] = {}
    ignored: list[str] = []
    candidates: list[tuple[int, int, str]] = []  # (priority, index, key)
    for index, header in enumerate(headers):
        text = _cell_text(header)
        if text is None:
            continue
        key = exact.get(normalize_header(text))
        if key is not None:
            candidates.append((0, index, key))
            continue
        key = loose.get(_bare(text))
        written_units = set(_PAREN.findall(normalize_header(text)))
        if key is not None and (not written_units or not units[key] or written_units & units[key]):
            candidates.append((1, index, key))  # 目标 / 目标（亿元）, but never 目标（万元） for 亿元
    taken: set[int] = set()
    for _priority, index, key in sorted(candidates):
        if key not in positions:
            positions[key] = index
            texts[key] = str(_cell_text(headers[index]))
            taken.add(index)
    for index, header in enumerate(headers):
        text = _cell_text(header)
        if text is not None and index not in taken:
            ignored.append(text)
    return positions, ignored, texts


# ---------------------------------------------------------------------------------------------
# cells and rows
# ---------------------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    text = clean_text(str(value)).strip()
    return text or None


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _blank(values: Sequence[object]) -> bool:
    return all(_clean(v) is None for v in values)


def _find_header(raw_rows: list[tuple[int, tuple[object, ...]]], columns: Sequence[Column]) -> int:
    """Index (in ``raw_rows``) of the header: the first top row naming all required columns,
    else the top row naming the most columns, else the first non-blank row."""
    required = {col.key for col in columns if col.required}
    best_index, best_score = 0, -1
    for index, (_number, values) in enumerate(raw_rows[:_HEADER_SCAN_ROWS]):
        positions, _ignored, _texts = _match_headers(values, columns)
        if positions and required <= positions.keys():
            return index
        if len(positions) > best_score:
            best_index, best_score = index, len(positions)
    return best_index if best_score > 0 else 0


def _missing_detail(col: Column, found: Sequence[object]) -> str:
    names = " / ".join(col.names)
    present = "、".join(t for v in found if (t := _cell_text(v)) is not None) or "无 / none"
    return (
        f"缺少必填列“{col.aliases[0] if col.aliases else col.key}”（可用表头：{names}；"
        f"文件中的表头：{present}）/ missing column {col.key!r} (accepted: {names}; found: {present})"
    )


def _too_long(
    number: int, picked: dict[str, object], columns: Sequence[Column], texts: dict[str, str]
) -> list[RowError]:
    """Cells longer than their column may store (checked here, not left to the database)."""
    errors = []
    for col in columns:
        text = _cell_text(picked.get(col.key))
        if col.max_length is not None and text is not None and len(text) > col.max_length:
            header = texts.get(col.key, col.key)
            errors.append(
                RowError(
                    number,
                    col.key,
                    "too_long",
                    f"“{header}”有 {len(text)} 个字，最多 {col.max_length} 个 / "
                    f"{header} is {len(text)} characters long, at most {col.max_length}",
                )
            )
    return errors


def _build(raw: Iterable[tuple[int, tuple[object, ...]]], columns: Sequence[Column]) -> Table:
    raw_rows = [(number, values) for number, values in raw if not _blank(values)]
    if not raw_rows:
        return Table(errors=[RowError(0, None, "empty_file", "文件没有内容 / the file is empty")])
    header_index = _find_header(raw_rows, columns)
    header_number, header_values = raw_rows[header_index]
    positions, ignored, texts = _match_headers(header_values, columns)
    errors = [
        RowError(header_number, col.key, "missing_column", _missing_detail(col, header_values))
        for col in columns
        if col.required and col.key not in positions
    ]
    rows: list[Row] = []
    if not errors:
        for number, values in raw_rows[header_index + 1 :]:
            picked = {
                key: _clean(values[index]) if index < len(values) else None
                for key, index in positions.items()
            }
            for col in columns:
                picked.setdefault(col.key, None)
            if all(v is None for v in picked.values()):
                continue
            errors.extend(_too_long(number, picked, columns, texts))
            rows.append(Row(number, picked))
    return Table(rows=rows, errors=errors, ignored_headers=ignored, headers=texts, header_row=header_number)


# ---------------------------------------------------------------------------------------------
# file formats
# ---------------------------------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.active if workbook.active is not None else workbook.worksheets[0]
        reset = getattr(sheet, "reset_dimensions", None)
        if callable(reset):
            reset()  # some writers store a wrong <dimension>; read every row and column
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, tuple(values)
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), else GB18030 (a superset of GBK/GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in (",", ";", "\t", "，")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple[object, ...]]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    for number, values in enumerate(reader, start=1):  # a record is one row, even with a multi-line cell
        yield number, tuple(values)


class _TooManyRows(Exception):
    pass


def _limited(
    rows: Iterator[tuple[int, tuple[object, ...]]], max_rows: int | None
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """The rows, stopping (``_TooManyRows``) past ``max_rows`` data rows: a huge file is refused
    early instead of being read whole into memory."""
    if max_rows is None:
        yield from rows
        return
    seen = 0
    for number, values in rows:
        if not _blank(values):
            seen += 1
            if seen > max_rows + _HEADER_SCAN_ROWS:
                raise _TooManyRows
        yield number, values


def _too_many(max_rows: int | None) -> Table:
    detail = f"文件超过 {max_rows} 行，请分成几个文件导入 / more than {max_rows} rows: split the file"
    return Table(errors=[RowError(0, None, "too_many_rows", detail)])


def read_table(
    source: bytes | Path, file_name: str, columns: Sequence[Column], *, max_rows: int | None = None
) -> Table:
    """Read an .xlsx or .csv import into rows keyed by ``Column.key``; problems in ``Table.errors``.

    CPU-bound (openpyxl reads a sheet as a stream of rows): async callers run it in a worker thread.
    ``max_rows`` bounds the data rows read (the file is refused beyond it).
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in _EXCEL_SUFFIXES | _CSV_SUFFIXES:
        zh = f"不支持的文件类型“{suffix or file_name}”，请上传 .xlsx 或 .csv"
        en = f"unsupported file type {suffix or file_name!r}: send .xlsx or .csv"
        if suffix in (".xls", ".et", ".wps", ".numbers", ".ods"):
            zh += "（请在 Excel/WPS 中另存为 .xlsx）"
            en += " (save it as .xlsx in Excel/WPS)"
        detail = f"{zh} / {en}"
        return Table(errors=[RowError(0, None, "unsupported_file_type", detail)])
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        rows = _xlsx_rows(data) if suffix in _EXCEL_SUFFIXES else _csv_rows(data)
        table = _build(_limited(rows, max_rows), columns)
    except _TooManyRows:
        return _too_many(max_rows)
    except Exception as exc:
        # anything a broken file makes the parsers raise (ParseError from broken sheet XML or an
        # entity bomb, zlib errors, …) is one answer about the file, never a traceback
        return Table(
            errors=[
                RowError(
                    0,
                    None,
                    "unreadable_file",
                    f"文件无法读取，可能已损坏 / cannot read the file: {type(exc).__name__}",
                )
            ]
        )
    if max_rows is not None and len(table.rows) > max_rows:
        return _too_many(max_rows)
    return table


def cell_text(value: object) -> str | None:
    """A cell as stripped text (None when empty); 13800000001.0 from Excel reads as "13800000001"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(str(value)).strip()
    return text or None
