"""Bytes become text the same way whatever the encoding, and look-alike characters stop mattering."""

from __future__ import annotations

import pytest

from tracker.plans.parsing import parse_document, parse_text
from tracker.plans.parsing.lookalikes import map_lookalikes
from tracker.plans.parsing.reading import read_document

PLAN = "下一步工作打算\n一是加强普法宣传，年底前开展讲座6场。\n二是推进政务公开，9月底前完成目录更新。\n"


@pytest.mark.parametrize(
    "data",
    [
        PLAN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAN.encode("utf-8"),
        PLAN.encode("gbk"),
        PLAN.encode("gb18030"),
        PLAN.encode("utf-16"),
        PLAN.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-notepad", "crlf"],
)
def test_every_encoding_reads_to_the_same_text(data: bytes) -> None:
    assert read_document(data, "plan.txt").text == PLAN


def test_the_encoding_is_found_from_the_bytes_not_the_name() -> None:
    assert read_document(PLAN.encode("gbk"), "plan.utf8.docx.txt").text == PLAN


def test_kangxi_and_cjk_radicals_become_the_characters_they_imitate() -> None:
    assert map_lookalikes("⼀是提⾼⼲部⻓期") == "一是提高干部长期"
    assert map_lookalikes("⻔户⽹站\u200b公开") == "门户网站公开"


def test_full_width_punctuation_and_digits_stay_as_written() -> None:
    text = "（一）１２月底前完成：ＡＢＣ，“宪法”；"
    assert map_lookalikes(text) == text


def test_radicals_in_markers_still_cut_items() -> None:
    plan = parse_text("下⼀步⼯作打算\n⼀是加强普法宣传。⼆是推进政务公开。")
    assert [item.marker for item in plan.items] == ["一是", "二是"]


def test_stray_spaces_and_half_width_brackets() -> None:
    plan = parse_text("2026年工作计划\n( 一 ) 加强普法宣传，年底前完成。\n(二)  推进政务公开。\n")
    assert [item.title for item in plan.items] == ["加强普法宣传", "推进政务公开"]


def test_a_docx_keeps_paragraphs_and_tables_in_document_order(make_docx) -> None:
    data = make_docx(["标题", "正文"], [["工作任务", "责任单位"], ["普法", "司法所"]], after=["落款"])
    document = read_document(data, None)
    assert document.text == "标题\n正文\n工作任务\t责任单位\n普法\t司法所\n落款\n"
    (table,) = document.tables
    assert [[document.text[a:b] for a, b in row] for row in table.rows] == [
        ["工作任务", "责任单位"],
        ["普法", "司法所"],
    ]


def test_a_docx_with_a_wrong_name_is_still_read_as_docx(make_docx) -> None:
    data = make_docx(["2026年工作计划", "一、加强普法宣传。", "二、推进政务公开。"])
    assert [item.marker for item in parse_document(data, "plan.txt").items] == ["一、", "二、"]


def test_words_numbering_button_lists_read_with_their_numbers(document) -> None:
    text = read_document(document("auto_numbered_lists.docx"), None).text
    assert "1.加强普法宣传教育" in text and "（2）每季度组织一次送法进村活动" in text
    plan = parse_document(document("auto_numbered_lists.docx"), "list.docx")
    assert [(item.marker, item.title) for item in plan.items] == [
        ("1.", "加强普法宣传教育"),
        ("2.", "规范行政执法行为"),
    ]
    assert [child.marker for child in plan.items[1].children] == ["（1）", "（2）"]
    assert plan.items[1].children[1].ongoing


def test_a_numbered_list_style_reads_with_its_numbers() -> None:
    import io

    import docx

    built = docx.Document()
    built.add_paragraph("下一步工作打算")
    for words in ("深化普法宣传，年底前开展讲座6场。", "推进政务公开，9月底前完成目录更新。"):
        built.add_paragraph(words, style="List Number")
    buffer = io.BytesIO()
    built.save(buffer)
    plan = parse_document(buffer.getvalue(), "styled.docx")
    assert [(item.marker, item.title) for item in plan.items] == [
        ("1.", "深化普法宣传"),
        ("2.", "推进政务公开"),
    ]
