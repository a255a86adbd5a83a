"""The evidence ledger (台账): one zip per plan with every file and an index Excel opens as Chinese."""

import csv
import io
import zipfile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32


def test_ledger_zip_holds_every_file_and_an_index(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    client.post(
        f"/tasks/{town.task.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": "讲座",
            "entry_date": "2026-02-20",
            "evidence": [(io.BytesIO(PNG), "../../照片.png"), (io.BytesIO(b"%PDF-1.4 x"), "通知.pdf")],
            "evidence_description": "第一场讲座",
        },
        content_type="multipart/form-data",
    )
    response = sign_in(town.viewer).get(f"/ledger/{town.plan.id}.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert all(".." not in name and not name.startswith("/") for name in names)
    raw_index = archive.read("台账索引.csv")
    assert raw_index.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(raw_index.decode("utf-8-sig"))))
    assert rows[0] == ["计划事项", "任务", "日期", "说明", "文件名", "上传人", "压缩包内路径"]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("开展法治讲座", "2026-02-20", "第一场讲座", "照片.png", "zhang"),
        ("开展法治讲座", "2026-02-20", "第一场讲座", "通知.pdf", "zhang"),
    ]
    assert archive.read(rows[1][6]) == PNG
    response.close()
