"""管理 › 镇与单位 in Chromium at 1366 and 390 px: the demo county's coordinator downloads the
template, uploads a file with a bad row (every problem listed, nothing imported), then a good one
(the new town and its coordinator's initial password shown once). No sideways scrolling."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from browser import LiveSite, Tab
from openpyxl import load_workbook
from playwright.sync_api import expect

from tracker.demo.people import DEMO_PASSWORD
from tracker.organisations.towns_workbook import template_bytes

pytestmark = pytest.mark.integration


def filled(path: Path, towns: list[tuple[str, ...]], units: list[tuple[str, ...]]) -> str:
    book = load_workbook(io.BytesIO(template_bytes()))
    for row in towns:
        book["镇"].append(list(row))
    for row in units:
        book["单位"].append(list(row))
    book.save(path)
    return str(path)


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_county_coordinator_imports_towns_from_the_page(
    width: int, tab: Tab, live_demo_county: LiveSite, tmp_path: Path
) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("hexi_fzb", DEMO_PASSWORD)
    tab.open("/admin/towns")
    expect(page.locator("main table")).to_contain_text("石门镇")
    with page.expect_download() as download:
        page.click("text=下载导入模板（.xlsx）")
    assert download.value.suggested_filename == "镇与单位导入模板.xlsx"
    assert tab.fits_width()
    tab.shoot(f"towns-{width}")

    bad = filled(
        tmp_path / "bad.xlsx",
        [("鹤溪县", "青溪镇", "", "", ""), ("鹤溪县", "", "", "", "")],
        [("青溪镇", "司法所")],
    )
    page.set_input_files("#towns-import-form input[name=workbook]", bad)
    page.click("#towns-import-form button[type=submit]")
    expect(page.locator("#towns-import-form")).to_contain_text("「镇」表第 3 行：请填写镇名称。")
    expect(page.locator("main table")).not_to_contain_text("青溪镇")  # nothing half-written
    assert tab.fits_width()
    tab.shoot(f"refused-{width}")

    good = filled(
        tmp_path / "good.xlsx",
        [("鹤溪县", "青溪镇", "青溪镇法治办", "qingxi_fzb", "qingxi_fzb@town.example")],
        [("青溪镇", "司法所"), ("青溪镇", "党政办")],
    )
    page.set_input_files("#towns-import-form input[name=workbook]", good)
    page.click("#towns-import-form button[type=submit]")
    expect(page.locator("#import-result")).to_contain_text("新建镇 1 个：青溪镇")
    expect(page.locator("#import-result")).to_contain_text("登录名 qingxi_fzb，初始密码")
    expect(page.locator("main table")).to_contain_text("青溪镇法治办（qingxi_fzb）")
    assert tab.fits_width()
    tab.shoot(f"imported-{width}")
