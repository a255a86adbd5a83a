"""Wording templates: shipped defaults, a coordinator's overrides per section and per category, and
clear refusals for templates that cannot work."""

from __future__ import annotations

import pytest

from tracker.reports.composition import compose_draft
from tracker.reports.wording import DEFAULT_BODIES, SPECS, Wording, WordingError


def test_every_template_has_a_shipped_default() -> None:
    assert {spec.name for spec in SPECS} <= {name for name, category in DEFAULT_BODIES}


def test_a_category_template_applies_to_that_category_only(make_year) -> None:
    year = make_year()
    law = year.item("开展普法教育", marker="一是", category="普法")
    year.entry(year.task(law, status="in_progress"), "开展讲座2场。")
    other = year.item("加强政务公开", marker="二是", category="政务公开")
    year.entry(year.task(other, status="in_progress"), "公开文件3件。")
    wording = Wording({("achievements.item", "普法"): "普法工作方面，{{ work[0].entries[0] }}"})
    parts = compose_draft(year.records(), wording).section("achievements").parts
    assert parts[0].paragraphs[0].text == "一是开展普法教育。普法工作方面，开展讲座2场。"
    assert parts[1].paragraphs[0].text.startswith("二是加强政务公开。公开文件3件")


def test_a_sentence_a_template_invents_is_reported_as_unsourced(make_year) -> None:
    year = make_year()
    year.entry(year.task(year.item("开展普法教育", marker="一是"), status="in_progress"), "开展讲座2场。")
    body = DEFAULT_BODIES[("achievements.item", "")] + "\n各项工作取得明显成效。"
    draft = compose_draft(year.records(), Wording({("achievements.item", ""): body}))
    assert draft.warnings == ("这句话没有记录来源，请修改措辞模板：各项工作取得明显成效。",)


def test_a_syntax_error_names_the_template_and_line(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    wording = Wording({("opening", ""): "第一行\n{% if %}"})
    with pytest.raises(WordingError, match="模板“开头段落”第2行有语法错误"):
        compose_draft(year.records(), wording)


def test_an_unknown_name_fails_instead_of_printing_nothing(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    with pytest.raises(WordingError, match=r"报告标题.*无法生成.*townname"):
        compose_draft(year.records(), Wording({("title", ""): "{{ townname }}报告"}))


def test_a_template_cannot_reach_python_internals(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    wording = Wording({("title", ""): "{{ year.__class__.__mro__[1].__subclasses__() }}"})
    with pytest.raises(WordingError, match="无法生成"):
        compose_draft(year.records(), wording)


def test_a_category_override_for_a_section_without_categories_is_ignored() -> None:
    wording = Wording({("title", "普法"): "x"})
    assert wording.key_for("title", "普法") == ("title", "")


def test_the_shipped_legal_education_wording_leads_with_the_years_figures(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是", category="普法宣传")
    entry = year.entry(year.task(item, status="in_progress"), "开展宪法进农村讲座2场。")
    year.increment(entry, year.indicator(item, "开展法治讲座", "场", baseline="10", qualifier="余"), "12")
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0]
    assert paragraph.text == (
        "一是开展普法教育。全年累计开展法治讲座12场（比上年增加2场）。开展宪法进农村讲座2场。"
        "该事项共1项任务，办结0项、推进中1项。"
    )


def test_a_template_cannot_write_a_citation_of_its_own(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    wording = Wording({("opening", ""): "\ue000task:1\ue001各项工作取得明显成效。"})
    with pytest.raises(WordingError, match="系统保留的字符"):
        compose_draft(year.records(), wording)
