"""The draft as a Word document in the layout of GB/T 9704-2012 (see `tracker.reports.docx_layout`).

The title breaks only between words (上义镇 | 2025年 | 法治政府建设 | 年度报告, a bracket kept whole)
and, when it needs two lines, with the upper line the longer (梯形); the draft mark （草稿） stands on
a line of its own under it. 【待补充：…】 markers are highlighted so that nobody signs over them. The
annex table follows on a page of its own, after the body's 附件 line.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from tracker.reports.composition import DRAFT_MARK
from tracker.reports.docx_layout import (
    DRAFT_MARK_FONT,
    LEVEL_FONTS,
    TABLE_SIZE,
    TEXT_WIDTH_PT,
    TITLE_SIZE,
    no_grid,
    set_properties,
    set_run_font,
    set_up_page,
    set_up_styles,
)
from tracker.reports.draft import Annex, Draft, Paragraph

TITLE_CAPACITY = TEXT_WIDTH_PT / TITLE_SIZE.pt - 1
"""Full-width characters a title line may hold, one kept in reserve for fonts a little wider."""
_TITLE_WORDS = re.compile(
    r"（[^）]*）|\([^)]*\)|[0-9０-９]+年度?|[〇零一二三四五六七八九]{4}年度?"
    r"|法治政府建设|法治建设|依法行政|年度报告|工作报告|情况报告|工作要点|工作计划|实施方案|主要安排"
    r"|人民政府|委员会|办事处|[^\s（(0-9０-９]+?(?:街道|镇|乡|县|区|市)(?=[0-9０-９〇零一二三四五六七八九])"
)
ANNEX_WIDTHS_MM = (12, 20, 31, 19, 24, 31, 19)
_GAP = re.compile(r"【待补充：[^】]*】")


def width(text: str) -> float:
    """A line's width in full-width characters: Latin letters and digits are half-width."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def title_words(title: str) -> list[str]:
    """The title cut only where a line may break: between the town, the year, known words and
    brackets; any other run of characters is one word."""
    words, position = [], 0
    for match in _TITLE_WORDS.finditer(title):
        if match.start() > position:
            words.append(title[position : match.start()])
        words.append(match.group())
        position = match.end()
    if position < len(title):
        words.append(title[position:])
    return words


def title_lines(title: str, capacity: float = TITLE_CAPACITY) -> list[str]:
    """One line when it fits; else the break between words that keeps both lines within `capacity`
    with the upper one the longer and the two closest in length (a trapezoid), or failing that the
    fewest lines filled word by word."""
    if width(title) <= capacity:
        return [title]
    words = title_words(title)
    splits = []
    for cut in range(1, len(words)):
        upper, lower = "".join(words[:cut]), "".join(words[cut:])
        if width(upper) <= capacity and width(lower) <= capacity:
            splits.append((width(upper) < width(lower), abs(width(upper) - width(lower)), [upper, lower]))
    if splits:
        return min(splits, key=lambda split: split[:2])[2]
    lines = [""]
    for word in words:
        if lines[-1] and width(lines[-1] + word) > capacity:
            lines.append("")
        lines[-1] += word
    return lines


def _add_text(paragraph: DocxParagraph, text: str) -> None:
    """The text as runs, with each 【待补充：…】 marker highlighted."""
    position = 0
    for match in _GAP.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group()).font.highlight_color = WD_COLOR_INDEX.YELLOW
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def _add_paragraphs(document: DocxDocument, paragraphs: tuple[Paragraph, ...], style: ParagraphStyle) -> None:
    for paragraph in paragraphs:
        _add_text(document.add_paragraph(style=style), paragraph.text)


def _add_title(document: DocxDocument, title: str) -> None:
    named = title.removesuffix(DRAFT_MARK)
    paragraph = document.add_paragraph(style=document.styles["Title"])
    for number, line in enumerate(title_lines(named)):
        run = paragraph.add_run(line)
        if number:
            run._r.addprevious(_line_break())
    if title.endswith(DRAFT_MARK):
        mark = document.add_paragraph(DRAFT_MARK)
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark.paragraph_format.first_line_indent = Pt(0)
        set_run_font(mark.runs[0]._r.get_or_add_rPr(), DRAFT_MARK_FONT)
    document.add_paragraph()  # GB/T 9704: one empty line between the title and the body


def _line_break() -> OxmlElement:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _cell_text(cell: object, text: str, *, header: bool) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    layout = paragraph.paragraph_format
    layout.first_line_indent = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    layout.alignment = WD_ALIGN_PARAGRAPH.CENTER if header or text.isdigit() else WD_ALIGN_PARAGRAPH.LEFT
    no_grid(paragraph._p.get_or_add_pPr())
    run = paragraph.add_run(text)
    run.font.size = TABLE_SIZE
    if header:
        set_run_font(run._r.get_or_add_rPr(), LEVEL_FONTS[1][0])


def _add_annex(document: DocxDocument, annex: Annex) -> None:
    label = document.add_paragraph("附件")
    label.paragraph_format.first_line_indent = Pt(0)
    label.paragraph_format.page_break_before = True
    set_run_font(label.runs[0]._r.get_or_add_rPr(), LEVEL_FONTS[1][0])
    document.add_paragraph(annex.title, document.styles["Title"])
    table = document.add_table(rows=1, cols=len(annex.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_properties.append(repeat)
    for cell, column in zip(header.cells, annex.columns, strict=True):
        _cell_text(cell, column, header=True)
    for row in annex.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row.cells, strict=True):
            _cell_text(cell, text, header=False)
    table.autofit = False
    for column, width_mm in zip(table.columns, ANNEX_WIDTHS_MM, strict=True):
        column.width = Mm(width_mm)
        for cell in column.cells:
            cell.width = Mm(width_mm)


def render_docx(draft: Draft, now: datetime) -> bytes:
    """The draft as .docx bytes, its properties saying it was made at `now` by the town."""
    document = Document()
    set_up_styles(document)
    set_up_page(document)
    styles = document.styles
    normal, headings = styles["Normal"], {level: styles[f"Heading {level}"] for level in LEVEL_FONTS}
    title = draft.title.text
    set_properties(document, title=title.removesuffix(DRAFT_MARK), author=draft.issuer, now=now)
    _add_title(document, title)
    _add_paragraphs(document, draft.opening, normal)
    for section in draft.sections:
        _add_text(document.add_paragraph(style=headings[1]), section.number + section.heading.text)
        _add_paragraphs(document, section.intro, normal)
        for part in section.parts:
            if part.heading is not None:
                _add_text(document.add_paragraph(style=headings[part.level]), part.heading.text)
            _add_paragraphs(document, part.paragraphs, normal)
        _add_paragraphs(document, section.closing, normal)
    if draft.annex is not None:
        document.add_paragraph()
        document.add_paragraph(f"附件：{draft.annex.title}", normal)
        _add_annex(document, draft.annex)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
