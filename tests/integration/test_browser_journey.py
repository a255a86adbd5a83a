"""The product's whole first week, in real Chromium, on each backend (issue 3's browser test).

The coordinator signs in, uploads the seed report on /plans, reviews what was read from it (the
three arrangements and their children beside the source), accepts one suggestion, edits an item and
gives it an indicator with last year's figure, confirms the plan, and assigns the resulting task on
its page (lead unit, 责任人, deadline). The owner signs in, finds it under 我的任务 with its blue light,
files progress with an evidence file and an indicator increment, and the dashboard shows the change.
Screenshots of every step are kept under test-output/integration/.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect
from sqlalchemy import func, select

from tracker.demo.people import DEMO_PASSWORD, ensure_demo_people
from tracker.organisations.service import sole_organisation
from tracker.tasks.models import Evidence, Indicator, ProgressEntry, Task

pytestmark = pytest.mark.integration

RENAMED = "深入开展农村普法教育"


def sign_in_sheet(folder: Path) -> Path:
    """A real Word file as evidence: the lecture's sign-in sheet."""
    document = docx.Document()
    document.add_heading("民法典专题讲座签到表", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (name, village) in enumerate((("姓名", "村（社区）"), ("王某", "上义村"), ("李某", "河口村"))):
        table.cell(row, 0).text, table.cell(row, 1).text = name, village
    buffer = io.BytesIO()
    document.save(buffer)
    path = folder / "讲座签到表.docx"
    path.write_bytes(buffer.getvalue())
    return path


def review_and_confirm(tab: Tab, seed_report_path: Path) -> None:
    """Upload the seed, check what was read, accept one suggestion, edit, add an indicator, confirm."""
    page = tab.page
    tab.open("/plans")
    tab.shoot("plans-empty")
    page.set_input_files("input[name=document]", str(seed_report_path))
    page.click("text=导入并审核")
    expect(page.locator(".flash")).to_contain_text("共 14 个事项")
    tops = page.locator("article.item.depth-1")
    expect(tops).to_have_count(3)
    expect(tops.nth(1).locator("article.item.depth-2")).to_have_count(8)  # 政务公开's eight areas
    expect(tops.nth(2).locator("article.item.depth-2")).to_have_count(3)  # 三是: three actions
    expect(page.locator(".source-text mark.src-item")).not_to_have_count(0)
    tab.shoot("plan-imported")

    first = tops.first
    first.locator("> details > summary").click()
    first.locator("> details button:has-text('接受建议')").click()
    expect(page.locator(".flash")).to_contain_text("已接受")
    first = page.locator("article.item.depth-1").first
    expect(first.locator("> .facts .badge")).to_have_count(0)
    expect(page.locator("article.item.depth-1").nth(1).locator("> .facts .badge")).to_have_count(2)

    first.locator("> details > summary").click()
    first.locator("input[name$='-title']").fill(RENAMED)
    first.locator("> details button:has-text('保存')").click()
    expect(page.locator(".flash")).to_contain_text(f"已保存「{RENAMED}」")

    first = page.locator("article.item.depth-1").first
    first.locator("> details > summary").click()
    target = first.locator("form.indicator-form")
    target.locator("input[name$='-name']").fill("法治讲座")
    target.locator("input[name$='-target']").fill("12")
    target.locator("input[name$='-unit']").fill("场")
    target.locator("select[name$='-baseline_id']").select_option(
        label="法治讲座、法治宣传活动：10余场（2025年）"
    )
    target.locator("button:has-text('添加指标')").click()
    first = page.locator("article.item.depth-1").first
    expect(first.locator("ul.indicators")).to_contain_text("法治讲座（累计），目标 12场（2025年：10余场）")
    tab.shoot("plan-reviewed")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=确认计划，生成任务")
    expect(page.locator(".flash")).to_contain_text("生成 12 项任务")
    expect(page.locator("section.summary")).to_contain_text("共 14 个事项，已生成 12 项任务。")
    expect(page.locator("main .badge")).to_have_count(0)  # suggestions now set (the menu keeps its count)
    expect(page.locator("a.task-link")).to_have_count(12)
    tab.shoot("plan-confirmed")


def assign(tab: Tab) -> None:
    """From the board to the renamed task: lead unit, a co-operating unit, 责任人 and deadline at once."""
    page = tab.page
    page.click("nav.mainnav >> text=任务看板")
    expect(page.locator("section.group h2")).to_have_count(3)
    tab.shoot("board")
    page.click(f"table.board a:has-text('{RENAMED}')")
    form = page.locator("#assign-form")
    form.locator("select[name=lead_department_id]").select_option(label="司法所")
    expect(form.locator("select[name=owner_id] option:not([hidden])")).to_have_text(
        ["（未指定）", "李协调（法治办）", "张责任（司法所）"]
    )
    form.locator("select[name=owner_id]").select_option(label="张责任（司法所）")
    form.locator("label.check", has_text="党政办").locator("input").check()
    form.locator("input[name=deadline]").fill("2026-11-30")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("任务分配已保存。")
    facts = page.locator("dl.facts")
    for shown in ("司法所", "党政办", "张责任（司法所）", "王分管（分管领导）", "2026年11月30日"):
        expect(facts).to_contain_text(shown)
    tab.shoot("task-assigned")


def file_progress(tab: Tab, evidence: Path) -> None:
    page = tab.page
    page.click("nav.mainnav >> text=我的任务")
    expect(page.locator("nav.mainnav a.active")).to_have_text("我的任务")
    row = page.locator("table.board tr", has_text=RENAMED)
    expect(row).to_have_count(1)
    expect(row.locator(".light-blue")).to_have_text("临期")  # due in 4 days: 蓝
    tab.shoot("owner-my-tasks")
    row.locator("a").click()
    form = page.locator("#progress-form")
    form.locator("textarea[name=text]").fill("11月25日在镇文化站举办民法典专题讲座2场，村民150人次参加。")
    form.locator("input[name=percent]").fill("30")
    form.locator("input[name^=increment-]").fill("2")
    form.locator("input[name=evidence]").set_input_files(str(evidence))
    form.locator("input[name=evidence_description]").fill("签到表")
    tab.shoot("owner-progress-form")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("进展已填报。")
    entry = page.locator("article.entry").first
    expect(entry.locator(".increments")).to_have_text("法治讲座 +2场")
    expect(entry.locator("a", has_text="讲座签到表.docx")).to_have_count(1)
    tab.shoot("owner-progress-filed")


def test_from_the_seed_report_to_progress_on_the_dashboard(
    live_site: LiveSite, tab: Tab, seed_report_path: Path, tmp_path: Path
) -> None:
    with live_site.database.unit_of_work() as session:
        ensure_demo_people(session, sole_organisation(session).id)
    page = tab.page

    tab.sign_in("fazhiban", DEMO_PASSWORD)  # lands on 待我处理
    tab.open("/")
    expect(page.locator("p.empty")).to_contain_text("还没有计划")
    review_and_confirm(tab, seed_report_path)
    assign(tab)
    tab.open("/dashboard")
    expect(page.locator("#indicators text.value")).to_have_text(["10余场", "12场", "0场"])
    tab.shoot("dashboard-before")
    tab.sign_out()

    tab.sign_in("sifasuo", DEMO_PASSWORD)
    file_progress(tab, sign_in_sheet(tmp_path))
    tab.open("/dashboard")
    expect(page.locator("#indicators h3")).to_have_text(f"法治讲座 一是{RENAMED}")
    expect(page.locator("#indicators text.value")).to_have_text(["10余场", "12场", "2场"])
    expect(page.locator("#chart-items .value").first).to_have_text("进度 30% · 办结 0/1")
    expect(page.locator("#chart-departments")).to_contain_text("司法所")
    tab.shoot("dashboard-after")

    with live_site.database.unit_of_work() as session:
        task = session.scalar(select(Task).where(Task.title == RENAMED))
        assert (task.owner.username, task.deadline.isoformat(), task.percent) == ("sifasuo", "2026-11-30", 30)
        assert session.scalar(select(Indicator.actual).where(Indicator.name == "法治讲座")) == Decimal(2)
        assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 1
        assert session.scalar(select(Evidence.original_name)) == "讲座签到表.docx"
