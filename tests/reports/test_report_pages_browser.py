"""The report's pages in real Chromium, at a desktop's 1366 px and a phone's 390 px: the preview with
its 【待补充】 count, sources and annex; the wording page in plain Chinese, a placeholder inserted by
a click, previewed, refused with its reason beside the field, saved and reset; the 整改 page refusing
an incomplete record beside its field and then keeping it; the 履职 register feeding 二、.
Screenshots under test-output/reports/; none of the pages is wider than the window.

Generating a draft file and the preview's sources are also checked in the browser by
tests/integration/test_report_generation.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan
from tracker.reports.sample import add_sample_year

pytestmark = pytest.mark.integration
PASSWORD = "report-pages-7"
WIDTHS = {1366: {"width": 1366, "height": 900}, 390: {"width": 390, "height": 844}}


@pytest.fixture
def plan_id(live_site: LiveSite) -> int:
    with live_site.database.unit_of_work() as session:
        plan: Plan = add_sample_year(
            session, organisation_id=sole_organisation(session).id, tasks=6, entries_per_task=2, items=2
        )
        coordinator = User(
            organisation_id=sole_organisation(session).id,
            username="fzb",
            display_name="李协调（法治办）",
            role=Role.COORDINATOR,
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
        session.flush()
        return plan.id


def fits(tab: Tab) -> None:
    """Nothing of the page's own content is wider than the window (wide tables scroll inside their
    box). The top bar is the whole site's, not these pages'."""
    wide = tab.page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.table-scroll'))
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert wide == []


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_report_pages_walked_by_the_coordinator(tab: Tab, plan_id: int, width: int) -> None:
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    tab.sign_in("fzb", PASSWORD)

    tab.open("/reports/?year=2026")
    expect(page.locator("p.empty")).to_have_text("尚未生成过草稿文件。")
    fits(tab)
    tab.shoot("reports-index")

    tab.open("/reports/2026/preview")
    expect(page.locator("#report-warnings h2").first).to_contain_text("待补充")
    expect(page.locator(".sentence.gap").first).to_be_visible()
    expect(page.locator("#annex")).to_contain_text("2026年度任务完成情况一览表")
    fits(tab)
    tab.shoot("preview")
    page.locator(".report-draft .sentence", has_text="全年共开展法治讲座").first.click()
    expect(page.locator("#report-sources-panel .sources li").first).to_be_visible()
    tab.shoot("preview-sources", full_page=False)

    tab.open("/reports/wording/")
    expect(page.locator("body")).not_to_contain_text("{{")
    expect(page.locator("tr", has_text="累计指标（全年之和）")).to_contain_text("〔指标〕〔数量〕")
    fits(tab)
    tab.shoot("wording-index")
    page.locator("tr", has_text="累计指标（全年之和）").locator("a:has-text('修改')").click()
    page.fill("#pattern-body", "全年〔指标〕")
    page.click("button:has-text('保存')")
    expect(page.locator("#pattern-error")).to_contain_text("必须保留〔数量〕")
    expect(page.locator("#pattern-body")).to_have_value("全年〔指标〕")
    fits(tab)
    tab.shoot("wording-refused")
    page.locator("#pattern-body").press("End")
    page.click("button.placeholder[data-insert='〔数量〕']")
    expect(page.locator("#pattern-body")).to_have_value("全年〔指标〕〔数量〕")
    page.click("button:has-text('按本年度记录预览')")
    expect(page.locator(".report-draft")).to_contain_text("全年共全年开展法治讲座")
    tab.shoot("wording-preview")
    page.click("button:has-text('保存')")
    expect(page.locator(".flash")).to_contain_text("已保存句式")
    expect(page.locator("tr", has_text="累计指标（全年之和）")).to_contain_text("已修改")
    page.locator("tr", has_text="累计指标（全年之和）").locator("a:has-text('修改')").click()
    page.click("button:has-text('恢复系统默认句式')")
    expect(page.locator(".flash")).to_contain_text("已恢复为系统默认")

    tab.open(f"/plans/{plan_id}/rectification")
    card = page.locator("section.rectification").first
    card.locator("summary").click()
    card.locator("input[name=state][value=done]").check()
    card.locator("textarea[name=measures]").fill("开通普法公众号，推送以案释法短视频")
    card.locator("form button:has-text('保存整改情况')").click()
    card = page.locator("section.rectification").first
    expect(card.locator(".field-error")).to_contain_text("已整改的问题请填写整改完成日期")
    expect(card.locator("textarea[name=measures]")).to_have_value("开通普法公众号，推送以案释法短视频")
    fits(tab)
    tab.shoot("rectification-refused")
    card.locator("input[name=on]").fill("2026-02-20")
    card.locator("form button:has-text('保存整改情况')").click()
    expect(page.locator(".flash")).to_have_text("整改情况已保存。")
    expect(page.locator("section.rectification").first.locator(".state-badge")).to_have_text("已整改")
    tab.shoot("rectification-saved")

    tab.open("/duties?year=2026")
    page.fill("input[name=held_on]", date(2026, 2, 10).isoformat())
    page.select_option("select[name=kind]", "study")
    page.fill("input[name=text]", "镇政府常务会议会前集体学习《中华人民共和国行政复议法》")
    page.click("#duty-form button[type=submit]")
    expect(page.locator("table.duties")).to_contain_text("会前集体学习")
    fits(tab)
    tab.shoot("duties")

    tab.open("/reports/2026/preview")
    expect(page.locator("#section-duty")).to_contain_text("一是带头尊法学法，全年会前学法1次：2月10日")
    expect(page.locator("#section-achievements")).to_contain_text("已整改到位")
    tab.shoot("preview-after")
