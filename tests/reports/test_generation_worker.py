"""End to end on real services: a coordinator asks for the Word draft on the page, the request
commits and queues the job on Redis, a Celery worker process generates it, the page's progress
reaches 100% and the file downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tracker.web import create_app

pytestmark = pytest.mark.integration


def test_a_worker_generates_the_draft_requested_on_the_page(generation_site, wait_until) -> None:
    app = create_app(generation_site.settings, database=generation_site.database)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    credentials = {"username": generation_site.username, "password": generation_site.password}
    assert client.post("/login", data=credentials).status_code == 302

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
