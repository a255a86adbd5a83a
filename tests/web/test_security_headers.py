"""Every page is served with a Content-Security-Policy that refuses inline script, may not be framed,
is not type-sniffed and leaks no address to other sites (issue 12, break 11); and no template carries
script of its own, so the policy breaks nothing (the site's behaviour lives in tracker/static/js/)."""

from __future__ import annotations

import re

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import ConsoleMessage, expect

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT
from tracker.organisations.service import sole_organisation
from tracker.reports.sample import add_sample_year

PAGES = (
    "/",
    "/?mine=1",
    "/calendar",
    "/dashboard",
    "/plans",
    "/reports/",
    "/admin/users",
    "/admin/departments",
    "/admin/reminders/outbox",
    "/reminders/preferences",
    "/account",
    "/no-such-page",
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def assert_protected(response) -> None:  # type: ignore[no-untyped-def]
    policy = dict(
        part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and "unsafe" not in policy["script-src"]
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def assert_no_inline_script(html: str, where: str) -> None:
    for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JAVASCRIPT_URL):
        found = pattern.search(html)
        assert found is None, f"{where}: {found.group(0) if found else ''}"


def test_every_page_a_coordinator_opens_carries_the_headers_and_no_inline_script(town, sign_in) -> None:
    client = sign_in(town.coordinator)
    for path in (*PAGES, f"/tasks/{town.task.id}", f"/plans/{town.plan.id}/review"):
        response = client.get(path)
        assert response.status_code in (200, 302, 404), (path, response.status_code)
        assert_protected(response)
        if response.mimetype == "text/html":
            assert_no_inline_script(response.get_data(as_text=True), path)


def test_pages_before_sign_in_and_refusals_carry_them_too(town, app, sign_in) -> None:
    anonymous = app.test_client()
    for response in (
        anonymous.get("/login"),
        anonymous.get("/"),
        sign_in(town.viewer).get("/admin/users"),
        anonymous.get("/healthz"),
    ):
        assert_protected(response)


def test_no_template_has_script_of_its_own() -> None:
    """Other features' pages included: an inline script added anywhere would be refused by the
    browser, so it is refused here first."""
    templates = sorted((PROJECT_ROOT / "templates").rglob("*.html"))
    assert templates
    for template in templates:
        if "emails" in template.parts:
            continue  # mail is read in a mail client, not served under the policy
        assert_no_inline_script(template.read_text(), str(template.relative_to(PROJECT_ROOT)))


PASSWORD = "headers-walk-5"


@pytest.fixture
def two_report_years(live_site: LiveSite) -> None:
    with live_site.database.unit_of_work() as session:
        home = sole_organisation(session).id
        for year in (2025, 2026):
            add_sample_year(session, organisation_id=home, tasks=4, entries_per_task=1, items=2, year=year)
        coordinator = User(
            organisation_id=home,
            username="fzb",
            display_name="法治办",
            role=Role.COORDINATOR,
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)


@pytest.mark.integration
@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.usefixtures("two_report_years")
def test_chromium_enforces_the_policy_and_the_pages_still_work(tab: Tab, live_site: LiveSite) -> None:
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(f"{tab.page.url}: {message.text}")

    tab.page.on("console", watch)
    tab.sign_in("fzb", PASSWORD)
    for path in ("/", "/calendar", "/dashboard", "/plans", "/admin/users", "/tasks/1", "/reports/?year=2026"):
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    tab.page.select_option("select[data-autosubmit]", "2025")
    tab.page.wait_for_url(re.compile(r"year=2025"))
    expect(tab.page.locator("select[name=year]")).to_have_value("2025")
    tab.shoot("reports-year-chosen-by-script")
    assert refused == [], "the site's own pages break no rule of the policy"
    tab.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.ran=1\">')")
    tab.page.wait_for_timeout(300)
    assert tab.page.evaluate("window.ran") is None, "an injected handler must not run"
    assert len(refused) == 1 and "inline event handler" in refused[0]
