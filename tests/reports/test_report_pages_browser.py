"""The wording pages in real Chromium: the coordinator rewrites the report's title template, sees it
in the preview before saving, saves it, finds it marked as the town's own, and brings the default
back; a broken template is refused with its reason and the text kept for correcting.

Generating a draft file and the preview's sources are checked in the browser by
tests/integration/test_report_generation.py.
"""

from __future__ import annotations

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.reports.sample import add_sample_year

pytestmark = pytest.mark.integration
PASSWORD = "wording-pages-7"
OWN_TITLE = "{{ issuer }}{{ year }}年法治政府建设工作情况报告（征求意见稿）"


@pytest.fixture
def year_2026(live_site: LiveSite) -> None:
    with live_site.database.unit_of_work() as session:
        add_sample_year(session, tasks=6, entries_per_task=2, items=2)
        coordinator = User(username="fzb", display_name="李协调（法治办）", role=Role.COORDINATOR)
        set_password(coordinator, PASSWORD)
        session.add(coordinator)


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.usefixtures("year_2026")
def test_the_title_template_is_previewed_saved_and_reset(tab: Tab) -> None:
    page = tab.page
    tab.sign_in("fzb", PASSWORD)
    tab.open("/reports/?year=2026")
    expect(page.locator("p.empty")).to_have_text("尚未生成过草稿文件。")
    tab.shoot("reports-index")
    page.click("text=措辞模板设置")
    expect(page.locator("tr", has_text="报告标题")).to_contain_text("系统默认")
    tab.shoot("wording-index")

    page.locator("tr", has_text="报告标题").locator("a:has-text('编辑')").click()
    page.fill("textarea[name=body]", OWN_TITLE)
    page.click("button:has-text('预览')")
    expect(page.locator(".report-title")).to_have_text("示例镇2026年法治政府建设工作情况报告（征求意见稿）")
    tab.shoot("wording-preview")
    page.click("button:has-text('保存')")
    expect(page.locator(".flash")).to_have_text("已保存模板“报告标题”。")
    expect(page.locator("tr", has_text="报告标题")).to_contain_text("自定义（全部类别）")

    page.locator("tr", has_text="报告标题").locator("a:has-text('编辑')").click()
    page.fill("textarea[name=body]", "{{ issuer }{% if %}")
    page.click("button:has-text('预览')")
    expect(page.locator(".flash-error")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("{{ issuer }{% if %}")
    tab.shoot("wording-refused")
    page.click("button:has-text('恢复系统默认措辞')")
    expect(page.locator(".flash")).to_have_text("模板“报告标题”已恢复为系统默认措辞。")
    expect(page.locator("tr", has_text="报告标题")).to_contain_text("系统默认")
    tab.open("/reports/2026/preview")
    expect(page.locator(".report-title")).to_have_text("示例镇2026年法治政府建设年度报告（草稿）")
