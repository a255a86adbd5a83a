"""The county's board in Chromium at 1366 and 390 px: the county coordinator signs in and lands on
three towns side by side, sees the red one, its overdue tasks and the year's trend per town, and opens
that town's board. No page scrolls sideways; screenshots under test-output/county/."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.models import OrgKind
from tracker.organisations.service import add_organisation
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import ProgressEntry, Task, TaskStatus

pytestmark = pytest.mark.integration
PASSWORD = "county-walk-3"
AREAS = (("一是", "深入推进普法教育"), ("二是", "推进严格规范公正文明执法"), ("三是", "加强基层法治建设"))


def _town(session, county, name: str, deadlines: list[date], percents: list[int]) -> int:  # type: ignore[no-untyped-def]
    """A town with a confirmed 2026 plan of three areas, one task per deadline, each task's progress
    filed in May and September."""
    town = add_organisation(session, name, OrgKind.TOWN, county)
    unit = Department(organisation=town, name="司法所")
    source = f"{name} {secrets.token_hex(4)}"
    plan = Plan(
        organisation=town,
        year=2026,
        title=f"{name}2026年法治政府建设工作要点",
        status=PlanStatus.CONFIRMED,
        source_filename="plan.txt",
        source_bytes=source.encode(),
        source_sha256=secrets.token_hex(32),
        source_text=source,
    )
    session.add_all([unit, plan])
    tops = [
        PlanItem(plan=plan, position=index * 100, marker=marker, title=title, text=title)
        for index, (marker, title) in enumerate(AREAS)
    ]
    session.add_all(tops)
    session.flush()
    for index, (deadline, percent) in enumerate(zip(deadlines, percents, strict=True)):
        title = f"{name}第{index + 1}项工作"
        leaf = PlanItem(plan=plan, parent=tops[index % 3], position=index * 100 + 1, title=title, text=title)
        task = Task(
            plan_id=plan.id,
            plan_item=leaf,
            title=title,
            lead_department=unit,
            deadline=deadline,
            status=TaskStatus.DONE if percent == 100 else TaskStatus.IN_PROGRESS,
            percent=percent,
        )
        session.add_all([leaf, task])
        for day, share in ((date(2026, 5, 15), 2), (date(2026, 9, 15), 1)):
            entry = ProgressEntry(task=task, entry_date=day, text="按计划推进", percent=percent // share)
            session.add(entry)
    session.flush()
    return town.id


@pytest.fixture
def county(live_site: LiveSite) -> dict[str, int]:
    """清源县 with 东镇 (on time), 西镇 (two tasks long overdue: red) and 南镇 (one just overdue)."""
    with live_site.database.unit_of_work() as session:
        county = add_organisation(session, "清源县", OrgKind.COUNTY)
        coordinator = User(
            organisation=county, username="county_li", display_name="县法治办李", role=Role.COORDINATOR
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
        later = date(2026, 12, 20)
        east = _town(session, county, "东镇", [later, later, later, later], [100, 80, 60, 40])
        west = _town(session, county, "西镇", [date(2026, 6, 30), date(2026, 9, 30), later], [20, 10, 50])
        south = _town(session, county, "南镇", [date(2026, 11, 20), later, later], [70, 30, 90])
        return {"east": east, "west": west, "south": south}


def _no_sideways_scroll(tab: Tab) -> None:
    assert tab.fits_width()


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_a_county_coordinator_compares_the_towns_and_opens_the_red_one(
    width: int, tab: Tab, county: dict[str, int]
) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("county_li", PASSWORD)
    expect(page).to_have_url(tab.base_url + "/county")
    towns = page.locator("#towns")
    expect(towns).to_contain_text("东镇")
    expect(towns).to_contain_text("南镇")
    west = page.locator(f"#town-{county['west']}")
    expect(west).to_have_class("row-red")
    expect(west.locator("a.light-red")).to_have_text("2")
    expect(page.locator(f"#overdue-{county['west']}")).to_contain_text("西镇第1项工作")
    expect(page.locator(f"#trend-{county['east']} svg")).to_have_attribute("role", "img")
    _no_sideways_scroll(tab)
    tab.shoot(f"county-{width}")
    page.locator("#trends").scroll_into_view_if_needed()
    tab.shoot(f"trends-{width}", full_page=False)

    west.locator("a", has_text="西镇").click()
    expect(page).to_have_url(f"{tab.base_url}/?org={county['west']}")
    board = page.locator("main")
    expect(board).to_contain_text("西镇第1项工作")  # the town drilled into, and only it
    expect(board).not_to_contain_text("东镇第1项工作")
    _no_sideways_scroll(tab)
    tab.shoot(f"west-board-{width}")
