"""Every page on a 390 px phone and a 1366 px screen, for every role, and the pages on paper.

The demo town (its people, one per role, and its confirmed plan) plus a draft plan, an overdue task,
progress, a pending extension and a long-named unit. Each person's pages are found by following the
links of the pages they can reach (so a page added later is walked too); on each one, at 390 px, the
document must not be wider than the window. Screenshots at 390 and 1366 px go to
test-output/integration/<test>/, one per kind of page. Layout does not depend on the database: the
site runs on SQLite.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tracker.accounts.models import Department, User
from tracker.clock import stamp
from tracker.demo.people import DEMO_PASSWORD, ensure_demo_people
from tracker.demo.plan import ensure_demo_plan
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import import_plan
from tracker.tasks.models import ExtensionRequest, ProgressEntry, Task, TaskStatus

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True),
]

PHONE = {"width": 390, "height": 844}
SCREEN = {"width": 1366, "height": 900}
ROLES = ("fazhiban", "fenguan", "sifasuo", "dangzhengban", "ducha")
"""The demo people: coordinator, 分管领导, two owners, the county inspector."""
LONG_UNIT = "城市管理和综合行政执法局（综合行政执法大队）"
NOT_PAGES = re.compile(
    r"(\.(zip|xlsx|ics|docx|md|eml|csv|pdf)$)|^/(logout|lang/|api/|static/|reminders/pause/)|/evidence/|/download"
)
PAGES_PER_PERSON = 120
EACH_ROLE = {"/", "/?mine", "/tasks/N", "/calendar", "/dashboard", "/plans"}
"""Kinds of page shot for every role (they show each role different things); others once."""


@dataclass
class Town:
    site: LiveSite
    task_id: int
    """The owner 张责任's overdue task: progress, a pending extension on another."""
    open_task_id: int


@pytest.fixture
def town(live_site: LiveSite, seed_report_path: Path) -> Town:
    with live_site.database.unit_of_work() as session:
        ensure_demo_people(session, sole_organisation(session).id)
        plan = ensure_demo_plan(session, sole_organisation(session).id)
        import_plan(
            session,
            organisation_id=sole_organisation(session).id,
            data=seed_report_path.read_bytes(),
            filename="上义镇2025年法治政府建设报告.txt",
        )
        owner = session.scalar(select(User).where(User.username == "sifasuo"))
        lead = owner.department
        session.add(Department(organisation_id=sole_organisation(session).id, name=LONG_UNIT))
        tasks = session.scalars(select(Task).where(Task.plan_id == plan.id).order_by(Task.id)).all()
        late, open_task = tasks[0], tasks[1]
        for task in (late, open_task):
            task.lead_department, task.owner, task.ongoing, task.recurrence = lead, owner, False, None
        late.deadline, late.status, late.percent = date(2026, 11, 2), TaskStatus.IN_PROGRESS, 40
        late.title = late.title + "，并将活动照片、签到表和宣传材料整理归档，形成完整的佐证材料台账"
        open_task.deadline = date(2026, 12, 25)
        entry = ProgressEntry(task=late, author=owner, entry_date=date(2026, 10, 20), text="已开展两场讲座。")
        session.add(entry)
        session.add(
            ExtensionRequest(
                task=late,
                requested_by=owner,
                previous_deadline=date(2026, 11, 2),
                requested_deadline=date(2026, 12, 20),
                reason="村（社区）换届，活动顺延。",
                created_at=stamp(),
            )
        )
        session.flush()
        return Town(live_site, late.id, open_task.id)


def _page_kind(url: str) -> str:
    """What kind of page a URL is: numbers and query values left out."""
    parts = urlsplit(url)
    names = sorted({name for name, _value in parse_qsl(parts.query)})
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(names) if names else "")


def _links(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#", 1)[0]
        if path and not NOT_PAGES.search(urlsplit(path).path):
            found.append(path)
    return found


def _is_page(page: Page, url: str) -> bool:
    """An HTML page rather than a file to download (asked first with the same cookies)."""
    answer = page.request.get(url, max_redirects=0)
    kind = answer.headers.get("content-type", "")
    return kind.startswith("text/html") and "attachment" not in answer.headers.get("content-disposition", "")


def _too_wide(page: Page) -> int | None:
    width = page.evaluate("document.documentElement.scrollWidth")
    return width if width > page.evaluate("window.innerWidth") else None


def walk(tab: Tab, username: str, shot: set[object]) -> Iterator[tuple[str, int | None]]:
    """Each page the person reaches, at 390 px: (its path, the document's width when too wide),
    with screenshots at 390 and 1366 px the first time a kind of page is seen."""
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.sign_in(username, DEMO_PASSWORD)
    queue, seen = ["/"], set()
    while queue and len(seen) < PAGES_PER_PERSON:
        path = queue.pop(0)
        kind = _page_kind(path)
        if kind in seen:
            continue
        seen.add(kind)
        if not _is_page(page, tab.base_url + path):
            continue
        page.set_viewport_size(PHONE)
        response = page.goto(tab.base_url + path)
        assert response is not None and response.status < 500, (username, path)
        yield path, _too_wide(page)
        if kind not in shot or (kind in EACH_ROLE and (username, kind) not in shot):
            shot.update({kind, (username, kind)})
            name = re.sub(r"[^\w]+", "-", kind).strip("-") or "board"
            tab.shoot(f"{name}-390-{username}")
            page.set_viewport_size(SCREEN)
            tab.shoot(f"{name}-1366-{username}")
        queue.extend(link for link in _links(page, tab.base_url) if _page_kind(link) not in seen)
    tab.sign_out()


def test_no_page_scrolls_sideways_on_a_phone_for_any_role(town: Town, tab: Tab) -> None:
    shot: set[object] = set()
    too_wide, walked = [], {}
    for username in ROLES:
        paths = []
        for path, width in walk(tab, username, shot):
            paths.append(path)
            if width is not None:
                too_wide.append((username, path, width))
        walked[username] = paths
    assert too_wide == []
    coordinator = {_page_kind(path) for path in walked["fazhiban"]}
    for kind in (
        "/",
        "/tasks/N",
        "/calendar",
        "/dashboard",
        "/plans",
        "/plans/N",
        "/print",
        "/account",
        "/admin/users",
        "/admin/holidays",
        "/admin/reminders/outbox",
        "/reports/",
    ):
        assert kind in coordinator, (kind, sorted(coordinator))
    owner = {_page_kind(path) for path in walked["sifasuo"]}
    assert {"/", "/tasks/N", "/calendar", "/dashboard"} <= owner and "/admin/users" not in owner


def _within_the_screen(page: Page, selector: str) -> None:
    """Every visible element matching `selector` lies inside the 390 px window."""
    for box in page.locator(selector).evaluate_all(
        "nodes => nodes.filter(n => n.offsetParent).map(n => n.getBoundingClientRect().toJSON())"
    ):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (selector, box)


def test_the_menu_folds_on_a_phone_and_searches_every_plan(town: Town, tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.sign_in("sifasuo", DEMO_PASSWORD)
    menu = page.locator("header.topbar nav.mainnav")
    expect(menu).to_be_hidden()
    toggle = page.locator("header.topbar .menu-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    tab.shoot("menu-open-390", full_page=False)
    _within_the_screen(page, "header.topbar a, header.topbar input, header.topbar button")
    page.fill("header.topbar input[name=q]", "宪法")
    page.click("header.topbar form.search button")
    expect(page.locator(".search-result")).to_contain_text("搜索“宪法”")
    expect(page.locator("table.board a", has_text="利用国家宪法日")).to_have_count(1)
    expect(page.locator("select[name=plan] option:checked")).to_have_text("全部在办计划")
    tab.shoot("searched-390")
    page.set_viewport_size(SCREEN)
    expect(menu).to_be_visible()
    expect(toggle).to_be_hidden()


def test_dates_on_the_board_never_wrap(town: Town, tab: Tab) -> None:
    """At 390 px the board's dates once broke as 202/6-/12-/25: each stays on one line."""
    page = tab.page
    tab.sign_in("fazhiban", DEMO_PASSWORD)
    for size in (PHONE, SCREEN, {"width": 760, "height": 900}):
        page.set_viewport_size(size)
        tab.open("/")
        heights = page.locator("table.board .date").evaluate_all(
            "nodes => nodes.map(n => n.getClientRects().length)"
        )
        assert heights and set(heights) == {1}, (size, heights)


def test_an_owner_files_progress_asks_for_an_extension_and_closes_on_a_phone(
    town: Town, tab: Tab, tmp_path: Path
) -> None:
    page = tab.page
    page.set_viewport_size(PHONE)
    tab.sign_in("sifasuo", DEMO_PASSWORD)
    tab.open(f"/tasks/{town.open_task_id}")
    _within_the_screen(page, "main input, main textarea, main select, main button, dl.facts")
    photo = tmp_path / "活动照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    form = page.locator("#progress-form")
    form.locator("textarea[name=text]").fill("12月4日国家宪法日在镇广场开展集中宣传，发放资料500余份。")
    form.locator("input[name=percent]").fill("60")
    form.locator("input[name=evidence]").set_input_files(str(photo))
    tab.shoot("owner-progress-390")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("进展已填报。")
    expect(page.locator("article.entry").first).to_contain_text("发放资料500余份")

    extension = page.locator("#extension-form")
    extension.locator("input[name=requested_deadline]").fill("2027-01-15")
    extension.locator("textarea[name=reason]").fill("宪法宣传周活动延至元旦后总结。")
    _within_the_screen(page, "#extension-form input, #extension-form textarea, #extension-form button")
    extension.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("延期申请")
    tab.shoot("owner-extension-390")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#close-form button[type=submit]").click()
    expect(page.locator("dl.facts")).to_contain_text("已办结")
    tab.shoot("owner-closed-390")
    assert _too_wide(page) is None


def test_printing_hides_the_menu_and_keeps_the_colours(town: Town, tab: Tab) -> None:
    """The board, a task, the dashboard and the print view as printed (print media, A4 PDFs kept
    under test-output/ and turned into PNGs to look at)."""
    page = tab.page
    tab.sign_in("fazhiban", DEMO_PASSWORD)
    page.emulate_media(media="print")
    for name, path in (
        ("board", "/"),
        ("task", f"/tasks/{town.task_id}"),
        ("dashboard", "/dashboard"),
        ("print-view", "/print"),
    ):
        tab.open(path)
        for hidden in ("header.topbar", "form.filters", "main form", ".exports"):
            for element in page.locator(hidden).all():
                expect(element).to_be_hidden()
        red = page.locator(".light-red, tr.row-red td:first-child").first
        style = red.evaluate(
            "node => { const s = getComputedStyle(node);"
            " return [s.printColorAdjust || s.webkitPrintColorAdjust, s.backgroundColor,"
            " s.borderLeftColor]; }"
        )
        assert style[0] == "exact" and "rgb(201, 42, 42)" in style[1:], (name, style)
        pdf = tab.shots / f"print-{name}.pdf"
        tab.shots.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(pdf), format="A4", print_background=True)
        first_page = ["-png", "-r", "60", "-f", "1", "-l", "1"]
        subprocess.run(["pdftoppm", *first_page, str(pdf), str(tab.shots / f"print-{name}")], check=True)
    page.emulate_media(media="screen")
    tab.open("/print")
    expect(page.locator("button[data-print]")).to_be_visible()
    expect(page.locator("table.print-list tr.row-red")).to_have_count(3)
