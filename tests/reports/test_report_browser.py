"""In real Chromium: the coordinator opens the draft's preview, clicks a sentence and sees the records
it came from; then asks for the Word draft and watches the progress bar fill while a real worker
generates it. Screenshots are kept in test-output/reports/."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from tracker.config import PROJECT_ROOT
from tracker.web import create_app

pytestmark = pytest.mark.integration
SCREENSHOTS = PROJECT_ROOT / "test-output" / "reports"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def served_site(generation_site) -> Iterator[str]:
    """The site served on an ephemeral port, for the browser."""
    app = create_app(generation_site.settings, database=generation_site.database)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sources_show_on_click_and_the_progress_bar_fills(served_site: str, generation_site) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.goto(f"{served_site}/login")
        page.fill("input[name=username]", generation_site.username)
        page.fill("input[name=password]", generation_site.password)
        page.click("button[type=submit]")

        page.goto(f"{served_site}/reports/2026/preview")
        expect(page.locator(".report-title")).to_have_text("示例镇2026年法治政府建设年度报告（草稿）")
        sentence = page.locator("#section-achievements .sentence", has_text="全年开展法治讲座").first
        sentence.click()
        panel = page.locator("#report-sources-panel")
        expect(sentence).to_have_class("sentence selected")
        expect(panel.locator("li").first).to_contain_text("指标：开展法治讲座（场）")
        expect(panel.locator("li", has_text="指标增量：开展法治讲座 +1场").first).to_be_visible()
        expect(panel.locator("li a").first).to_have_attribute("href", "/plans/1")
        page.screenshot(path=str(SCREENSHOTS / "preview-sources.png"), full_page=False)

        page.locator("#section-problems .sentence", has_text="已逾期").first.click()
        expect(panel.locator("li a").first).to_have_attribute("href", re.compile(r"^/tasks/\d+$"))
        page.goto(f"{served_site}/reports/?year=2026")
        page.check("input[value=docx]")
        page.click("text=生成草稿文件")
        row = page.locator("tr.run").first
        expect(row.locator("progress")).to_have_attribute("value", "100", timeout=90_000)
        expect(row.locator(".file a")).to_have_text("下载")
        expect(row.locator(".state")).to_have_text("已完成")
        page.screenshot(path=str(SCREENSHOTS / "generation-done.png"), full_page=False)
        browser.close()
