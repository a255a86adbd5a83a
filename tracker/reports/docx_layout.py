"""The page and styles of GB/T 9704-2012 (党政机关公文格式) for the Word draft.

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; the title 2号 (22 pt) 方正小标宋简体;
body 3号 (16 pt) 仿宋_GB2312 on 22 lines of 28 characters; level-1 headings (一、) 黑体, level-2
(（一）) 楷体_GB2312, level-3 (1.) 仿宋_GB2312 bold. Page numbers: 4号 (14 pt) 半角宋体 arabic digits
between two 一字线 (— 1 —), the line 7 mm below the text area, odd pages on the right and even pages
on the left, one character in from the edge (odd and even footers).

Fonts are set by name for Latin and East-Asian text alike (`w:eastAsia`), the template's theme fonts
are removed (Word would prefer them), and the font table names a common font to stand in for each
official one (仿宋_GB2312 → 仿宋 …) where the reader's Word lacks it.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
DRAFT_MARK_FONT = "楷体_GB2312"
LEVEL_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: ("仿宋_GB2312", True)}
PAGE_NUMBER_FONT = "宋体"
STAND_INS = {
    "方正小标宋简体": ("华文中宋", "roman"),
    "仿宋_GB2312": ("仿宋", "modern"),
    "楷体_GB2312": ("楷体", "script"),
    "黑体": ("SimHei", "swiss"),
    "宋体": ("SimSun", "roman"),
}
"""Each official font, the common font that stands in for it, and its family (the font table)."""
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 五号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_NUMBER_GAP_MM = 7
"""The 一字线 of the page number is this far below the text area."""

_TEXT_HEIGHT_PT = (297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 72
TEXT_WIDTH_PT = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
LINE_PITCH_TWIPS = int(_TEXT_HEIGHT_PT / LINES_PER_PAGE * 20)
"""579 twips (28.95 pt): 22 lines fill the 225 mm of text height."""
CONDENSE_TWIPS = math.ceil((BODY_SIZE.pt - TEXT_WIDTH_PT / CHARS_PER_LINE) * 20)
"""How much closer the body characters are set (5 twips, 0.25 pt) so that 28 fit the 156 mm line.

Word's character grid (`linesAndChars`) would do the same, but LibreOffice snaps each 16 pt character
to two grid cells when a cell is narrower than the character, and halves the line; condensed spacing
gives 28 characters a line in both."""
LINE_SPACING = Pt(LINE_PITCH_TWIPS / 20)
INDENT = Pt(BODY_SIZE.pt * 2)
"""Paragraphs and headings start two characters in."""
FOOTER_LINE = Pt(PAGE_NUMBER_SIZE.pt)
FOOTER_DISTANCE = Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM) - Pt(FOOTER_LINE.pt * 0.6)
"""From the page's bottom edge to the bottom of the page-number line: the line is one 4号 character
tall (exact spacing) and its 一字线 sits a little above the middle, so the dash comes 7 mm below the
text area (checked on the PDF LibreOffice makes)."""


def set_run_font(properties: OxmlElement, name: str) -> None:
    """Name the font for every script of a run or style (`w:rFonts`), without theme fonts."""
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), name)


def _set_font(style: ParagraphStyle, name: str, size: Pt, *, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_run_font(style.element.get_or_add_rPr(), name)


def _set_lines(style: ParagraphStyle, *, indent: bool) -> None:
    layout = style.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_SPACING
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    layout.first_line_indent = INDENT if indent else Pt(0)
    layout.left_indent = Pt(0)


def _add_style_child(style: ParagraphStyle, tag: str, **attributes: str) -> None:
    child = OxmlElement(tag)
    for name, value in attributes.items():
        child.set(qn(name), value)
    style.element.get_or_add_rPr().append(child)


def no_grid(properties: OxmlElement) -> None:
    """Lines of their own height, not snapped to the body's 22-line grid (titles, footers, tables)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    properties.append(snap)


def set_up_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_SIZE)
    _set_lines(normal, indent=True)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _add_style_child(normal, "w:spacing", **{"w:val": str(-CONDENSE_TWIPS)})
    _add_style_child(normal, "w:lang", **{"w:val": "zh-CN", "w:eastAsia": "zh-CN"})
    title = styles["Title"]
    _set_font(title, TITLE_FONT, TITLE_SIZE)
    properties = title.element.get_or_add_pPr()
    for border in properties.findall(qn("w:pBdr")):
        properties.remove(border)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(TITLE_SIZE.pt * 1.3)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = Pt(0)
    no_grid(title.element.get_or_add_pPr())
    for level, (font, bold) in LEVEL_FONTS.items():
        heading = styles[f"Heading {level}"]
        _set_font(heading, font, BODY_SIZE, bold=bold)
        _set_lines(heading, indent=True)
        heading.paragraph_format.keep_with_next = True


def _add_stand_ins(document: DocxDocument) -> None:
    """Font-table entries naming the common font Word uses when an official one is missing."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE
    )
    table = parse_xml(part.blob)
    for name, (stand_in, family) in STAND_INS.items():
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                table.remove(old)
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{stand_in}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field_run(paragraph: DocxParagraph, kind: str, text: str | None = None) -> None:
    run = paragraph.add_run()
    if kind == "instr":
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = text
        run._r.append(instruction)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
    _page_number_format(run._r)


def _page_number_format(run_element: OxmlElement) -> None:
    properties = run_element.get_or_add_rPr()
    set_run_font(properties, PAGE_NUMBER_FONT)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(int(PAGE_NUMBER_SIZE.pt * 2)))
        properties.append(size)


def _page_number(paragraph: DocxParagraph, *, odd: bool) -> None:
    """— 1 —: a PAGE field between two 一字线, every run in 4号 宋体 (the field's result too, which
    Word and LibreOffice format like the runs around it)."""
    layout = paragraph.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    layout.first_line_indent = Pt(0)
    layout.right_indent = PAGE_NUMBER_SIZE if odd else Pt(0)
    layout.left_indent = Pt(0) if odd else PAGE_NUMBER_SIZE
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = FOOTER_LINE
    layout.space_before = layout.space_after = Pt(0)
    no_grid(paragraph._p.get_or_add_pPr())
    _page_number_format(paragraph.add_run("— ")._r)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None)):
        _field_run(paragraph, kind, text)
    _page_number_format(paragraph.add_run("1")._r)
    _field_run(paragraph, "end")
    _page_number_format(paragraph.add_run(" —")._r)


def set_up_page(document: DocxDocument) -> Section:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.attrib.pop(qn("w:charSpace"), None)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)
    _add_stand_ins(document)
    return section


def set_properties(document: DocxDocument, *, title: str, author: str, now: datetime) -> None:
    """Title, the town as author, `now` as when it was made and saved, Chinese as the language;
    nothing of the template's (python-docx's own comment and 2013 date)."""
    properties = document.core_properties
    moment = now.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.title = title
    properties.subject = "法治政府建设年度报告"
    properties.author = author
    properties.last_modified_by = author
    properties.comments = ""
    properties.keywords = "法治政府建设;年度报告;草稿"
    properties.category = "草稿"
    properties.language = "zh-CN"
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
