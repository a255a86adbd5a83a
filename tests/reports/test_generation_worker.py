"""End to end on real services: a coordinator asks for the Word draft on the page, the request
commits and queues the job on Redis, a Celery worker process generates it, the page's progress
reaches 100% and the file downloads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.config import Settings
from tracker.db import Database
from tracker.reports.sample import add_sample_year
from tracker.web import create_app

pytestmark = pytest.mark.integration
PASSWORD = "generate-the-draft-1"


def seeded(database_url: str) -> None:
    database = Database(database_url)
    with database.unit_of_work() as session:
        add_sample_year(session, tasks=30, entries_per_task=4, items=3)
        coordinator = User(username="coordinator", display_name="法治办", role=Role.COORDINATOR)
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
    database.dispose()


def test_a_worker_generates_the_draft_requested_on_the_page(
    committed_database_url: str, private_redis_url: str, celery_worker_process, wait_until, tmp_path: Path
) -> None:
    seeded(committed_database_url)
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    celery_worker_process(
        {
            "TRACKER_DATABASE_URL": committed_database_url,
            "TRACKER_BROKER_URL": private_redis_url,
            "TRACKER_VAR_DIR": str(var_dir),
            "TRACKER_TODAY": "2026-11-26",
        }
    )
    settings = Settings(
        var_dir=var_dir, database_url=committed_database_url, broker_url=private_redis_url, today="2026-11-26"
    )
    database = Database(committed_database_url)
    app = create_app(settings, database=database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    assert client.post("/login", data={"username": "coordinator", "password": PASSWORD}).status_code == 302

    assert client.post("/reports/2026/runs", data={"format": "docx"}).status_code == 302
    page = client.get("/reports/?year=2026").get_data(as_text=True)
    assert '<progress max="100" value="' in page and "report-runs.js" in page

    status = wait_until(
        lambda: (reply := client.get("/reports/runs/1").get_json())["status"] in ("done", "failed") and reply,
        90,
        "the worker to finish the run",
    )
    assert (status["status"], status["percent"], status["error"]) == ("done", 100, None)
    with client.get(status["download"]) as download:
        document = Document(io.BytesIO(download.get_data()))
    assert document.paragraphs[0].text == "示例镇2026年法治政府建设年度报告（草稿）"
    assert '<progress max="100" value="100">' in client.get("/reports/?year=2026").get_data(as_text=True)
    database.dispose()
