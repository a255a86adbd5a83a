"""Acceptance on the seed report (上义镇2025年法治政府建设年度报告): its section 六 is the plan."""

from decimal import Decimal
from pathlib import Path

import pytest

from tracker.plans.parsing import ParsedPlan, parse_document


@pytest.fixture(scope="module")
def seed(seed_report_path: Path) -> ParsedPlan:
    return parse_document(seed_report_path.read_bytes(), seed_report_path.name)


def test_the_plan_year_and_section_are_found(seed: ParsedPlan) -> None:
    assert seed.plan_year == 2026
    assert seed.title == "上义镇2025年法治政府建设年度报告"
    assert seed.section_heading == "六、2026年度推进法治政府建设的主要安排"
    start, end = seed.section_span
    assert seed.text[start:end].startswith("六、2026年度")
    assert "粤公网安备" not in seed.text[start:end]


def test_exactly_three_arrangements_in_their_order(seed: ParsedPlan) -> None:
    assert [item.marker for item in seed.items] == ["一是", "二是", "三是"]
    assert [item.title for item in seed.items] == [
        "继续大力开展普法教育工作",
        "进一步加强政务公开",
        "加强法治专业人才培养",
    ]
    assert [item.category for item in seed.items] == ["普法宣传", "政务公开", "队伍建设"]


def test_government_openness_has_one_child_per_listed_area(seed: ParsedPlan) -> None:
    areas = [child.text for child in seed.items[1].children]
    assert areas == [
        "政策法规与解读",
        "财务收支情况",
        "重大项目建设",
        "社会救助与保障",
        "公共服务信息",
        "基层组织建设",
        "土地规划与管理",
        "环境保护与治理",
    ]
    assert all(child.category == "政务公开" for child in seed.items[1].children)


def test_enforcement_staff_item_has_its_three_actions(seed: ParsedPlan) -> None:
    actions = seed.items[2].children
    assert [child.title for child in actions] == [
        "加强法治专业人才培养",
        "加大执法人员培训力度",
        "进一步完善行政执法监督机制",
    ]
    assert actions[0].text.startswith("加强法治专业人才培养")
    assert actions[2].text.endswith("提高执法队伍的执法能力和公信力。")


def test_legal_education_stays_one_piece_of_work(seed: ParsedPlan) -> None:
    assert seed.items[0].children == []
    assert seed.items[0].lead_units == ["司法所"] and seed.items[0].owners_suggested


def test_nothing_from_the_record_or_the_problems_is_an_item(seed: ParsedPlan) -> None:
    plan_start = seed.text.index("六、2026年度")
    assert all(item.span[0] > plan_start for item in seed.all_items())


def test_no_phrase_means_the_year_end_without_a_phrase(seed: ParsedPlan) -> None:
    for item in seed.all_items():
        assert (item.deadline.isoformat(), item.deadline_phrase, item.recurrence) == (
            "2026-12-31",
            None,
            None,
        )


def test_baselines_from_last_year_account(seed: ParsedPlan) -> None:
    figures = {(b.value, b.qualifier, b.unit): b for b in seed.baselines}
    assert figures[(Decimal(32), None, "名")].name == "法律明白人"
    assert figures[(Decimal(47), None, "起")].name == "矛盾纠纷"
    assert figures[(Decimal("97.9"), None, "%")].name == "调解成功率"
    assert "法治讲座" in figures[(Decimal(10), "余", "场")].name
    assert "法治讲座" in figures[(Decimal(800), "余", "人次")].name
    assert figures[(Decimal(60), "余", "次")].name == "法律咨询"
    assert figures[(Decimal(20), None, "件")].name == "执法办案"
    assert {b.year for b in seed.baselines} == {2025}


def test_four_shortcomings_and_not_their_causes(seed: ParsedPlan) -> None:
    assert len(seed.shortcomings) == 4
    assert seed.shortcomings[0].text.startswith("部分干部的法治素养")
    assert seed.shortcomings[3].text.endswith("有待进一步细化完善。")
    assert not any("分析问题原因" in s.text for s in seed.shortcomings)


def test_every_span_slices_back_to_its_text(seed: ParsedPlan) -> None:
    for item in seed.all_items():
        assert seed.text[item.span[0] : item.span[1]] == item.text
    for shortcoming in seed.shortcomings:
        assert seed.text[shortcoming.span[0] : shortcoming.span[1]] == shortcoming.text
    for baseline in seed.baselines:
        assert seed.text[baseline.span[0] : baseline.span[1]].startswith(str(baseline.value).split(".")[0])


def test_the_json_has_exactly_the_documented_shape(seed: ParsedPlan) -> None:
    data = seed.to_dict()
    assert set(data) == {
        "plan_year",
        "title",
        "plan_section",
        "items",
        "baselines",
        "shortcomings",
        "warnings",
        "skipped",
    }
    assert set(data["plan_section"]) == {"heading", "span"}
    item_keys = {
        "marker", "title", "text", "span", "category", "lead_units", "support_units", "owners_suggested",
        "deadline", "deadline_phrase", "recurrence", "ongoing", "children",
    }  # fmt: skip
    for item in [data["items"][1], data["items"][1]["children"][0]]:
        assert set(item) == item_keys
    assert set(data["baselines"][0]) == {"name", "value", "qualifier", "unit", "year", "span"}
    assert set(data["shortcomings"][0]) == {"text", "span"}
    assert data["items"][0]["deadline"] == "2026-12-31"
