"""The board as an Excel workbook (`/export.xlsx`): every task the filters let through, every page."""

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from tracker.board.queries import PER_PAGE
from tracker.tasks.models import ProgressEntry, TaskStatus

TODAY = date(2026, 3, 2)  # the `settings` fixture's today
HEADER = ["计划事项", "任务", "牵头单位", "配合单位", "责任人", "截止", "状态", "进度（%）", "督办"]
HEADER.append("最新进展")


def _sheet(client, query: str = ""):  # type: ignore[no-untyped-def]
    response = client.get(f"/export.xlsx{query}")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, load_workbook(io.BytesIO(response.data)).active


def test_the_export_holds_the_board_as_filtered_with_the_latest_progress(  # type: ignore[no-untyped-def]
    town, make_task, session, sign_in
) -> None:
    late = make_task(town.plan, "建设法治文化阵地", lead_department=town.unrelated)
    late.deadline = TODAY - timedelta(days=3)
    late.status, late.percent = TaskStatus.IN_PROGRESS, 30
    session.add_all(
        [
            ProgressEntry(task=late, entry_date=date(2026, 2, 1), text="选址"),
            ProgressEntry(task=late, entry_date=date(2026, 2, 20), text="=设计完成"),  # not at the start
            ProgressEntry(task=late, entry_date=date(2026, 2, 10), text="招标"),  # filed later, dated earlier
        ]
    )
    session.flush()
    response, sheet = _sheet(sign_in(town.viewer))
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "2026" in response.headers["Content-Disposition"]
    rows = [list(row) for row in sheet.values]
    assert rows[0] == HEADER
    assert rows[1][:5] == ["一是 普法教育", "开展法治讲座", "司法所", "党政办", "zhang"]
    assert rows[1][5].date() == date(2026, 6, 30) and rows[1][6:10] == ["未开始", 0, None, None]
    assert rows[2][1:5] == ["建设法治文化阵地", "综合行政执法办", None, None]  # empty cells stay empty
    assert rows[2][6:10] == ["推进中", 30, "逾期", "2026-02-20：=设计完成"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    _, only_late = _sheet(sign_in(town.viewer), "?light=orange")
    assert [row[1] for row in only_late.iter_rows(min_row=2, values_only=True)] == ["建设法治文化阵地"]
    _, searched = _sheet(sign_in(town.viewer), "?q=党政办")
    assert [row[1] for row in searched.iter_rows(min_row=2, values_only=True)] == ["开展法治讲座"]


def test_a_title_a_spreadsheet_would_run_is_exported_as_text(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, '=HYPERLINK("http://evil.example","详情")')
    _, sheet = _sheet(sign_in(town.viewer))
    assert sheet["B3"].data_type == "s" and sheet["B3"].value == '\'=HYPERLINK("http://evil.example","详情")'


def test_the_export_holds_every_page_not_only_the_one_shown(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    for number in range(PER_PAGE + 5):
        make_task(town.plan, f"第{number}项宣传")
    _, sheet = _sheet(sign_in(town.coordinator), "?page=2")
    assert sheet.max_row == 1 + 1 + PER_PAGE + 5


def test_the_board_offers_the_export_of_what_it_shows(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.owner).get("/?status=pending&page=1").get_data(as_text=True)
    assert 'href="/export.xlsx?status=pending" download>导出 Excel（1 项）' in page


def test_the_export_needs_a_sign_in(app) -> None:  # type: ignore[no-untyped-def]
    assert app.test_client().get("/export.xlsx").status_code == 302
