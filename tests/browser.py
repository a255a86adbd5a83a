"""Pages in a real browser: Debian's Chromium driven by Playwright, the app served on a loopback port.

One place for how the suite launches Chromium (never a downloaded browser), serves the app to it,
signs people in and keeps screenshots, so every browser test reads as its steps. The fixtures that
hand these out live in `tests/conftest.py` (`live_site`, `serve_app`, `chromium_page`, `open_tab`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, Page, Playwright
from werkzeug.serving import make_server

from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # the browser's own widgets (file and date pickers) in Chinese, like the pages
)
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOTS = PROJECT_ROOT / "test-output"


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve `app` on an ephemeral loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@dataclass
class LiveSite:
    """The whole app served over a database of its own, whose data is committed (the browser's
    requests run in other threads and see only what is committed)."""

    url: str
    settings: Settings
    database: Database


def screenshot_folder(test_path: Path, test_name: str) -> Path:
    """test-output/<feature>/<test name>[-<parameters>]/, the feature being the test's folder."""
    feature = test_path.parent.name if test_path.parent.name != "tests" else "suite"
    name = re.sub(r"[^\w.-]+", "-", test_name).strip("-")
    return SCREENSHOTS / feature / name


@dataclass
class Tab:
    """One browser tab on one site: open pages by path, sign in and out, keep numbered screenshots."""

    page: Page
    base_url: str
    shots: Path
    taken: list[Path] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def sign_in(self, username: str, password: str) -> None:
        self.open("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("form button[type=submit]")
        self.page.wait_for_url(re.compile(r"^(?!.*/login)"))

    def open_menu(self) -> None:
        """On a phone the top bar's menu is folded behind its 菜单 button: unfold it."""
        toggle = self.page.locator("header.topbar .menu-toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()

    def sign_out(self) -> None:
        self.open_menu()
        self.page.click("header.topbar button:has-text('退出')")
        self.page.wait_for_url(re.compile(r"/login"))

    def fits_width(self) -> bool:
        """The page needs no sideways scrolling at the window's width (a phone's 390 px)."""
        return bool(self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))

    def shoot(self, step: str, *, full_page: bool = True) -> Path:
        """A screenshot named `NN-step.png`, kept as test output to look at: the whole page, or only
        what the window shows (for a long page whose point is where the reader is)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{len(self.taken) + 1:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)
        return path
