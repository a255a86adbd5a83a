"""The evidence ledger (台账): one zip per plan with every file, and an index of every task that Excel
and WPS open as Chinese, with the board's task columns."""

import csv
import io
import zipfile
from datetime import date

from openpyxl import load_workbook

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32
HEADER = [
    "计划事项",
    "任务",
    "牵头单位",
    "配合单位",
    "责任人",
    "截止",
    "状态",
    "进度（%）",
    "最新进展",
    "材料日期",
    "材料说明",
    "文件名",
    "上传人",
    "压缩包内路径",
]


def _post_progress(client, town, csrf_of, description: str = "第一场讲座"):  # type: ignore[no-untyped-def]
    return client.post(
        f"/tasks/{town.task.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": "讲座",
            "entry_date": "2026-02-20",
            "percent": "40",
            "evidence": [(io.BytesIO(PNG), "../../照片.png"), (io.BytesIO(b"%PDF-1.4 x"), "通知.pdf")],
            "evidence_description": description,
        },
        content_type="multipart/form-data",
    )


def test_ledger_zip_holds_every_file_and_an_index_of_every_task(town, make_task, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "建设法治文化阵地", lead_department=town.unrelated, ongoing=True)
    assert _post_progress(sign_in(town.owner), town, csrf_of).status_code == 302
    response = sign_in(town.viewer).get(f"/ledger/{town.plan.id}.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert all(".." not in name and not name.startswith("/") for name in names)
    raw_index = archive.read("台账索引.csv")
    assert raw_index.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(raw_index.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    no_file = ["", "", "（无佐证材料）", ""]
    task = ["开展法治讲座", "司法所", "党政办", "zhang", "2026-06-30", "推进中", "40", "2026-02-20：讲座"]
    assert [r[1:13] for r in rows[1:]] == [
        [*task, "2026-02-20", "第一场讲座", "照片.png", "zhang"],
        [*task, "2026-02-20", "第一场讲座", "通知.pdf", "zhang"],
        ["建设法治文化阵地", "综合行政执法办", "", "", "长期", "未开始", "0", "", *no_file],
    ]
    assert archive.read(rows[1][13]) == PNG

    sheet = load_workbook(io.BytesIO(archive.read("台账索引.xlsx"))).active
    values = list(sheet.values)
    assert list(values[0]) == HEADER
    assert values[1][5].date() == date(2026, 6, 30) and values[1][7] == 40  # a date and a number
    assert [list(row[:3]) for row in values[1:]] == [[r[0], r[1], r[2]] for r in rows[1:]]
    response.close()


def test_formulas_typed_into_evidence_never_run_in_the_index(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    formula = '=HYPERLINK("http://evil.example","点此查看")'
    assert _post_progress(sign_in(town.owner), town, csrf_of, description=formula).status_code == 302
    response = sign_in(town.viewer).get(f"/ledger/{town.plan.id}.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    rows = list(csv.reader(io.StringIO(archive.read("台账索引.csv").decode("utf-8-sig"))))
    assert rows[1][10] == "'" + formula
    cell = load_workbook(io.BytesIO(archive.read("台账索引.xlsx"))).active["K2"]
    assert cell.data_type == "s" and cell.value == "'" + formula
