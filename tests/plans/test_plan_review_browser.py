"""The review page in a real browser (Debian's Chromium through Playwright): the coordinator uploads the
seed report, sees each item marked in the source, edits one, accepts the suggestions and confirms.
Screenshots of each step are kept under test-output/plans/."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import func, select
from werkzeug.serving import make_server

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.tasks.models import Task
from tracker.web import create_app

pytestmark = pytest.mark.integration
SHOTS = PROJECT_ROOT / "test-output" / "plans"
PASSWORD = "review-page-42"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def site(fresh_database_url: str, tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """The whole app served on an ephemeral port, on a database of its own, with one coordinator."""
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        coordinator = User(username="fzb", display_name="法治办", role=Role.COORDINATOR)
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
    settings = Settings(var_dir=tmp_path / "var", database_url=fresh_database_url)
    server = make_server("127.0.0.1", free_port(), create_app(settings, database=database), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", database
    server.shutdown()
    thread.join()
    database.dispose()


@pytest.fixture
def page(site) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        yield page
        browser.close()


def shot(page: Page, name: str, backend: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{backend}-{name}.png"), full_page=False)


def test_review_a_plan_in_the_browser(
    site, page: Page, seed_report_path: Path, fresh_database_url: str
) -> None:
    base, database = site
    backend = fresh_database_url.split(":", 1)[0].split("+", 1)[0]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "fzb")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{base}/plans")
    page.set_input_files("input[name=document]", str(seed_report_path))
    page.click("text=导入并审核")
    expect(page.locator("h1")).to_contain_text("上义镇2025年法治政府建设年度报告")
    shot(page, "1-imported", backend)

    openness = page.locator("article.item.depth-1").nth(1)
    item_id = openness.get_attribute("data-item")
    openness.locator("> header").hover()
    expect(page.locator(f"#src-item-{item_id}")).to_have_class("src-item depth-1 active")
    shot(page, "2-hover-marks-source", backend)

    area = page.locator(f"#src-item-{item_id} mark").first  # 政策法规与解读, one of its eight areas
    area.click()
    expect(page.locator(f"#item-{area.get_attribute('data-item')}")).to_have_class("item depth-2 active")

    first = page.locator("article.item.depth-1").first
    first.locator("> details > summary").click()
    first.locator("input[name$='-title']").fill("深入开展农村普法教育")
    first.locator("> details button:has-text('保存')").click()
    expect(page.locator(".flash")).to_contain_text("已保存「深入开展农村普法教育」")
    shot(page, "3-edited", backend)

    page.click("text=全部接受建议")
    expect(page.locator(".badge")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=确认计划，生成任务")
    expect(page.locator(".flash")).to_contain_text("生成 12 项任务")
    expect(page.locator("a.task-link")).to_have_count(12)
    shot(page, "4-confirmed", backend)
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 12
        titles = session.scalars(select(Task.title).order_by(Task.id)).all()
        assert titles[0] == "深入开展农村普法教育"
