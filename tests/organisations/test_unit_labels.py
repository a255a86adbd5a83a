"""Units in a menu that holds several towns' units are named with their town: every town has a
党政办, and a county's people must tell them apart. A town's people see their own units, named as
always."""

from __future__ import annotations

import re

from tracker.organisations.labels import UnitOfTown, unit_menu


def test_one_organisations_units_keep_their_names_in_the_order_they_were_added() -> None:
    units = [UnitOfTown(7, "党政办", 2, "东镇"), UnitOfTown(3, "司法所", 2, "东镇")]
    assert unit_menu(units) == [(3, "司法所"), (7, "党政办")]


def test_several_towns_units_are_named_with_their_town_and_stand_town_by_town() -> None:
    units = [
        UnitOfTown(4, "党政办", 3, "西镇"),
        UnitOfTown(2, "党政办", 2, "东镇"),
        UnitOfTown(5, "司法所", 3, "西镇"),
        UnitOfTown(1, "司法所", 2, "东镇"),
    ]
    assert unit_menu(units) == [
        (1, "司法所（东镇）"),
        (2, "党政办（东镇）"),
        (4, "党政办（西镇）"),
        (5, "司法所（西镇）"),
    ]


def unit_filter(page: str) -> dict[int, str]:
    """The board's 单位 filter as the page offers it: unit id → the text shown."""
    menu = re.search(r'<select name="dept".*?</select>', page, re.S)
    assert menu, page
    return {
        int(id_): text for id_, text in re.findall(r'<option value="(\d+)" [^>]*>([^<]*)<', menu.group(0))
    }


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
