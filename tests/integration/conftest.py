"""Fixtures for tests that drive real services: here, the site served over HTTP for a real browser."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.migrate import upgrade

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
