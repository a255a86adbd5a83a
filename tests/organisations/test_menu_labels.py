"""Choices in a menu that holds several towns' choices are named with their town: every town has a
党政办, every town's plan of the year has much the same title, and names recur from town to town, so
a county's people must tell them apart in the board's 计划, 单位 and 责任人 filters. A town's people
(and a county's person drilled into one town) see their own choices, named as always."""

from __future__ import annotations

import re

from tracker.organisations.labels import OfTown, labelled, town_by_town


def test_one_organisations_units_keep_their_names_in_the_order_they_were_added() -> None:
    units = [OfTown(7, "党政办", 2, "东镇"), OfTown(3, "司法所", 2, "东镇")]
    assert town_by_town(units) == [(3, "司法所"), (7, "党政办")]


def test_several_towns_units_are_named_with_their_town_and_stand_town_by_town() -> None:
    units = [
        OfTown(4, "党政办", 3, "西镇"),
        OfTown(2, "党政办", 2, "东镇"),
        OfTown(5, "司法所", 3, "西镇"),
        OfTown(1, "司法所", 2, "东镇"),
    ]
    assert town_by_town(units) == [
        (1, "司法所（东镇）"),
        (2, "党政办（东镇）"),
        (4, "党政办（西镇）"),
        (5, "司法所（西镇）"),
    ]


def test_labelled_choices_keep_the_order_they_are_given() -> None:
    plans = [OfTown(9, "2026年度工作要点", 3, "西镇"), OfTown(8, "2026年度工作要点", 2, "东镇")]
    assert labelled(plans) == [(9, "2026年度工作要点（西镇）"), (8, "2026年度工作要点（东镇）")]
    assert labelled(plans[:1]) == [(9, "2026年度工作要点")]


def board_filter(page: str, name: str) -> dict[int, str]:
    """A filter of the board as the page offers it (`plan`, `dept`, `person`): id → the text shown."""
    menu = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert menu, page
    return {
        int(id_): text for id_, text in re.findall(r'<option value="(\d+)" [^>]*>([^<]*)<', menu.group(0))
    }


def unit_filter(page: str) -> dict[int, str]:
    return board_filter(page, "dept")


def test_a_countys_coordinator_tells_each_towns_unit_apart_in_the_boards_filter(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(county.coordinator).get("/").get_data(as_text=True)
    east, west = county.east, county.west
    assert unit_filter(page) == {
        east.lead.id: "司法所（东镇）",
        east.support.id: "党政办（东镇）",
        east.unrelated.id: "综合行政执法办（东镇）",
        west.lead.id: "司法所（西镇）",
        west.support.id: "党政办（西镇）",
        west.unrelated.id: "综合行政执法办（西镇）",
    }


def test_a_countys_coordinator_drilled_into_one_town_sees_its_units_as_the_town_does(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    page = sign_in(county.coordinator).get(f"/?org={east.organisation.id}").get_data(as_text=True)
    assert unit_filter(page) == {
        east.lead.id: "司法所",
        east.support.id: "党政办",
        east.unrelated.id: "综合行政执法办",
    }


def test_a_towns_coordinator_sees_their_own_units_as_always(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    page = sign_in(east.coordinator).get("/").get_data(as_text=True)
    assert unit_filter(page) == {
        east.lead.id: "司法所",
        east.support.id: "党政办",
        east.unrelated.id: "综合行政执法办",
    }


def test_a_countys_coordinator_tells_each_towns_plan_and_owner_apart_in_the_boards_filters(
    county, sign_in
) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(county.coordinator).get("/").get_data(as_text=True)
    east, west = county.east, county.west
    assert board_filter(page, "plan") == {
        east.plan.id: "2026 2026年度法治政府建设主要安排（东镇）",
        west.plan.id: "2026 2026年度法治政府建设主要安排（西镇）",
    }
    people = board_filter(page, "person")
    assert list(people) == [
        east.owner.id,
        east.helper.id,
        east.outsider.id,
        west.owner.id,
        west.helper.id,
        west.outsider.id,
    ]
    assert people[east.owner.id] == "east_zhang（东镇）" and people[west.owner.id] == "west_zhang（西镇）"


def test_a_towns_coordinator_sees_their_own_plan_and_owners_as_always(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    page = sign_in(east.coordinator).get("/").get_data(as_text=True)
    assert board_filter(page, "plan") == {east.plan.id: "2026 2026年度法治政府建设主要安排"}
    assert board_filter(page, "person") == {
        east.owner.id: "east_zhang",
        east.helper.id: "east_chen",
        east.outsider.id: "east_liu",
    }


def test_a_countys_person_drilled_into_one_town_sees_its_plan_and_owners_as_the_town_does(
    county, sign_in
) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    page = sign_in(county.viewer).get(f"/?org={east.organisation.id}").get_data(as_text=True)
    assert board_filter(page, "plan") == {east.plan.id: "2026 2026年度法治政府建设主要安排"}
    assert board_filter(page, "person")[east.owner.id] == "east_zhang"


def test_the_countys_statistics_name_the_plan_shown_with_its_town(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    west = county.west
    page = sign_in(county.leader).get(f"/dashboard?plan={west.plan.id}").get_data(as_text=True)
    assert "<small>2026 · 2026年度法治政府建设主要安排（西镇）</small></h1>" in page
    assert board_filter(page, "plan")[west.plan.id] == "2026 2026年度法治政府建设主要安排（西镇）"
