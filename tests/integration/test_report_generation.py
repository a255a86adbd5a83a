"""The report draft end to end on real services: a coordinator asks for the Word draft on the page,
the request commits and queues the job on a private Redis, a Celery worker process generates it, the
progress reaches 100% and the file downloads; and in real Chromium, clicking a sentence of the preview
shows its sources and the progress bar fills. Screenshots are kept in test-output/integration/."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from tracker import clock
from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.config import Settings
from tracker.db import Database
from tracker.jobs import JobQueue
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus
from tracker.reports.runs import request_run
from tracker.reports.sample import add_sample_year
from tracker.web import create_app
from workers.schedule import beat_schedule

pytestmark = pytest.mark.integration
SWEEP = "reports.give_up_stale_runs"


@dataclass
class GenerationSite:
    """A year committed to its own database, a coordinator who may sign in, a worker running on a
    private Redis, and the web app that talks to them."""

    settings: Settings
    database: Database
    username: str
    password: str

    def app(self):  # type: ignore[no-untyped-def]
        return create_app(self.settings, database=self.database)


@pytest.fixture
def generation_site(
    fresh_database_url: str, private_redis, start_worker, tmp_path: Path
) -> Iterator[GenerationSite]:
    database = Database(fresh_database_url)
    password = "generate-the-draft-1"
    with database.unit_of_work() as session:
        add_sample_year(
            session, organisation_id=sole_organisation(session).id, tasks=30, entries_per_task=4, items=3
        )
        coordinator = User(
            organisation_id=sole_organisation(session).id,
            username="coordinator",
            display_name="法治办",
            role=Role.COORDINATOR,
        )
        set_password(coordinator, password)
        session.add(coordinator)
    settings = Settings(
        var_dir=tmp_path / "var",
        database_url=fresh_database_url,
        broker_url=private_redis.url,
        today="2026-11-26",
        secret_key=os.environ["TRACKER_SECRET_KEY"],
    )
    settings.var_dir.mkdir()
    start_worker(
        {
            "TRACKER_DATABASE_URL": settings.database_url,
            "TRACKER_BROKER_URL": settings.broker_url,
            "TRACKER_VAR_DIR": str(settings.var_dir),
            "TRACKER_TODAY": "2026-11-26",
        }
    )
    yield GenerationSite(settings, database, "coordinator", password)
    database.dispose()


def test_a_worker_generates_the_draft_requested_on_the_page(generation_site, wait_for) -> None:
    app = generation_site.app()
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    credentials = {"username": generation_site.username, "password": generation_site.password}
    assert client.post("/login", data=credentials).status_code == 302

    assert client.post("/reports/2026/runs", data={"format": "docx"}).status_code == 302
    page = client.get("/reports/?year=2026").get_data(as_text=True)
    assert '<progress max="100" value="' in page and "report-runs.js" in page

    status = wait_for(
        lambda: (reply := client.get("/reports/runs/1").get_json())["status"] in ("done", "failed") and reply,
        90,
        "the worker to finish the run",
    )
    assert (status["status"], status["percent"], status["error"]) == ("done", 100, None)
    with client.get(status["download"]) as download:
        document = Document(io.BytesIO(download.get_data()))
    assert [paragraph.text for paragraph in document.paragraphs[:2]] == [
        "示例镇2026年法治政府建设年度报告",
        "（草稿）",
    ]
    assert '<progress max="100" value="100">' in client.get("/reports/?year=2026").get_data(as_text=True)


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_the_worker_gives_up_a_run_left_running_by_a_dead_worker(generation_site, wait_for) -> None:  # type: ignore[no-untyped-def]
    """The sweep the beat schedules every five minutes, sent to the real worker at once."""
    assert beat_schedule(generation_site.settings)["reports-stale-runs-sweep"]["task"] == SWEEP
    with generation_site.database.unit_of_work() as session:
        plan = session.scalars(select(Plan)).one()
        run = request_run(session, plan, ReportFormat.DOCX, user_id=None)
        run.status, run.percent, run.progressed_at = (
            ReportRunStatus.RUNNING,
            40,
            clock.now(generation_site.settings) - timedelta(hours=1),
        )
        run_id = run.id
    JobQueue(generation_site.settings.broker_url).send(SWEEP)

    def given_up() -> str | None:
        with generation_site.database.unit_of_work() as session:
            run = session.get_one(ReportRun, run_id)
            return run.error if run.status is ReportRunStatus.FAILED else None

    assert wait_for(given_up, 60, "the worker to give the run up").startswith("生成中断")


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_sources_show_on_click_and_the_progress_bar_fills(generation_site, serve_app, open_tab) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(serve_app(generation_site.app()))
    page = tab.page
    tab.sign_in(generation_site.username, generation_site.password)

    tab.open("/reports/2026/preview")
    expect(page.locator(".report-title")).to_have_text("示例镇2026年法治政府建设年度报告（草稿）")
    sentence = page.locator("#section-achievements .sentence", has_text="全年共开展法治讲座").first
    sentence.click()
    panel = page.locator("#report-sources-panel")
    expect(sentence).to_have_class("sentence selected")
    expect(panel.locator("li").first).to_contain_text("累计指标：开展法治讲座（场）")
    expect(panel.locator("li", has_text="指标数据：开展法治讲座 +1场").first).to_be_visible()
    expect(panel.locator("li a").first).to_have_attribute("href", "/plans/1")
    tab.shoot("preview-sources", full_page=False)

    page.locator("#section-problems .sentence", has_text="尚未完成").first.press("Enter")
    expect(panel.locator("li a").first).to_have_attribute("href", re.compile(r"^/(tasks|plans)/\d+$"))

    tab.open("/reports/?year=2026")
    page.check("input[value=docx]")
    page.click("text=生成草稿文件")
    row = page.locator("tr.run").first
    expect(row.locator("progress")).to_have_attribute("value", "100", timeout=90_000)
    expect(row.locator(".file a")).to_have_text("下载")
    expect(row.locator(".state")).to_have_text("已完成")
    tab.shoot("generation-done")
