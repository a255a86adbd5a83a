"""The year's figures by indicator kind — 累计 sums, 现有 latest totals, 比率 rates in 百分点 — and
approximate figures (余, 多, 近, 约, 以上) never subtracted as if they were exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.reports.composition import compose_draft
from tracker.reports.quantities import Change, Quantity, compare, total


def figures_of(year) -> str:  # type: ignore[no-untyped-def]
    draft = compose_draft(year.records())
    return "".join(paragraph.text for paragraph in draft.section("achievements").paragraphs())


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "said"),
    [
        ("10", "场", "余", "10余场"),
        ("800", "人次", "余", "800余人次"),
        ("20", "件", "多", "20多件"),
        ("100", "人", "近", "近100人"),
        ("3", "万元", "约", "约3万元"),
        ("50", "场", "以上", "50场以上"),
        ("97.900", "%", None, "97.9%"),
    ],
)
def test_a_figure_is_said_as_a_report_says_it(
    value: str, unit: str, qualifier: str | None, said: str
) -> None:
    assert str(Quantity(Decimal(value), unit, qualifier)) == said


@pytest.mark.parametrize(
    ("current", "baseline", "change", "difference"),
    [
        (Quantity(Decimal(15), "场"), Quantity(Decimal(10), "场", "余"), Change.APPROX_MORE, None),
        (Quantity(Decimal(58), "次"), Quantity(Decimal(60), "次", "余"), Change.APPROX_SAME, None),
        (Quantity(Decimal(40), "次"), Quantity(Decimal(60), "次", "余"), Change.APPROX_LESS, None),
        (Quantity(Decimal(10), "场", "余"), Quantity(Decimal(12), "场"), Change.APPROX_SAME, None),
        (Quantity(Decimal(15), "场"), Quantity(Decimal(10), "场"), Change.MORE, "5场"),
        (Quantity(Decimal(46), "起"), Quantity(Decimal(47), "起"), Change.LESS, "1起"),
        (Quantity(Decimal(32), "名"), Quantity(Decimal(32), "名"), Change.SAME, None),
    ],
)
def test_only_two_exact_figures_give_a_difference(current, baseline, change, difference) -> None:  # type: ignore[no-untyped-def]
    compared = compare(current, baseline)
    assert (compared.change, compared.difference, compared.baseline) == (change, difference, str(baseline))


def test_rates_compare_in_percentage_points() -> None:
    up = compare(Quantity(Decimal("98.2"), "%"), Quantity(Decimal("97.9"), "%"), rate=True)
    assert (up.change, up.difference) == (Change.RATE_UP, "0.3")
    down = compare(Quantity(Decimal(95), "%"), Quantity(Decimal(100), "%"), rate=True)
    assert (down.change, down.difference) == (Change.RATE_DOWN, "5")
    near = compare(Quantity(Decimal(99), "%"), Quantity(Decimal(100), "%", "近"), rate=True)
    assert near.change is Change.APPROX_SAME


def test_a_sum_with_an_approximate_part_is_approximate() -> None:
    assert str(total(Decimal(5), set(), "场")) == "5场"
    assert str(total(Decimal(13), {"余"}, "场")) == "13余场"
    assert str(total(Decimal(13), {"多", "余"}, "场")) == "13余场"
    assert str(total(Decimal(13), {"约", "余"}, "场")) == "约13场"


def test_approximate_baselines_are_compared_honestly_in_the_draft(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="in_progress")
    lectures = year.indicator(item, "开展法治讲座", "场", baseline="10", qualifier="余")
    consultations = year.indicator(item, "接受法律咨询", "次", baseline="60", qualifier="余")
    entry = year.entry(task, "开展普法活动。")
    year.increment(entry, lectures, "15")
    year.increment(entry, consultations, "58")
    text = figures_of(year)
    assert "全年共开展法治讲座15场，多于上年的10余场；接受法律咨询58次，与上年（60余次）基本持平。" in text
    assert "增加5场" not in text and "减少2次" not in text


def test_an_approximate_figure_of_this_year_keeps_its_qualifier(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    entry = year.entry(year.task(item, status="done"), "全年开展法治讲座、法治宣传活动。")
    year.increment(entry, year.indicator(item, "开展法治讲座、法治宣传活动", "场"), "10", "余")
    year.increment(entry, year.indicator(item, "覆盖", "人次"), "800", "余")
    assert "全年共开展法治讲座、法治宣传活动10余场，覆盖800余人次。" in figures_of(year)


def test_a_standing_total_is_the_latest_stated_never_a_sum(make_year) -> None:
    year = make_year()
    item = year.item("加强“法律明白人”培养", marker="一是")
    task = year.task(item, status="in_progress")
    stock = year.indicator(item, "培养“法律明白人”", "名", baseline="32", kind="stock")
    year.increment(year.entry(task, "新培养“法律明白人”3名。", on=date(2026, 4, 1)), stock, "35")
    year.increment(year.entry(task, "新培养“法律明白人”6名。", on=date(2026, 10, 1)), stock, "41")
    text = figures_of(year)
    assert "全镇现有“法律明白人”41名，比上年增加9名。" in text
    assert "76" not in text and "减少" not in text


def test_a_rate_is_the_full_year_value_else_the_latest(make_year) -> None:
    year = make_year()
    item = year.item("化解矛盾纠纷", marker="一是")
    task = year.task(item, status="in_progress")
    success = year.indicator(item, "调解成功率", "%", baseline="97.9", kind="rate")
    passing = year.indicator(item, "学法考试优秀率", "%", baseline="100", kind="rate")
    year.increment(
        year.entry(task, "全年调解成功率统计。", on=date(2026, 12, 20)), success, "98.2", full_year=True
    )
    year.increment(year.entry(task, "上半年调解情况。", on=date(2026, 7, 5)), success, "97.5")
    year.increment(year.entry(task, "12月补充调解统计。", on=date(2026, 12, 28)), success, "96")
    year.increment(year.entry(task, "一季度考试。", on=date(2026, 3, 30)), passing, "98")
    year.increment(year.entry(task, "年度考试。", on=date(2026, 11, 30)), passing, "100")
    draft = compose_draft(year.records())
    text = "".join(paragraph.text for paragraph in draft.section("achievements").paragraphs())
    assert "调解成功率达98.2%，比上年提高0.3个百分点；学法考试优秀率达100%，与上年持平。" in text
    assert draft.warnings == ()
