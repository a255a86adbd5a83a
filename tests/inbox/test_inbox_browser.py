"""待我处理 in Chromium at 1366 and 390 px: signing in lands there, a 责任人 sees last year's unfinished
task beside this year's, a 分管领导 reaches the extension request and approves it in two clicks, the
county inspector reads a summary, and nothing scrolls sideways on a phone."""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.clock import following
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.extensions import request_extension
from tracker.tasks.models import Task

pytestmark = pytest.mark.integration
PASSWORD = "inbox-walk-7"


@pytest.fixture
def two_years(live_site: LiveSite, new_plan) -> None:  # type: ignore[no-untyped-def]
    """司法所 (张三, 分管领导 王分管) with a task left over from the 2025 plan and two in 2026's, one of
    them with a pending extension request."""
    with following(live_site.settings), live_site.database.unit_of_work() as session:
        home = sole_organisation(session).id
        leader = User(organisation_id=home, username="wang", display_name="王分管", role=Role.LEADER)
        unit = Department(organisation_id=home, name="司法所", leader=leader)
        owner = User(
            organisation_id=home, username="zhang", display_name="张三", role=Role.OWNER, department=unit
        )
        viewer = User(organisation_id=home, username="zhao", display_name="赵督查", role=Role.VIEWER)
        for person in (leader, owner, viewer):
            set_password(person, PASSWORD)
        last_year, this_year = (
            new_plan(session, confirmed=True, title="2025年度法治政府建设主要安排"),
            new_plan(session, confirmed=True),
        )
        last_year.year = 2025
        session.add_all([leader, unit, owner, viewer, last_year, this_year])
        session.flush()
        tasks = []
        for plan, title, deadline in (
            (last_year, "上年度未完成：修订村规民约合法性审查清单", date(2025, 12, 19)),
            (this_year, "开展“宪法宣传周”系列活动并报送总结材料", date(2026, 12, 4)),
            (this_year, "组织行政执法人员旁听庭审", date(2026, 12, 28)),
        ):
            item = PlanItem(plan=plan, title=title, text=title, position=len(tasks))
            task = Task(
                plan_id=plan.id,
                plan_item=item,
                title=title,
                lead_department=unit,
                owner=owner,
                deadline=deadline,
            )
            session.add(task)
            tasks.append(task)
        session.flush()
        request_extension(
            session,
            tasks[2],
            by=owner,
            new_deadline=date(2027, 1, 15),
            reason="庭审排期推迟到元旦后",
            today=date(2026, 11, 26),
        )


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_each_person_lands_on_what_waits_for_them(width: int, tab: Tab, two_years: None) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("zhang", PASSWORD)
    expect(page).to_have_url(tab.base_url + "/inbox")
    mine = page.locator("#inbox-mine")
    expect(mine.locator("tbody tr")).to_have_count(3)
    expect(mine.locator("tbody tr").first).to_contain_text("上年度未完成")
    expect(mine.locator("tbody tr").first).to_contain_text("严重逾期")
    tab.open_menu()
    expect(page.locator("nav.mainnav a[href='/inbox'] .badge")).to_have_text("3")
    assert tab.fits_width()
    tab.shoot(f"owner-{width}")
    tab.sign_out()

    tab.sign_in("wang", PASSWORD)
    request = page.locator("#inbox-extensions article.extension-request")
    expect(request).to_contain_text("庭审排期推迟到元旦后")
    expect(page.locator("#inbox-red")).to_contain_text("上年度未完成")
    assert tab.fits_width()
    tab.shoot(f"leader-{width}")
    request.locator("a.action").click()
    page.click("#decide-form button[value=approve]")
    expect(page.locator(".flash")).to_contain_text("已批准延期")
    tab.open("/inbox")
    expect(page.locator("#inbox-extensions")).to_contain_text("没有待审批的延期申请")
    assert tab.fits_width()
    tab.shoot(f"leader-after-approving-{width}")
    tab.sign_out()

    tab.sign_in("zhao", PASSWORD)  # the county inspector: a summary, nothing to act on
    expect(page.locator("#inbox-summary article.plan-summary")).to_have_count(2)
    expect(page.locator("header.topbar .badge")).to_have_count(0)
    assert tab.fits_width()
    tab.shoot(f"viewer-{width}")
