"""The draft as a Word document in the layout of GB/T 9704-2012 (党政机关公文格式).

A4 paper; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title in 2号 (22 pt)
方正小标宋简体; body text in 3号 (16 pt) 仿宋_GB2312 on a grid of 22 lines of 28 characters; level-1
headings (一、) in 黑体, level-2 (（一）) in 楷体_GB2312, level-3 (1.) in 仿宋_GB2312 bold; page numbers
"— 1 —" in 4号 宋体. Fonts are set by name for Latin and East-Asian text alike (`w:eastAsia`), and the
built-in theme fonts are removed from the styles, since Word prefers a theme font over a named one.
"""

from __future__ import annotations

import io
import math

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph

from tracker.reports.draft import Draft, Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LEVEL_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: ("仿宋_GB2312", True)}
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}

_TEXT_HEIGHT_PT = (297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 72
_TEXT_WIDTH_PT = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
LINE_PITCH_TWIPS = int(_TEXT_HEIGHT_PT / LINES_PER_PAGE * 20)
"""579 twips (28.95 pt): 22 lines fill the 225 mm of text height."""
CONDENSE_TWIPS = math.ceil((BODY_SIZE.pt - _TEXT_WIDTH_PT / CHARS_PER_LINE) * 20)
"""How much closer the body characters are set (5 twips, 0.25 pt) so that 28 fit the 156 mm line.

Word's character grid (`linesAndChars`) would do the same, but LibreOffice snaps each 16 pt character
to two grid cells when a cell is narrower than the character, and halves the line; condensed spacing
gives 28 characters a line in both."""
LINE_SPACING = Pt(LINE_PITCH_TWIPS / 20)
INDENT = Pt(BODY_SIZE.pt * 2)
"""Paragraphs and headings start two characters in."""


def _set_font(style: ParagraphStyle, name: str, size: Pt, *, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _set_lines(
    style: ParagraphStyle, *, indent: bool, before: Pt | None = None, after: Pt | None = None
) -> None:
    layout = style.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_SPACING
    layout.space_before = before or Pt(0)
    layout.space_after = after or Pt(0)
    layout.first_line_indent = INDENT if indent else Pt(0)
    layout.left_indent = Pt(0)


def _remove_borders(style: ParagraphStyle) -> None:
    properties = style.element.get_or_add_pPr()
    for border in properties.findall(qn("w:pBdr")):
        properties.remove(border)


def _set_up_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_SIZE)
    _set_lines(normal, indent=True)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(-CONDENSE_TWIPS))
    normal.element.get_or_add_rPr().append(spacing)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(language)
    title = styles["Title"]
    _set_font(title, TITLE_FONT, TITLE_SIZE)
    _remove_borders(title)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = LINE_SPACING
    for level, (font, bold) in LEVEL_FONTS.items():
        heading = styles[f"Heading {level}"]
        _set_font(heading, font, BODY_SIZE, bold=bold)
        _set_lines(heading, indent=True)
        heading.paragraph_format.keep_with_next = True


def _set_up_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)
    _add_page_number(section.footer.paragraphs[0])


def _field_run(paragraph_element: OxmlElement, kind: str, text: str | None = None) -> None:
    run = OxmlElement("w:r")
    if kind == "instr":
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = text
        run.append(instruction)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
    paragraph_element.append(run)


def _page_number_text(paragraph: DocxParagraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.name = PAGE_NUMBER_FONT
    run.font.size = PAGE_NUMBER_SIZE
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PAGE_NUMBER_FONT)


def _add_page_number(paragraph: DocxParagraph) -> None:
    """— 1 —, centred: a PAGE field between two dashes."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _page_number_text(paragraph, "— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        _field_run(paragraph._p, kind, text)
    _page_number_text(paragraph, " —")


def _add_paragraphs(document: DocxDocument, paragraphs: tuple[Paragraph, ...], style: ParagraphStyle) -> None:
    for paragraph in paragraphs:
        document.add_paragraph(paragraph.text, style)


def render_docx(draft: Draft) -> bytes:
    document = Document()
    _set_up_styles(document)
    _set_up_page(document)
    styles = document.styles
    normal, headings = styles["Normal"], {level: styles[f"Heading {level}"] for level in LEVEL_FONTS}
    document.core_properties.title = draft.title.text
    document.core_properties.author = "落实 Luoshi"
    document.core_properties.language = "zh-CN"
    document.add_paragraph(draft.title.text, styles["Title"])
    _add_paragraphs(document, draft.opening, normal)
    for section in draft.sections:
        document.add_paragraph(section.number + section.heading.text, headings[1])
        _add_paragraphs(document, section.intro, normal)
        for part in section.parts:
            if part.heading is not None:
                document.add_paragraph(part.heading.text, headings[part.level])
            _add_paragraphs(document, part.paragraphs, normal)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
