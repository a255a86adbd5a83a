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
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
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
ANNEX_STYLE, ANNEX_STYLE_ID = "Annex Table", "AnnexTable"
HEADER_FONT = LEVEL_FONTS[1][0]
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


def _cell(text: str, width_twips: int, *, header: bool) -> str:
    """One table cell's WordprocessingML: written as text, since python-docx's object model spends
    seconds on a thousand rows."""
    centred = header or text.isdigit()
    alignment = '<w:jc w:val="center"/>' if centred else ""
    font = (
        f'<w:rFonts w:ascii="{HEADER_FONT}" w:hAnsi="{HEADER_FONT}" w:eastAsia="{HEADER_FONT}"/>'
        if header
        else ""
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{ANNEX_STYLE_ID}"/>{alignment}</w:pPr>'
        f'<w:r><w:rPr>{font}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def _annex_table(annex: Annex) -> OxmlElement:
    widths = [round(Mm(width).twips) for width in ANNEX_WIDTHS_MM]
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    header = "".join(
        _cell(text, width, header=True) for text, width in zip(annex.columns, widths, strict=True)
    )
    rows = "".join(
        "<w:tr>"
        + "".join(_cell(text, width, header=False) for text, width in zip(row.cells, widths, strict=True))
        + "</w:tr>"
        for row in annex.rows
    )
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>{rows}</w:tbl>"
    )


def _annex_style(document: DocxDocument) -> None:
    """The table's paragraphs: 五号 仿宋, single spacing, off the body's line grid, no indent."""
    style = document.styles.add_style(ANNEX_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = TABLE_SIZE
    layout = style.paragraph_format
    layout.first_line_indent = Pt(0)
    layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    layout.alignment = WD_ALIGN_PARAGRAPH.LEFT
    no_grid(style.element.get_or_add_pPr())


def _add_annex(document: DocxDocument, annex: Annex) -> None:
    label = document.add_paragraph("附件")
    label.paragraph_format.first_line_indent = Pt(0)
    label.paragraph_format.page_break_before = True
    set_run_font(label.runs[0]._r.get_or_add_rPr(), HEADER_FONT)
    document.add_paragraph(annex.title, document.styles["Title"])
    _annex_style(document)
    document.element.body.append(_annex_table(annex))
    document.element.body.append(document.element.body.sectPr)  # the section's settings stay last


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
