"""The review page's own scripts in real Chromium: an item's words light up in the source while the
pointer is on the item, clicking words in the source brings their item into view, and forms that
change a lot (delete, confirm) ask first, doing nothing when the question is declined.

Uploading, editing and confirming the seed belong to the whole journey
(tests/integration/test_browser_journey.py); here the seed is imported directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect
from sqlalchemy import func, select

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import import_plan
from tracker.plans.models import PlanItem

pytestmark = pytest.mark.integration
PASSWORD = "review-page-42"


@pytest.fixture
def seed_plan_id(live_site: LiveSite, seed_report_path: Path) -> int:
    with live_site.database.unit_of_work() as session:
        coordinator = User(
            organisation_id=sole_organisation(session).id,
            username="fzb",
            display_name="法治办",
            role=Role.COORDINATOR,
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
        plan = import_plan(
            session,
            organisation_id=sole_organisation(session).id,
            data=seed_report_path.read_bytes(),
            filename=seed_report_path.name,
        )
        return plan.id


@pytest.fixture
def review_tab(tab: Tab, seed_plan_id: int) -> Tab:
    """The coordinator, signed in, on the seed plan's review page."""
    tab.sign_in("fzb", PASSWORD)
    tab.open(f"/plans/{seed_plan_id}")
    return tab


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_items_and_their_words_in_the_source_point_at_each_other(review_tab: Tab) -> None:
    tab, page = review_tab, review_tab.page

    openness = page.locator("article.item.depth-1").nth(1)
    item_id = openness.get_attribute("data-item")
    openness.locator("> header").hover()
    expect(page.locator(f"#src-item-{item_id}")).to_have_class("src-item depth-1 active")
    tab.shoot("hover-marks-source")
    page.locator("h1").hover()
    expect(page.locator(f"#src-item-{item_id}")).to_have_class("src-item depth-1")

    area = page.locator(f"#src-item-{item_id} mark").first  # 政策法规与解读, one of its eight areas
    area.click()
    expect(page.locator(f"#item-{area.get_attribute('data-item')}")).to_have_class("item depth-2 active")
    expect(page.locator(f"#item-{area.get_attribute('data-item')}")).to_be_in_viewport()
    tab.shoot("source-click-shows-item")


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_deleting_asks_first_and_a_no_keeps_the_item(live_site: LiveSite, review_tab: Tab) -> None:
    tab, page = review_tab, review_tab.page
    last = page.locator("article.item.depth-1").last
    last.locator("> details > summary").click()
    questions: list[str] = []

    def decline(dialog) -> None:  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    last.locator("> details button:has-text('删除')").first.click()
    expect(page.locator("article.item.depth-1")).to_have_count(3)
    assert questions == ["删除该事项及其全部下级事项？"]

    page.once("dialog", lambda dialog: dialog.accept())
    last.locator("> details button:has-text('删除')").first.click()
    expect(page.locator("article.item.depth-1")).to_have_count(2)
    tab.shoot("deleted-after-yes")
    with live_site.database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(PlanItem)) == 10  # 三是 and its three


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_words_left_out_are_greyed_and_added_children_folded_year_changed(
    live_site: LiveSite, review_tab: Tab, width: int
) -> None:
    tab, page = review_tab, review_tab.page
    page.set_viewport_size({"width": width, "height": 900 if width > 900 else 844})
    tab.open(page.url.split("#")[0].replace(live_site.url, ""))
    skipped = page.locator("mark.src-skipped")
    expect(skipped).to_have_count(3)
    assert skipped.nth(1).evaluate("mark => getComputedStyle(mark).color") == "rgb(140, 140, 140)"
    lead_in_note = page.locator(".skip-note").nth(1)
    expect(lead_in_note).to_contain_text("未作为事项：引导语")
    expect(page.locator(".skipped-summary")).to_contain_text("原文中有 3 段文字未作为事项")
    lead_in_note.scroll_into_view_if_needed()
    tab.shoot("skipped-greyed-with-reason", full_page=False)

    lead_in_note.locator("button:has-text('作为事项加入')").click()
    expect(page.locator("article.item.depth-1")).to_have_count(4)
    expect(page.locator("article.item.depth-1").first.locator("> header .title")).to_contain_text(
        "上义镇将继续认真贯彻"
    )
    expect(page.locator("mark.src-skipped")).to_have_count(2)
    tab.shoot("lead-in-added-as-item")

    openness = page.locator("article.item.depth-1").nth(2)
    expect(openness.locator("> article.item")).to_have_count(8)
    openness.locator("> details > summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    openness.locator("> details button:has-text('合并为一项任务')").click()
    openness = page.locator("article.item.depth-1").nth(2)
    expect(openness.locator("> header .title")).to_have_text("进一步加强政务公开")
    expect(openness.locator("> article.item")).to_have_count(0)
    expect(page.locator(".summary")).to_contain_text("共 7 个事项，6 项将生成任务")
    tab.shoot("children-folded-into-one-task")

    page.fill(".plan-year input[name=year]", "2027")
    page.click(".plan-year button:has-text('修改年度')")
    expect(page.locator("h1")).to_contain_text("2027年度")
    expect(page.locator(".flash")).to_contain_text("计划年度已改为 2027 年")
    tab.shoot("year-changed", full_page=False)
    with live_site.database.unit_of_work() as session:
        assert {item.deadline.year for item in session.scalars(select(PlanItem))} == {2027}
