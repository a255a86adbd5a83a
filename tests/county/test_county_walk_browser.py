"""Issue 13's Done-when in one walk through Chromium, on the demo county (鹤溪县: 松岭镇 on time, 柳塘镇 a
few days late, 石门镇 weeks late): the county's coordinator signs in and lands on 全县看板 with the
three towns side by side, opens the red town from it and reads that town's board and a late task
without a control to change them, issues a 督办 to two of the towns from 督办; the red town's
coordinator finds it in 待我处理 and assigns it, its 责任人 answers with progress and a PDF; the county
reads the answer and downloads the PDF, and another town sees its own copy only. At 1366 px, the
county's pages again at 390 px without sideways scrolling; screenshots under test-output/county/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect

from tracker.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.integration
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
TITLE = "开展行政执法案卷自查"


def county_sees_the_towns_and_opens_the_red_one(tab: Tab) -> None:
    page = tab.page
    tab.sign_in("hexi_fzb", DEMO_PASSWORD)
    expect(page).to_have_url(tab.base_url + "/county")  # where sign-in leads a county's watcher
    towns = page.locator("#towns tbody tr")
    expect(towns).to_have_count(3)
    for town in ("松岭镇", "柳塘镇", "石门镇"):
        expect(towns.filter(has_text=town)).to_have_count(1)
    red = page.locator("#towns tbody tr.row-red")
    expect(red).to_have_count(1)
    expect(red).to_contain_text("石门镇")
    tab.shoot("county-board-1366")
    page.set_viewport_size(PHONE)
    expect(towns).to_have_count(3)
    assert tab.fits_width()
    tab.shoot("county-board-390")
    page.set_viewport_size(DESK)

    red.get_by_role("link", name="石门镇").click()
    expect(page).to_have_url(re.compile(r"/\?org=\d+$"))
    board = page.locator("main")
    expect(board.locator("h1")).to_contain_text("石门镇")  # the town drilled into is named,
    expect(board.locator("#drilled")).to_contain_text("县级机构只读查看")  # and read-only
    expect(board.locator("table.board tbody tr")).to_have_count(5)  # its five tasks, no other town's
    expect(board.locator("tr.row-red")).to_have_count(2)
    expect(board.locator("form[method=post]")).to_have_count(0)  # read-only for the county
    tab.shoot("red-town-board-1366")
    board.locator("tr.row-red").first.get_by_role("link").click()
    expect(page.locator("main h1")).to_contain_text("开展民法典进村（社区）宣讲活动")
    expect(page.locator("#read-only")).to_contain_text("本任务属于石门镇")
    expect(page.locator("main form[method=post]")).to_have_count(0)  # no assigning, no progress
    tab.shoot("red-task-read-only-1366")


def county_issues_a_duban_to_two_towns(tab: Tab) -> str:
    """The 督办's address."""
    page = tab.page
    page.locator("nav.mainnav").get_by_role("link", name="督办").click()
    form = page.locator("#duban-form")
    for name in ("松岭镇", "柳塘镇", "石门镇"):
        expect(form).to_contain_text(name)
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=text]").fill(
        "对本年度行政执法案卷逐卷自查，12月15日前报送自查报告及佐证材料。"
    )
    form.locator("input[name=deadline]").fill("2026-12-15")
    form.get_by_label("石门镇").check()
    form.get_by_label("柳塘镇").check()
    tab.shoot("duban-issue-form-1366")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("督办已下发至 2 个镇")
    expect(page.locator("section.duban-answer")).to_have_count(2)
    expect(page.locator("section.duban-answer", has_text="石门镇")).to_contain_text("待分配")
    tab.shoot("duban-issued-1366")
    address = page.url
    tab.sign_out()
    return address


def red_town_answers_with_evidence(tab: Tab, evidence: Path) -> None:
    page = tab.page
    tab.sign_in("shimen_fzb", DEMO_PASSWORD)  # the town's coordinator: it waits to be assigned
    unassigned = page.locator("#inbox-unassigned")
    expect(unassigned).to_contain_text(TITLE)
    tab.shoot("town-coordinator-inbox-1366")
    unassigned.get_by_role("link", name=TITLE).click()
    assign = page.locator("#assign-form")
    assign.locator("select[name=lead_department_id]").select_option(label="司法所")
    assign.locator("select[name=owner_id]").select_option(label="石门镇司法所责任人")
    assign.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("任务分配已保存")
    expect(page.locator("body")).to_contain_text("下发了县级督办")
    tab.sign_out()

    tab.sign_in("shimen_zr1", DEMO_PASSWORD)  # the 责任人 answers with progress and a PDF
    page.locator("#inbox-mine").get_by_role("link", name=TITLE).click()
    progress = page.locator("#progress-form")
    progress.locator("textarea[name=text]").fill("已自查案卷 36 卷，发现问题 3 处，已形成自查报告。")
    progress.locator("input[name=percent]").fill("90")
    progress.locator("input[name=evidence]").set_input_files(str(evidence))
    progress.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("进展已填报")
    tab.shoot("town-owner-answered-1366")
    tab.sign_out()


def county_reads_the_answer(tab: Tab, duban_url: str) -> None:
    page = tab.page
    tab.sign_in("hexi_fzb", DEMO_PASSWORD)
    page.locator("nav.mainnav").get_by_role("link", name="督办").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(duban_url)
    shimen = page.locator("section.duban-answer", has_text="石门镇")
    expect(shimen).to_contain_text("石门镇司法所责任人")
    expect(shimen).to_contain_text("已自查案卷 36 卷")
    expect(shimen).to_contain_text("90%")
    expect(shimen.locator("ul.files")).to_contain_text("自查报告.pdf 35 B")
    expect(page.locator("section.duban-answer", has_text="柳塘镇")).to_contain_text("待分配")
    tab.shoot("county-reads-answer-1366")
    with page.expect_download() as download:
        shimen.get_by_role("link", name="自查报告.pdf").click()
    assert download.value.suggested_filename == "自查报告.pdf"

    page.set_viewport_size(PHONE)
    page.reload()
    assert tab.fits_width()
    tab.shoot("county-reads-answer-390")
    tab.open_menu()
    page.locator("nav.mainnav").get_by_role("link", name="督办").click()
    expect(page.locator("article.duban")).to_contain_text("石门镇司法所责任人")
    assert tab.fits_width()
    tab.shoot("county-duban-list-390")
    tab.sign_out()


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_a_county_compares_its_towns_opens_the_red_one_and_follows_a_duban_to_its_answer(
    tab: Tab, live_demo_county: LiveSite, tmp_path: Path
) -> None:
    tab.page.set_viewport_size(DESK)
    county_sees_the_towns_and_opens_the_red_one(tab)
    duban_url = county_issues_a_duban_to_two_towns(tab)
    evidence = tmp_path / "自查报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% self-check report\n%%EOF\n")
    red_town_answers_with_evidence(tab, evidence)
    county_reads_the_answer(tab, duban_url)

    tab.sign_in("liutang_fzb", DEMO_PASSWORD)  # another town sees its own copy only
    tab.open("/duban")
    rows = tab.page.locator("article.duban table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("柳塘镇")
    assert tab.fits_width()
    tab.shoot("other-town-sees-its-own-390")
