"""County 督办 in Chromium, as the issue's Done-when walks it: the county's coordinator issues a 督办 to
two towns from the 督办 page, a town's coordinator finds it in 待我处理 and assigns it, the town's
责任人 answers with progress and an evidence file, and the county reads the answer — at 1366 px, and
the county's pages again at 390 px without sideways scrolling. Screenshots: test-output/county/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from browser import SCREENSHOTS, LiveSite, Tab
from playwright.sync_api import Page, expect

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.clock import following
from tracker.organisations.models import Organisation, OrgKind
from tracker.organisations.service import add_organisation
from tracker.plans.models import Plan, PlanItem, PlanStatus

pytestmark = pytest.mark.integration
PASSWORD = "duban-walk-5"
TOWNS = ("东镇", "西镇", "南镇")


def _staff_town(session, county: Organisation, name: str, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """A town with its 司法所 (a 责任人), a coordinator and a confirmed 2026 plan of one area."""
    town = add_organisation(session, name, OrgKind.TOWN, county)
    unit = Department(organisation=town, name="司法所")
    people = [
        User(organisation=town, username=f"{prefix}_li", display_name=f"{name}李协调", role=Role.COORDINATOR),
        User(
            organisation=town,
            username=f"{prefix}_zhang",
            display_name=f"{name}张三",
            role=Role.OWNER,
            department=unit,
        ),
    ]
    source = f"{name}2026年度法治政府建设主要安排"
    plan = Plan(
        organisation=town,
        year=2026,
        title="2026年度法治政府建设主要安排",
        status=PlanStatus.CONFIRMED,
        source_filename="plan.txt",
        source_bytes=source.encode(),
        source_sha256=hashlib.sha256(source.encode()).hexdigest(),
        source_text=source,
    )
    plan.items.append(PlanItem(position=0, marker="一是", title="普法教育", text="普法教育"))
    for person in people:
        set_password(person, PASSWORD)
    session.add_all([unit, *people, plan])


@pytest.fixture
def county_of_three(live_site: LiveSite) -> None:
    """清源县 (coordinator county_li) over 东镇, 西镇 and 南镇, each with a 2026 plan and a 司法所."""
    with following(live_site.settings), live_site.database.unit_of_work() as session:
        county = add_organisation(session, "清源县", OrgKind.COUNTY)
        coordinator = User(
            organisation=county, username="county_li", display_name="县法治办李", role=Role.COORDINATOR
        )
        set_password(coordinator, PASSWORD)
        session.add(coordinator)
        for name, prefix in zip(TOWNS, ("east", "west", "south"), strict=True):
            _staff_town(session, county, name, prefix)


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_a_county_issues_a_duban_to_two_towns_and_reads_a_towns_answer(
    chromium_page: Page, live_site: LiveSite, county_of_three: None, tmp_path: Path
) -> None:
    shots = SCREENSHOTS / "county" / "duban"
    for old in shots.glob("*.png"):
        old.unlink()
    tab = Tab(chromium_page, live_site.url, shots)
    page = tab.page
    page.set_viewport_size({"width": 1366, "height": 900})

    tab.sign_in("county_li", PASSWORD)
    tab.open("/duban")
    form = page.locator("#duban-form")
    for name in TOWNS:
        expect(form).to_contain_text(name)
    form.locator("input[name=title]").fill("开展行政执法案卷自查")
    form.locator("textarea[name=text]").fill(
        "对2025年度行政执法案卷逐卷自查，12月15日前报送自查报告及佐证材料。"
    )
    form.locator("input[name=deadline]").fill("2026-12-15")
    form.get_by_label("东镇").check()
    form.get_by_label("西镇").check()
    tab.shoot("county-issue-form-1366")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("督办已下发至 2 个镇")
    expect(page.locator("section.duban-answer")).to_have_count(2)
    expect(page.locator("section.duban-answer").first).to_contain_text("待分配")
    duban_url = page.url
    tab.shoot("county-issued-1366")
    tab.sign_out()

    tab.sign_in("east_li", PASSWORD)  # the town's coordinator: it waits to be assigned
    unassigned = page.locator("#inbox-unassigned")
    expect(unassigned).to_contain_text("开展行政执法案卷自查")
    tab.shoot("town-coordinator-inbox-1366")
    tab.open("/duban")  # its own copy only, one click from the assignment form
    rows = page.locator("article.duban table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("东镇")
    page.locator("article.duban h3 a").click()
    page.locator("section.duban-answer").get_by_role("link", name="开展行政执法案卷自查").click()
    assign = page.locator("#assign-form")
    assign.locator("select[name=lead_department_id]").select_option(label="司法所")
    assign.locator("select[name=owner_id]").select_option(label="东镇张三")
    assign.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("任务分配已保存")
    expect(page.locator("body")).to_contain_text("下发了县级督办")
    tab.sign_out()

    tab.sign_in("east_zhang", PASSWORD)  # the 责任人 answers with progress and evidence
    page.locator("#inbox-mine").get_by_role("link", name="开展行政执法案卷自查").click()
    progress = page.locator("#progress-form")
    progress.locator("textarea[name=text]").fill("已自查案卷 36 卷，发现问题 3 处，已形成自查报告。")
    progress.locator("input[name=percent]").fill("90")
    evidence = tmp_path / "自查报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% self-check report\n%%EOF\n")
    progress.locator("input[name=evidence]").set_input_files(str(evidence))
    progress.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("进展已填报")
    tab.shoot("town-owner-answered-1366")
    tab.sign_out()

    tab.sign_in("county_li", PASSWORD)  # the county reads the answer
    page.goto(duban_url)
    east = page.locator("section.duban-answer", has_text="东镇")
    expect(east).to_contain_text("东镇张三")
    expect(east).to_contain_text("已自查案卷 36 卷")
    expect(east).to_contain_text("90%")
    expect(east.get_by_role("link", name="自查报告.pdf")).to_be_visible()
    expect(page.locator("section.duban-answer", has_text="西镇")).to_contain_text("待分配")
    tab.shoot("county-reads-answer-1366")
    with page.expect_download() as download:
        east.get_by_role("link", name="自查报告.pdf").click()
    assert download.value.suggested_filename == "自查报告.pdf"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _fits(page)
    tab.shoot("county-reads-answer-390")
    tab.open("/duban")
    expect(page.locator("article.duban")).to_contain_text("东镇张三")
    _fits(page)
    tab.shoot("county-duban-list-390")
    tab.sign_out()

    tab.sign_in("west_li", PASSWORD)  # another town sees its own copy only
    tab.open("/duban")
    rows = page.locator("article.duban table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("西镇")
    _fits(page)
    tab.shoot("other-town-sees-its-own-390")
