"""管理 › 演示数据 in Chromium at 1366 and 390 px: what removal does, the box to tick (the button alone
refuses, the message beside the box), then the demo gone. No sideways scrolling."""

from __future__ import annotations

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.demo.people import ensure_demo_people
from tracker.demo.plan import ensure_demo_plan
from tracker.organisations.service import sole_organisation
from tracker.plans.parsing import OwnerKeywords

pytestmark = pytest.mark.integration
PASSWORD = "demo-removal-walk-3"


@pytest.fixture
def demo_site(live_site: LiveSite) -> None:
    with live_site.database.unit_of_work() as session:
        home = sole_organisation(session).id
        ensure_demo_people(session, home)
        ensure_demo_plan(session, home, OwnerKeywords.load(live_site.settings.owner_keywords))
        coordinator = User(
            organisation_id=home, username="wang_fzb", display_name="王法治", role=Role.COORDINATOR
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_coordinator_removes_the_demo_after_ticking_the_box(
    width: int, tab: Tab, demo_site: None
) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("wang_fzb", PASSWORD)
    tab.open("/admin/demo")
    expect(page.locator("#demo-removal")).to_contain_text("演示账号：李协调（法治办）（fazhiban）：删除")
    assert tab.fits_width()
    tab.shoot(f"preview-{width}")
    page.click("#demo-remove-form button[type=submit]")
    expect(page.locator("#error-confirm")).to_contain_text("请勾选“我已了解移除不能撤销”后再移除。")
    tab.shoot(f"untick-refused-{width}", full_page=False)
    page.check("#demo-remove-form input[name=confirm]")
    page.click("#demo-remove-form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("已移除演示数据：1 个计划")
    expect(page.locator("main")).to_contain_text("没有演示数据：演示计划和演示账号都已移除。")
    assert tab.fits_width()
    tab.shoot(f"removed-{width}", full_page=False)
