"""Owners the text states, and owners suggested from the keyword table when it states none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.plans.parsing import OwnerKeywords, parse_text
from tracker.plans.parsing.owners import split_units, stated_owners


@pytest.mark.parametrize(
    ("text", "lead", "support"),
    [
        ("（责任单位：镇司法所、党政办）", ["镇司法所"], ["党政办"]),
        ("（责任单位：市工业和信息化局，有关区、市政府）", ["市工业和信息化局"], ["有关区、市政府"]),
        ("（省大数据局、省政府办公厅牵头，各有关部门配合）", ["省大数据局", "省政府办公厅"], ["各有关部门"]),
        ("（牵头单位：交通厅、公安厅、住建厅）", ["交通厅", "公安厅", "住建厅"], []),
        ("（省工业和信息化厅、省农业农村厅分工负责）", ["省工业和信息化厅", "省农业农村厅"], []),
        ("（省大数据局牵头，各有关部门分头落实）", ["省大数据局"], ["各有关部门"]),
        (
            "（省大数据局、省委网信办牵头，省发展改革委等有关部门配合，各市政府落实）",
            ["省大数据局", "省委网信办"],
            ["省发展改革委等有关部门", "各市政府"],
        ),
        ("（省人力资源社会保障厅负责）", ["省人力资源社会保障厅"], []),
        ("牵头单位：司法所；配合单位：各村（社区）、综治中心", ["司法所"], ["各村（社区）", "综治中心"]),
        ("（司法所牵头，党政办、各村配合）", ["司法所"], ["党政办", "各村"]),
        ("由综合行政执法办负责，司法所协助", ["综合行政执法办"], ["司法所"]),
        ("责任科室：法规科", ["法规科"], []),
        ("配合单位：党政办", ["党政办"], []),
        ("（牵头单位：镇司法所 配合单位：党政办）", ["镇司法所"], ["党政办"]),
        ("责任单位：镇司法所，配合单位：各村（社区）", ["镇司法所"], ["各村（社区）"]),
        ("（责任单位：司法所；完成时限：6月底前）", ["司法所"], []),
    ],
)
def test_stated_owners(text: str, lead: list[str], support: list[str]) -> None:
    found = stated_owners(text)
    assert (found.lead, found.support) == (lead, support)


def test_words_that_only_look_like_owners_are_not_units() -> None:
    assert stated_owners("由镇党委书记、镇长共同负责的领导小组定期研究法治工作") is None
    assert stated_owners("鼓励各市县(市、区)、高等院校、科研院所、企业等积极参与，打造一批惠民场景。") is None
    assert split_units("镇司法所、党政办等单位") == ["镇司法所", "党政办"]


def test_an_item_without_owners_gets_a_marked_suggestion() -> None:
    plan = parse_text("下一步工作打算\n一是深入开展普法宣传。二是全面推进政务公开。三是规范行政执法行为。")
    assert [(item.lead_units, item.owners_suggested) for item in plan.items] == [
        (["司法所"], True),
        (["党政办"], True),
        (["综合行政执法办"], True),
    ]


def test_a_stated_owner_passes_to_the_actions_of_its_item() -> None:
    plan = parse_text(
        "下一步工作打算\n（一）加强普法（责任单位：司法所）\n1.开展宪法宣传。\n2.组织民法典宣传。\n（二）推进公开。"
    )
    assert [child.lead_units for child in plan.items[0].children] == [["司法所"], ["司法所"]]
    assert not any(child.owners_suggested for child in plan.items[0].children)


def test_a_town_replaces_the_keyword_table_with_its_own_file(tmp_path: Path) -> None:
    own = tmp_path / "keywords.toml"
    own.write_text(
        'fallback = "镇综合办"\n[[department]]\nname = "普法办"\nkeywords = ["普法"]\n', encoding="utf-8"
    )
    keywords = OwnerKeywords.load(own)
    plan = parse_text("下一步工作打算\n一是深入开展普法宣传。二是修缮办公楼。", owner_keywords=keywords)
    assert [item.lead_units for item in plan.items] == [["普法办"], ["镇综合办"]]


def test_an_unreadable_keyword_file_says_which(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[department]]\nname = ", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.toml"):
        OwnerKeywords.load(broken)
