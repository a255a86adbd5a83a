"""Sentence patterns a clerk can change: plain Chinese with 〔占位符〕, checked before they are kept."""

from __future__ import annotations

import pytest

from tracker.reports.composition import compose_draft
from tracker.reports.patterns import SPECS, PatternError, Patterns, check_pattern, placeholders


def test_every_shipped_pattern_passes_its_own_check() -> None:
    for spec in SPECS:
        assert check_pattern(spec.name, spec.default) == spec.default
        assert "{" not in spec.default and "%" not in spec.default


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("figure.cumulative", "全年共〔指标〕", "必须保留〔数量〕"),
        ("figure.cumulative", "〔指标〕〔数量〕〔单位〕", "〔单位〕不能用在这个句式里"),
        ("figure.cumulative", "〔指标〕{{ total }}", "不能使用 { }"),
        ("figure.cumulative", "〔指标〔数量〕", "未配对"),
        ("figure.cumulative", "〔指标〕〔数量〕\n第二行", "只能是一行"),
        ("compare.more", "【比上年】增加〔差额〕", "【】留给"),
        ("nonexistent", "〔数量〕", "没有名为"),
    ],
)
def test_a_pattern_that_cannot_work_is_refused_with_the_reason(name: str, body: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        check_pattern(name, body)


def test_a_kept_pattern_loses_only_its_closing_full_stop() -> None:
    assert check_pattern("compare.more", "  较上年增加〔差额〕。 ") == "较上年增加〔差额〕"
    assert placeholders("较上年增加〔差额〕，上年为〔上年数量〕") == ["差额", "上年数量"]


def test_a_changed_pattern_changes_the_draft_and_keeps_its_sources(make_year) -> None:
    year = make_year()
    item = year.item("化解矛盾纠纷", marker="一是")
    entry = year.entry(year.task(item, status="done"), "开展矛盾纠纷排查。")
    year.increment(entry, year.indicator(item, "化解矛盾纠纷", "起", baseline="40"), "47")
    patterns = Patterns({"figures.lead": "全年累计", "compare.more": "较上年多〔差额〕"})
    draft = compose_draft(year.records(), patterns)
    sentence = draft.section("achievements").parts[0].paragraphs[0].sentences[-1]
    assert sentence.text == "全年累计化解矛盾纠纷47起，较上年多7起。"
    assert {ref.kind for ref in sentence.sources} == {"indicator", "increment"}
    assert draft.warnings == ()


def test_a_pattern_without_placeholders_still_cites_its_records(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    draft = compose_draft(year.records(), Patterns({"heading.problems": "存在的主要问题和原因"}))
    assert draft.section("problems").heading.text == "存在的主要问题和原因"
    assert draft.section("problems").heading.sources
