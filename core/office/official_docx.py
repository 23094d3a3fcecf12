"""An official document (公文) as .docx, in the layout of GB/T 9704-2012 as county offices use it:
A4, margins 37/35/28/26 mm, the title in 二号 小标宋 centred, the body in 三号 仿宋_GB2312 with a
fixed 28.95 pt line, first-line indent of two characters, headings in 黑体, tables with a header row,
the issuing office and the date right-aligned at the end.

The words come from the caller (handlers put the notice's texts in the reader's language); this
module only lays them out. python-docx builds the file in memory: call it through asyncio.to_thread
from async code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Section:
    heading: str
    lines: Sequence[str] = ()
    table: Table | None = None


@dataclass(frozen=True)
class OfficialDocument:
    title: str
    salutation: str
    opening: Sequence[str]
    sections: Sequence[Section]
    closing: Sequence[str] = ()
    signature: Sequence[str] = ()  # the issuing office, then the date
    attachments_note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)  # document properties (e.g. subject)


def _font(run: object, name: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name  # type: ignore[attr-defined]
    run.font.size = Pt(size_pt)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    properties = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)  # the Chinese glyphs follow this one


def _paragraph(
    doc: object,
    text: str,
    font: str,
    size: float,
    *,
    align: str = "justify",
    indent: bool = True,
    bold: bool = False,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold=bold)


def _table(doc: object, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.headers))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(str(header)), HEADING_FONT, 12)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, 12)


def write_official_docx(document: OfficialDocument) -> bytes:
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    for section in doc.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = document.title
    for key, value in document.extra.items():
        setattr(doc.core_properties, key, value)
    _paragraph(doc, document.title, TITLE_FONT, 22, align="center", indent=False)
    _paragraph(doc, "", BODY_FONT, 16, indent=False)
    _paragraph(doc, document.salutation, BODY_FONT, 16, align="left", indent=False)
    for line in document.opening:
        _paragraph(doc, line, BODY_FONT, 16)
    for part in document.sections:
        _paragraph(doc, part.heading, HEADING_FONT, 16)
        for line in part.lines:
            _paragraph(doc, line, BODY_FONT, 16)
        if part.table is not None:
            _table(doc, part.table)
    for line in document.closing:
        _paragraph(doc, line, BODY_FONT, 16)
    if document.attachments_note:
        _paragraph(doc, "", BODY_FONT, 16, indent=False)
        _paragraph(doc, document.attachments_note, BODY_FONT, 16)
    _paragraph(doc, "", BODY_FONT, 16, indent=False)
    for line in document.signature:
        _paragraph(doc, line, BODY_FONT, 16, align="right", indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
