"""Reports up the chain in Chromium, at 1366 and 390 px: 西镇's coordinator submits the generated draft
to the county; the county coordinator opens 各镇报告 from the menu, sees each town's status and the
summary of the towns' figures (a total, a rate listed town by town, a figure's sources unfolded, the
figures left out), and reads 西镇's draft. No page scrolls sideways."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.clock import stamp
from tracker.organisations.models import OrgKind
from tracker.organisations.service import add_organisation
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus
from tracker.tasks.models import Indicator, IndicatorIncrement, IndicatorKind, ProgressEntry, Task

pytestmark = pytest.mark.integration
PASSWORD = "county-reports-walk-5"
TOWN_FIGURES = {"东镇": ("12", "97.9"), "西镇": ("8", "95")}
"""Each town's 法治讲座 (场, 累计) and 调解成功率 (%, 比率) of 2026."""


def _town(session, county, name: str, lectures: str, rate: str, prefix: str) -> Plan:  # type: ignore[no-untyped-def]
    town = add_organisation(session, name, OrgKind.TOWN, county)
    source = f"{name}2026年度法治政府建设工作要点".encode()
    plan = Plan(
        organisation=town,
        year=2026,
        title="2026年度法治政府建设工作要点",
        status=PlanStatus.CONFIRMED,
        confirmed_at=stamp(),
        source_filename="要点.txt",
        source_bytes=source,
        source_sha256=hashlib.sha256(source).hexdigest(),
        source_text=source.decode(),
    )
    unit = Department(organisation=town, name="司法所")
    item = PlanItem(plan=plan, position=0, marker="一是", title="开展法治讲座", text="开展法治讲座")
    coordinator = User(
        organisation=town, username=f"{prefix}li", display_name=f"{name}法治办", role=Role.COORDINATOR
    )
    set_password(coordinator, PASSWORD)
    session.add_all([plan, unit, item, coordinator])
    session.flush()
    task = Task(
        plan_id=plan.id,
        plan_item=item,
        title="开展法治讲座",
        lead_department=unit,
        deadline=date(2026, 12, 31),
    )
    session.add(task)
    for indicator_name, unit_word, kind, amount in (
        ("法治讲座", "场", IndicatorKind.CUMULATIVE, lectures),
        ("调解成功率", "%", IndicatorKind.RATE, rate),
    ):
        indicator = Indicator(plan_item_id=item.id, name=indicator_name, unit=unit_word, kind=kind)
        entry = ProgressEntry(
            task=task, entry_date=date(2026, 9, 15), text=f"{name}{indicator_name}：{amount}{unit_word}"
        )
        entry.increments.append(IndicatorIncrement(indicator=indicator, amount=Decimal(amount)))
        session.add_all([indicator, entry])
    session.flush()
    return plan


@pytest.fixture
def county(live_site: LiveSite) -> None:
    """清源县 with 东镇 and 西镇; 西镇 has generated its draft file, ready to submit."""
    with live_site.database.unit_of_work() as session:
        county = add_organisation(session, "清源县", OrgKind.COUNTY)
        reader = User(
            organisation=county, username="county_li", display_name="县法治办", role=Role.COORDINATOR
        )
        set_password(reader, PASSWORD)
        session.add(reader)
        plans = {
            name: _town(session, county, name, lectures, rate, prefix)
            for (name, (lectures, rate)), prefix in zip(TOWN_FIGURES.items(), ("east_", "west_"), strict=True)
        }
        folder = live_site.settings.var_dir / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "west.docx").write_bytes(b"west draft")
        session.add(
            ReportRun(
                plan_id=plans["西镇"].id,
                format=ReportFormat.DOCX,
                status=ReportRunStatus.DONE,
                percent=100,
                result_path="reports/west.docx",
                result_name="2026年法治政府建设年度报告（草稿）.docx",
                finished_at=stamp(),
            )
        )


def _no_sideways_scroll(tab: Tab) -> None:
    assert tab.fits_width()


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_a_town_submits_and_the_county_reads_the_summary(width: int, tab: Tab, county: None) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("west_li", PASSWORD)
    tab.open("/reports/?year=2026")
    card = page.locator("#to-county")
    expect(card).to_contain_text("起草中")
    card.locator("button:has-text('提交县级')").click()
    expect(page.locator(".flash")).to_contain_text("2026年度报告草稿已提交县级")
    expect(page.locator("#to-county")).to_contain_text("已提交")
    expect(page.locator("#withdraw-form")).to_be_visible()
    _no_sideways_scroll(tab)
    tab.shoot(f"town-submitted-{width}")
    tab.sign_out()

    tab.sign_in("county_li", PASSWORD)
    tab.open_menu()
    page.click("header.topbar a:has-text('各镇报告')")
    expect(page.locator("tr[data-town='西镇']")).to_contain_text("已提交")
    expect(page.locator("tr[data-town='东镇']")).to_contain_text("未开始")
    lectures = page.locator("tr[data-indicator='法治讲座']")
    expect(lectures.locator(".total")).to_have_text("20场")
    expect(page.locator("tr[data-indicator='调解成功率']")).to_contain_text("比率不相加")
    lectures.locator("summary").first.click()
    expect(lectures.locator(".figure-sources").first).to_contain_text("指标数据：法治讲座 +12场")
    expect(page.locator("#left-out")).to_contain_text("各镇的数字都已汇总")
    _no_sideways_scroll(tab)
    tab.shoot(f"county-summary-{width}")

    page.locator("tr[data-town='西镇'] a:has-text('阅读草稿')").click()
    expect(page.locator("#town-draft-status")).to_contain_text("已提交")
    expect(page.locator(".report-draft")).to_contain_text("8场")
    _no_sideways_scroll(tab)
    tab.shoot(f"county-town-draft-{width}")
