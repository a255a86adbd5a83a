"""The Word draft follows GB/T 9704: A4 and its margins, fonts by name (East-Asian too, with stand-ins
in the font table), heading levels as Word heading styles, page numbers in 4号 宋体 between 一字线 on
odd (right) and even (left) footers, a title that breaks only between words, the town and the time in
the document's properties. (LibreOffice's PDF of a whole draft is checked in test_seed_report.py.)"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx, title_lines, title_words

NOW = datetime(2027, 1, 8, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def document(make_year):  # type: ignore[no-untyped-def]
    year = make_year()
    education = year.item("开展普法教育", marker="（一）")
    task = year.task(year.item("法治讲座进校园", parent=education, marker="1."), status="in_progress")
    for month in range(1, 13):
        year.entry(task, f"开展法治讲座进校园活动{month}场，发放宣传资料，现场解答法律咨询。")
    year.task(year.item("加强政务公开", marker="（二）"))
    return Document(io.BytesIO(render_docx(compose_draft(year.records()), NOW)))


def east_asian_font(style) -> str | None:  # type: ignore[no-untyped-def]
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_is_a4_portrait_with_the_official_margins(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    measures = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin")
    # Word stores lengths in twentieths of a point, so a millimetre comes back within 0.02 mm.
    assert [getattr(section, name).mm for name in measures] == pytest.approx(
        [210, 297, 37, 35, 28, 26], abs=0.02
    )
    grid = section._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) * 22 <= (297 - 37 - 35) / 25.4 * 72 * 20


def test_fonts_are_set_by_name_with_stand_ins_in_the_font_table(document) -> None:  # type: ignore[no-untyped-def]
    styles = document.styles
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
    part = next(
        r.target_part for r in document.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.FONT_TABLE
    )
    fonts = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in parse_xml(part.blob).findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert (
        fonts["仿宋_GB2312"] == "仿宋"
        and fonts["楷体_GB2312"] == "楷体"
        and fonts["方正小标宋简体"] == "华文中宋"
    )


def test_body_lines_hold_28_characters_and_22_lines_a_page(document) -> None:  # type: ignore[no-untyped-def]
    normal = document.styles["Normal"]
    text_width_pt = (210 - 28 - 26) / 25.4 * 72
    condensed = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condensed) <= text_width_pt < 29 * (16 + condensed)
    assert normal.paragraph_format.line_spacing.pt * 22 <= (297 - 37 - 35) / 25.4 * 72


def test_headings_use_word_heading_styles_by_level(document) -> None:  # type: ignore[no-untyped-def]
    styled = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styled[:2] == [("Title", "上义镇2026年法治政府建设年度报告"), ("Normal", "（草稿）")]
    assert [text for style, text in styled if style == "Heading 1"] == [
        "一、2026年度法治政府建设主要举措和成效",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "三、存在的不足和原因",
        "四、2027年度推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    assert [text for style, text in styled if style == "Heading 2"] == [
        "（一）开展普法教育",
        "（二）加强政务公开",
    ]


def test_odd_pages_number_on_the_right_and_even_pages_on_the_left(document) -> None:  # type: ignore[no-untyped-def]
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    assert section.footer_distance.mm == pytest.approx(35 - 7 - 14 * 0.6 * 25.4 / 72, abs=0.05)
    for footer, alignment, inset in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert getattr(paragraph.paragraph_format, inset) == Pt(14)  # one 4号 character in
        assert [node.text for node in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert paragraph.text == "— 1 —"  # 一字线, half-width spaces, the field's result
        runs = list(paragraph._p.iter(qn("w:r")))
        assert len(runs) == 7
        for run in runs:
            fonts = run.rPr.rFonts
            assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia")} == {"宋体"}
            assert run.rPr.find(qn("w:sz")).get(qn("w:val")) == "28"  # 4号 = 14 pt


def test_properties_name_the_town_and_the_moment(document) -> None:  # type: ignore[no-untyped-def]
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "上义镇2026年法治政府建设年度报告",
        "上义镇",
        "zh-CN",
    )
    assert properties.created == properties.modified == datetime(2027, 1, 8, 2, 30, tzinfo=UTC)
    assert "python-docx" not in (properties.comments or "") + (properties.last_modified_by or "")


def test_gaps_are_highlighted_and_the_annex_table_follows_on_its_own_page(document) -> None:  # type: ignore[no-untyped-def]
    highlighted = [
        run.text for paragraph in document.paragraphs for run in paragraph.runs if run.font.highlight_color
    ]
    assert highlighted and all(text.startswith("【待补充：") for text in highlighted)
    assert {
        run.font.highlight_color for p in document.paragraphs for run in p.runs if run.font.highlight_color
    } == {WD_COLOR_INDEX.YELLOW}
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "附件：2026年度任务完成情况一览表" in texts
    label = next(paragraph for paragraph in document.paragraphs if paragraph.text == "附件")
    assert label.paragraph_format.page_break_before
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号",
        "方面",
        "任务",
        "牵头单位",
        "完成时限",
        "完成情况",
        "佐证材料",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [row.cells[2].text for row in table.rows[1:]] == ["法治讲座进校园", "加强政务公开"]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("上义镇2025年法治政府建设年度报告", ["上义镇2025年法治政府建设年度报告"]),
        ("上义镇2025年法治政府建设年度报告（草稿）", ["上义镇2025年法治政府建设", "年度报告（草稿）"]),
        (
            "某某县某某街道办事处2025年法治政府建设年度报告",
            ["某某县某某街道办事处2025年", "法治政府建设年度报告"],
        ),
        (
            "城关街道二〇二五年法治政府建设工作报告（征求意见稿）",
            ["城关街道二〇二五年法治政府建设", "工作报告（征求意见稿）"],
        ),
    ],
)
def test_a_long_title_breaks_between_words_upper_line_longer(title: str, lines: list[str]) -> None:
    assert title_lines(title) == lines
    for line in lines:
        assert line.count("（") == line.count("）")


def test_a_title_is_cut_only_between_its_words() -> None:
    assert title_words("上义镇2025年法治政府建设年度报告（草稿）") == [
        "上义镇",
        "2025年",
        "法治政府建设",
        "年度报告",
        "（草稿）",
    ]
