"""Provisioning a county's towns from the workbook: the template, a good file, every bad line named
with its sheet and row number, and nothing written when any line is refused (page and command)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import password_matches
from tracker.cli import main
from tracker.db import Database
from tracker.organisations.models import Organisation
from tracker.organisations.towns_workbook import TOWN_HEADINGS, UNIT_HEADINGS, template_bytes

Rows = list[tuple[str, ...]]


def workbook(towns: Rows, units: Rows, town_headings: tuple[str, ...] = TOWN_HEADINGS) -> bytes:
    """The template filled in with `towns` and `units` (row 2 onwards)."""
    book = load_workbook(io.BytesIO(template_bytes()))
    if town_headings != TOWN_HEADINGS:
        for index, heading in enumerate(town_headings, start=1):
            book["镇"].cell(1, index, heading)
    for row in towns:
        book["镇"].append(list(row))
    for row in units:
        book["单位"].append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_TOWNS = [
    ("清源县", "南镇", "南镇法治办", "nan_fzb", "nan_fzb@town.example"),
    ("", "北镇", "", "", ""),
]
GOOD_UNITS = [("南镇", "司法所"), ("南镇", "党政办"), ("北镇", "司法所"), ("东镇", "社会事务办")]


def counts(session: Session) -> tuple[int, int, int]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) for model in (Organisation, Department, User)
    )  # type: ignore[return-value]


def upload(client, data: bytes, csrf: str):  # type: ignore[no-untyped-def]
    files = {"workbook": (io.BytesIO(data), "镇与单位.xlsx"), "csrf_token": csrf}
    return client.post("/admin/towns/import", data=files, content_type="multipart/form-data")


def test_the_template_has_the_two_sheets_with_chinese_headings_and_instructions(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.coordinator)
    page = client.get("/admin/towns").get_data(as_text=True)
    assert "下载导入模板" in page and "东镇" in page and "西镇" in page
    answer = client.get("/admin/towns/template.xlsx")
    assert answer.status_code == 200
    disposition = answer.headers["Content-Disposition"]
    assert disposition.isascii() and "filename*=UTF-8''%E9%95%87" in disposition  # 镇与单位导入模板.xlsx
    book = load_workbook(io.BytesIO(answer.data))
    assert book.sheetnames == ["镇", "单位", "填写说明"]
    assert [cell.value for cell in book["镇"][1]] == list(TOWN_HEADINGS)
    assert [cell.value for cell in book["单位"][1]] == list(UNIT_HEADINGS)
    assert "任何一行有误，全部不导入" in " ".join(str(c.value) for row in book["填写说明"] for c in row)


def test_a_county_coordinator_imports_towns_units_and_coordinators(county, sign_in, csrf_of, session) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.coordinator)
    answer = upload(client, workbook(GOOD_TOWNS, GOOD_UNITS), csrf_of(client, "/admin/towns"))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200, page
    assert "新建镇 2 个：南镇、北镇" in page and "新建单位 4 个" in page and "东镇社会事务办" in page
    password = re.search(r"登录名 nan_fzb，初始密码 ([^<\s]+)<", page)
    assert password, page

    south = session.scalars(select(Organisation).where(Organisation.name == "南镇")).one()
    assert south.parent_id == county.organisation.id
    units = session.scalars(select(Department.name).where(Department.organisation_id == south.id)).all()
    assert sorted(units) == ["党政办", "司法所"]
    coordinator = session.scalars(select(User).where(User.username == "nan_fzb")).one()
    assert (coordinator.organisation_id, coordinator.role) == (south.id, Role.COORDINATOR)
    assert password_matches(coordinator, password.group(1))

    again = upload(client, workbook(GOOD_TOWNS, GOOD_UNITS), csrf_of(client, "/admin/towns")).get_data(
        as_text=True
    )
    assert "已存在、未改动的镇 2 个" in again and "已存在、未改动的单位 4 个" in again
    assert "已存在、未改动的协调人账号 1 个：南镇法治办（nan_fzb）" in again and "初始密码" not in again


def test_every_bad_line_is_named_by_sheet_and_row_and_nothing_is_written(
    county, sign_in, csrf_of, session
) -> None:  # type: ignore[no-untyped-def]
    before = counts(session)
    towns = [
        ("清源县", "南镇", "南镇法治办", "nan_fzb", "nan_fzb@town.example"),  # row 2: good
        ("清源县", "", "", "", ""),  # row 3: no town name
        ("清源县", "南镇", "", "", ""),  # row 4: twice
        ("别的县", "北镇", "", "", ""),  # row 5: not this county
        ("清源县", "中镇", "中镇法治办", "", ""),  # row 6: half a coordinator
        ("清源县", "西二镇", "某人", "east_li", "x@town.example"),  # row 7: login taken
    ]
    units = [("南镇", "司法所"), ("南镇", "司法所"), ("无名镇", "党政办"), ("南镇", "")]
    client = sign_in(county.coordinator)
    answer = upload(client, workbook(towns, units), csrf_of(client, "/admin/towns"))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "导入未执行，文件中有 8 处问题" in page
    expected = [
        "「镇」表第 3 行：请填写镇名称。",
        "「镇」表第 4 行：镇「南镇」与第 2 行重复。",
        "「镇」表第 5 行：所属县「别的县」不是您所在的清源县",
        "「镇」表第 6 行：协调人的姓名、登录名、邮箱须同时填写",
        "「镇」表第 7 行：用户名「east_li」已被使用。",
        "「单位」表第 3 行：南镇的单位「司法所」与第 2 行重复。",
        "「单位」表第 4 行：镇「无名镇」既不在「镇」表中",
        "「单位」表第 5 行：请填写镇名称和单位名称。",
    ]
    for line in expected:
        assert line in page, line
    assert counts(session) == before  # the good lines were rolled back with the bad ones


def test_wrong_files_and_wrong_people_are_refused_in_chinese(county, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.coordinator)
    csrf = csrf_of(client, "/admin/towns")
    not_a_workbook = upload(client, "镇名称,单位名称".encode(), csrf).get_data(as_text=True)
    assert "文件不是有效的 .xlsx 工作簿" in not_a_workbook
    renamed = workbook(
        [("清源县", "南镇", "", "", "")], [], ("所属县", "乡镇", "协调人姓名", "协调人登录名", "协调人邮箱")
    )
    headings = upload(client, renamed, csrf).get_data(as_text=True)
    assert "「镇」表第 1 行：缺少表头「镇名称」；表头「乡镇」不是模板中的列" in headings
    book = Workbook()
    book.active.title = "Sheet1"
    other = io.BytesIO()
    book.save(other)
    assert "工作簿中缺少「镇」表" in upload(client, other.getvalue(), csrf).get_data(as_text=True)
    assert "文件中没有数据" in upload(client, workbook([], []), csrf).get_data(as_text=True)

    town_coordinator = sign_in(county.east.coordinator)
    refused = town_coordinator.get("/admin/towns")
    assert refused.status_code == 403 and "只有县级机构的协调人" in refused.get_data(as_text=True)
    assert sign_in(county.viewer).get("/admin/towns").status_code == 403


def test_the_command_imports_a_file_or_refuses_it_whole(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TRACKER_VAR_DIR": str(tmp_path), "TRACKER_DATABASE_URL": fresh_database_url}
    runner = CliRunner()
    template = tmp_path / "模板.xlsx"
    assert runner.invoke(main, ["org", "template", str(template)], env=env).exit_code == 0
    assert load_workbook(template).sheetnames == ["镇", "单位", "填写说明"]

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook([("清源县", "南镇", "", "", ""), ("", "北镇", "", "", "")], [("西镇", "司法所")])
    )
    refused = runner.invoke(main, ["org", "import", str(bad)], env=env)
    assert refused.exit_code == 2, refused.output
    assert "「镇」表第 3 行：请填写所属县。" in refused.output
    assert "「单位」表第 2 行：镇「西镇」既不在「镇」表中" in refused.output
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1  # only 本镇

    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([GOOD_TOWNS[0], ("清源县", "北镇", "", "", "")], GOOD_UNITS[:3]))
    done = runner.invoke(main, ["org", "import", str(good)], env=env)
    assert done.exit_code == 0, done.output
    assert "新建县级机构 1 个：清源县" in done.output and "新建镇 2 个：南镇、北镇" in done.output
    assert "新建协调人 南镇法治办（南镇），登录名 nan_fzb，初始密码 " in done.output
    with database.unit_of_work() as session:
        names = session.scalars(select(Organisation.name).order_by(Organisation.id)).all()
        assert names == ["本镇", "清源县", "南镇", "北镇"]
        assert session.scalar(select(func.count()).select_from(Department)) == 3
    database.dispose()
