"""The Word draft follows GB/T 9704: A4, the margins, the fonts by name (East-Asian too), heading
levels as Word heading styles. (LibreOffice's PDF of the seed's draft is checked in
test_seed_year.py.)"""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx


@pytest.fixture
def year_with_headed_items(make_year):  # type: ignore[no-untyped-def]
    year = make_year()
    education = year.item("开展普法教育", marker="（一）")
    task = year.task(year.item("法治讲座进校园", parent=education, marker="1."), status="in_progress")
    for month in range(1, 13):
        year.entry(
            task, f"{month}月开展法治讲座进校园活动，覆盖师生120人次，发放宣传资料200份，现场解答法律咨询。"
        )
    year.task(year.item("加强政务公开", marker="（二）"))
    return year


def east_asian_font(style) -> str | None:  # type: ignore[no-untyped-def]
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_is_a4_portrait_with_the_official_margins(year_with_headed_items) -> None:
    document = Document(io.BytesIO(render_docx(compose_draft(year_with_headed_items.records()))))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    measures = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    # Word stores lengths in twentieths of a point, so a millimetre comes back within 0.02 mm.
    assert [getattr(section, name).mm for name in measures] == pytest.approx(
        [210, 297, 37, 35, 28, 26], abs=0.02
    )
    grid = section._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) * 22 <= (297 - 37 - 35) / 25.4 * 72 * 20


def test_fonts_are_set_by_name_for_latin_and_east_asian_text(year_with_headed_items) -> None:
    styles = Document(io.BytesIO(render_docx(compose_draft(year_with_headed_items.records())))).styles
    expected = {
        "Title": ("方正小标宋简体", Pt(22), False),
        "Normal": ("仿宋_GB2312", Pt(16), False),
        "Heading 1": ("黑体", Pt(16), False),
        "Heading 2": ("楷体_GB2312", Pt(16), False),
        "Heading 3": ("仿宋_GB2312", Pt(16), True),
    }
    for name, (font, size, bold) in expected.items():
        style = styles[name]
        assert (style.font.name, east_asian_font(style), style.font.size, bool(style.font.bold)) == (
            font,
            font,
            size,
            bold,
        ), name
        assert style.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None, name


def test_body_lines_hold_28_characters_and_22_lines_a_page(year_with_headed_items) -> None:
    normal = Document(io.BytesIO(render_docx(compose_draft(year_with_headed_items.records())))).styles[
        "Normal"
    ]
    text_width_pt = (210 - 28 - 26) / 25.4 * 72
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condensed) <= text_width_pt < 29 * (16 + condensed)
    assert normal.paragraph_format.line_spacing.pt * 22 <= (297 - 37 - 35) / 25.4 * 72


def test_headings_use_word_heading_styles_by_level(year_with_headed_items) -> None:
    document = Document(io.BytesIO(render_docx(compose_draft(year_with_headed_items.records()))))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styled[0] == ("Title", "上义镇2026年法治政府建设年度报告（草稿）")
    assert [text for style, text in styled if style == "Heading 1"] == [
        "一、2026年度推进法治政府建设的主要举措和成效",
        "二、2026年度法治政府建设存在的不足和问题",
        "三、2027年度推进法治政府建设的主要安排",
    ]
    assert [text for style, text in styled if style == "Heading 2"] == [
        "（一）开展普法教育",
        "（二）加强政务公开",
    ]
    assert {style for style, text in styled} == {"Title", "Normal", "Heading 1", "Heading 2"}


def test_the_footer_numbers_pages(year_with_headed_items) -> None:
    document = Document(io.BytesIO(render_docx(compose_draft(year_with_headed_items.records()))))
    footer = document.sections[0].footer.paragraphs[0]
    instructions = [node.text for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert footer.text == "—  —"
