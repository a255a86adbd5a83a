"""The coordinator's lifecycle forms in Chromium, at 1366 and 390 px: archiving last year's plan from
the plan list (its task leaves the board), and reopening a 办结 task with a reason — refused without
one, the message beside the field — on the task page. No page scrolls sideways."""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.integration
PASSWORD = "lifecycle-walk-7"


@pytest.fixture
def town(live_site: LiveSite, new_plan) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Last year's plan with an open task, this year's with a task closed as 办结; a coordinator."""
    with live_site.database.unit_of_work() as session:
        home = sole_organisation(session).id
        unit = Department(organisation_id=home, name="司法所")
        coordinator = User(organisation_id=home, username="li", display_name="李协调", role=Role.COORDINATOR)
        set_password(coordinator, PASSWORD)
        last_year = new_plan(session, confirmed=True, title="2025年度法治政府建设工作要点")
        last_year.year = 2025
        this_year = new_plan(session, confirmed=True)
        session.add_all([unit, coordinator, last_year, this_year])
        session.flush()
        tasks = []
        for plan, title, status in (
            (last_year, "去年的普法宣传", TaskStatus.IN_PROGRESS),
            (this_year, "开展法治讲座", TaskStatus.DONE),
        ):
            item = PlanItem(plan=plan, title=title, text=title, position=0)
            task = Task(
                plan_id=plan.id,
                plan_item=item,
                title=title,
                lead_department=unit,
                deadline=date(2026, 6, 30),
                status=status,
            )
            session.add_all([item, task])
            tasks.append(task)
        session.flush()
        return {"last_year": last_year.id, "old_task": tasks[0].id, "closed_task": tasks[1].id}


def _no_sideways_scroll(tab: Tab) -> None:
    assert tab.fits_width()


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_archive_a_plan_and_reopen_a_task(width: int, tab: Tab, town: dict[str, int]) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("li", PASSWORD)
    tab.open("/")
    expect(page.locator("main")).to_contain_text("去年的普法宣传")  # every active plan on the board

    tab.open("/plans")
    row = page.locator(f"#plan-{town['last_year']}")
    _no_sideways_scroll(tab)
    tab.shoot(f"plans-{width}")
    row.locator("button:has-text('归档')").click()
    expect(page.locator(".flash")).to_contain_text("已归档「2025年度法治政府建设工作要点」")
    archived = page.locator("section.archived")
    expect(archived).to_contain_text("2025年度法治政府建设工作要点")
    expect(archived.locator("button:has-text('取消归档')")).to_be_visible()
    _no_sideways_scroll(tab)
    tab.shoot(f"archived-{width}")
    tab.open("/")
    expect(page.locator("main")).not_to_contain_text("去年的普法宣传")
    expect(page.locator("main")).to_contain_text("开展法治讲座")

    tab.open(f"/tasks/{town['closed_task']}")
    form = page.locator("#reopen-form")
    form.locator("textarea[name=reason]").fill("   ")
    form.locator("textarea[name=reason]").evaluate("element => element.removeAttribute('required')")
    form.locator("button[type=submit]").click()
    expect(page.locator("#error-reason")).to_contain_text("请填写重新打开的原因")
    _no_sideways_scroll(tab)
    tab.shoot(f"reopen-refused-{width}", full_page=False)
    page.locator("#reopen-form textarea[name=reason]").fill("督察发现佐证材料缺少签到表")
    page.locator("#reopen-form button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("任务已重新打开")
    expect(page.locator("ol.history")).to_contain_text("重新打开了任务，原因：督察发现佐证材料缺少签到表")
    expect(page.locator("#close-form")).to_be_visible()
    _no_sideways_scroll(tab)
    tab.shoot(f"reopened-{width}")
