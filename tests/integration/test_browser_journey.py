"""In real Chromium: the coordinator assigns a task; its owner files progress with an evidence file
and an indicator increment; the dashboard shows the change. Screenshots of every step are kept
under test-output/.

The plan is made here from the seed's three arrangements; uploading and confirming the seed through
the plan review page joins this journey once that page exists.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tracker.accounts.models import User
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.demo.people import DEMO_PASSWORD, ensure_demo_people
from tracker.migrate import upgrade
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import Indicator, Task

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveSite:
    url: str
    settings: Settings
    database: Database


@pytest.fixture
def live_site(tmp_path: Path) -> Iterator[LiveSite]:
    """The real app on an ephemeral loopback port, over its own migrated SQLite database."""
    from tracker.web import create_app

    var_dir = tmp_path / "var"
    var_dir.mkdir()
    settings = Settings(var_dir=var_dir, today="2026-03-02")
    upgrade(settings.database_url)
    database = Database(settings.database_url)
    app = create_app(settings, database=database)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveSite(f"http://127.0.0.1:{server.server_port}", settings, database)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        database.dispose()


@pytest.fixture
def browser_page(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A page in Debian's Chromium (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        yield page
        context.close()
        browser.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Save numbered screenshots of each step under test-output/<test name>/."""
    folder = PROJECT_ROOT / "test-output" / request.node.name.replace("[", "_").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def shoot(page, step: str) -> Path:  # type: ignore[no-untyped-def]
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot


SEED_ITEMS = (
    ("一是", "继续大力开展普法教育工作", "法治讲座", "场", "12", "10"),
    ("二是", "进一步加强政务公开", None, None, None, None),
    ("三是", "加强法治专业人才培养", None, None, None, None),
)


def _make_plan(site) -> int:  # type: ignore[no-untyped-def]
    """The seed's plan, confirmed, one task per item; returns the first task's id."""
    with site.database.unit_of_work() as session:
        ensure_demo_people(session)
        plan = Plan(
            year=2026,
            title="上义镇2026年度法治政府建设主要安排",
            status=PlanStatus.CONFIRMED,
            source_filename="seed.txt",
            source_bytes=b"seed",
            source_sha256="0" * 64,
            source_text="",
        )
        session.add(plan)
        first_task = None
        for position, (marker, title, indicator, unit, target, baseline) in enumerate(SEED_ITEMS):
            item = PlanItem(plan=plan, position=position, marker=marker, title=title, text=title)
            session.add(item)
            session.flush()
            task = Task(plan_id=plan.id, plan_item=item, title=title)
            session.add(task)
            session.flush()
            if indicator:
                session.add(
                    Indicator(
                        plan_item_id=item.id,
                        name=indicator,
                        unit=unit,
                        target=Decimal(target),
                        baseline_value=Decimal(baseline),
                        baseline_qualifier="余",
                        baseline_year=2025,
                    )
                )
            first_task = first_task or task.id
        return first_task  # type: ignore[return-value]


def _sign_in(page, site, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/")


def test_assign_report_progress_and_see_the_dashboard(live_site, browser_page, screenshots, tmp_path) -> None:  # type: ignore[no-untyped-def]
    site, page = live_site, browser_page
    task_id = _make_plan(site)

    _sign_in(page, site, "fazhiban")
    assert page.locator("h1").first.inner_text().startswith("任务看板")
    assert page.locator("text=继续大力开展普法教育工作").count() >= 1
    screenshots(page, "coordinator-board")

    page.goto(f"{site.url}/tasks/{task_id}")
    page.select_option("select[name=lead_department_id]", label="司法所")
    page.fill("input[name=deadline]", "2026-03-06")
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("text=任务分配已保存")
    page.select_option("select[name=owner_id]", label="张责任（司法所）")
    page.check("input[name=support_department_ids][value='2']")
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("text=任务分配已保存")
    assert "张责任（司法所）" in page.locator("dl.facts").inner_text()
    screenshots(page, "coordinator-assigned")
    page.click("button:has-text('退出')")

    _sign_in(page, site, "sifasuo")
    page.goto(f"{site.url}/?mine=1")
    assert page.locator(f"a[href='/tasks/{task_id}']").count() == 1
    assert page.locator(".light-blue").count() >= 1  # due within 7 days: 蓝
    screenshots(page, "owner-my-tasks")

    evidence = tmp_path / "讲座签到表.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 256)
    page.goto(f"{site.url}/tasks/{task_id}")
    page.fill("textarea[name=text]", "3月1日在镇文化站举办民法典专题讲座2场，村民150人次参加。")
    page.fill("input[name=percent]", "30")
    page.fill("input[name^=increment-]", "2")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.fill("input[name=evidence_description]", "签到表")
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("text=进展已填报")
    assert page.locator("text=法治讲座 +2 场").count() == 1
    assert page.locator("a:has-text('讲座签到表.png')").count() == 1
    screenshots(page, "owner-progress-filed")

    page.goto(f"{site.url}/dashboard")
    indicators = page.locator("#indicators").inner_text()
    assert "法治讲座" in indicators and "2 场" in indicators and "10余 场" in indicators
    screenshots(page, "dashboard")

    with site.database.unit_of_work() as session:
        owner = session.scalar(select(User).where(User.username == "sifasuo"))
        task = session.get(Task, task_id)
        assert task.owner_id == owner.id and task.percent == 30
        actual = session.scalar(select(Indicator.actual))
        assert actual == Decimal(2)
