"""The task page: progress with increments and evidence, 办结, extensions, history, refusals."""

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from tracker.tasks.models import Evidence, ExtensionStatus, Indicator, ProgressEntry, TaskStatus

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def _progress(client, task, token, **fields):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token, "text": "举办法治讲座 2 场", "percent": "40", **fields}
    return client.post(f"/tasks/{task.id}/progress", data=data, content_type="multipart/form-data")


def test_owner_files_progress_with_increment_and_evidence(town, make_indicator, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    lectures = make_indicator(town.task, "法治讲座", "场", "12")
    people = make_indicator(town.task, "参与人次", "人次", "1000", baseline="800")
    client = sign_in(town.owner)
    response = _progress(
        client,
        town.task,
        csrf_of(client),
        **{
            f"increment-{lectures.id}": "2",
            f"increment-{people.id}": "150",
            "evidence": (io.BytesIO(PNG), "现场照片.png"),
            "evidence_description": "讲座现场",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Indicator, lectures.id).actual == Decimal(2)
    assert session.get(Indicator, people.id).actual == Decimal(150)
    assert town.task.percent == 40 and town.task.status == TaskStatus.IN_PROGRESS
    page = client.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert "举办法治讲座 2 场" in page and "法治讲座 +2场" in page and "现场照片.png" in page
    assert "填报了进展" in page and "上传了佐证材料" in page  # the history


def test_increments_add_up_across_entries(town, make_indicator, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    lectures = make_indicator(town.task)
    client = sign_in(town.helper)  # a co-operating unit may add progress
    for amount in ("2", "3.5"):
        assert (
            _progress(client, town.task, csrf_of(client), **{f"increment-{lectures.id}": amount}).status_code
            == 302
        )
    session.expire_all()
    assert session.get(Indicator, lectures.id).actual == Decimal("5.5")


def test_evidence_is_served_to_the_signed_in_only_as_a_download(town, session, sign_in, csrf_of, app):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    _progress(client, town.task, csrf_of(client), evidence=(io.BytesIO(PDF), "通知.pdf"))
    evidence = session.scalars(select(Evidence)).one()
    url = f"/tasks/{town.task.id}/evidence/{evidence.id}"
    download = sign_in(town.viewer).get(url)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    policy = [part.split() for part in download.headers["Content-Security-Policy"].split(";")]
    assert policy == [["default-src", "'none'"], ["sandbox"], ["frame-ancestors", "'none'"]]
    download.close()
    assert app.test_client().get(url).status_code == 302  # to the login page
    assert sign_in(town.viewer).get(f"/tasks/{town.task.id + 1}/evidence/{evidence.id}").status_code == 404
    stored = list((app.extensions["luoshi"]["settings"].var_dir / "evidence").rglob("*"))
    assert any(p.is_file() and p.name == evidence.stored_name for p in stored)
    assert "通知" not in evidence.stored_name


def test_a_bad_file_refuses_the_whole_entry(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    cases = [
        ((io.BytesIO(b"MZ\x90\x00 executable"), "setup.exe"), "类型不受支持"),
        ((io.BytesIO(b"<html><script>alert(1)</script>"), "photo.png"), "内容与扩展名"),
        ((io.BytesIO(b""), "empty.pdf"), "是空的"),
    ]
    for upload, message in cases:
        response = _progress(client, town.task, csrf_of(client), evidence=upload)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 0
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_files_over_the_size_limit_are_refused(town, app, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    app.extensions["luoshi"]["settings"] = app.extensions["luoshi"]["settings"].with_changes(max_upload_mb=1)
    client = sign_in(town.owner)
    big = PDF + b"0" * (1024 * 1024)
    response = _progress(client, town.task, csrf_of(client), evidence=(io.BytesIO(big), "大文件.pdf"))
    response.request.environ["wsgi.input"].close()  # werkzeug's test client spools big bodies to a file
    assert response.status_code == 400 and "超过 1 MB" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_a_request_larger_than_any_form_is_refused_with_413(town, app, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = _progress(client, town.task, csrf_of(client), evidence=(io.BytesIO(PDF * 100), "a.pdf"))
    assert response.status_code == 413 and "过大" in response.get_data(as_text=True)


def test_outsiders_viewers_and_leaders_cannot_file_progress(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    for person in (town.outsider, town.viewer, town.leader):
        client = sign_in(person)
        assert _progress(client, town.task, csrf_of(client)).status_code == 403
        assert "填报进展" not in client.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 0


def test_closing_needs_evidence_when_the_task_says_so(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    town.task.requires_evidence = True
    session.flush()
    client = sign_in(town.owner)
    close = {"csrf_token": csrf_of(client), "version_id": town.task.version_id}
    refused = client.post(f"/tasks/{town.task.id}/close", data=close)
    assert refused.status_code == 400 and "佐证材料" in refused.get_data(as_text=True)
    _progress(client, town.task, csrf_of(client), evidence=(io.BytesIO(PNG), "签到表.png"))
    session.expire_all()  # the request changed the task in its own session
    close["version_id"] = town.task.version_id
    assert client.post(f"/tasks/{town.task.id}/close", data=close).status_code == 302
    session.expire_all()
    assert town.task.status == TaskStatus.DONE and town.task.closed_by_id == town.owner.id
    assert "办结了任务" in client.get(f"/tasks/{town.task.id}").get_data(as_text=True)


def test_a_co_operating_unit_cannot_close(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.helper)
    response = client.post(
        f"/tasks/{town.task.id}/close",
        data={"csrf_token": csrf_of(client), "version_id": town.task.version_id},
    )
    assert response.status_code == 403 and "配合单位不能办结" in response.get_data(as_text=True)
    assert town.task.status != TaskStatus.DONE


def test_extension_request_and_approval_by_the_supervising_leader(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    owner = sign_in(town.owner)
    asked = owner.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(owner), "requested_deadline": "2026-08-31", "reason": "场地改造"},
    )
    assert asked.status_code == 302
    session.expire_all()
    assert town.task.deadline == date(2026, 6, 30)  # unchanged until approved
    (extension,) = town.task.extension_requests
    decide = f"/tasks/{town.task.id}/extensions/{extension.id}/decide"
    for stranger in (town.other_leader, town.owner, town.viewer):
        client = sign_in(stranger)
        assert (
            client.post(decide, data={"csrf_token": csrf_of(client), "decision": "approve"}).status_code
            == 403
        )
    assert extension.status == ExtensionStatus.PENDING
    leader = sign_in(town.leader)
    assert "批准延期" in leader.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    approved = leader.post(
        decide, data={"csrf_token": csrf_of(leader), "decision": "approve", "note": "同意"}
    )
    assert approved.status_code == 302
    session.expire_all()
    assert town.task.deadline == date(2026, 8, 31) and extension.decided_by_id == town.leader.id
    page = leader.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert "提交了延期申请：申请延期至2026年8月31日" in page
    assert "批准了延期申请：延期至2026年8月31日，说明：同意" in page


def test_a_refused_extension_leaves_the_deadline(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    owner = sign_in(town.owner)
    owner.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(owner), "requested_deadline": "2026-08-31", "reason": "人手不足"},
    )
    session.expire_all()
    (extension,) = town.task.extension_requests
    leader = sign_in(town.leader)
    leader.post(
        f"/tasks/{town.task.id}/extensions/{extension.id}/decide",
        data={"csrf_token": csrf_of(leader), "decision": "refuse", "note": "请按期完成"},
    )
    session.expire_all()
    assert extension.status == ExtensionStatus.REFUSED and town.task.deadline == date(2026, 6, 30)
    assert "未批准延期申请" in leader.get(f"/tasks/{town.task.id}").get_data(as_text=True)


def test_extensions_are_asked_before_the_deadline_only(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    town.task.deadline = date(2026, 2, 1)
    session.flush()
    owner = sign_in(town.owner)
    late = owner.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(owner), "requested_deadline": "2026-04-30", "reason": "晚了"},
    )
    assert late.status_code == 400 and "截止日期之前" in late.get_data(as_text=True)
    helper = sign_in(town.helper)
    town.task.deadline = date(2026, 6, 30)
    session.flush()
    refused = helper.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(helper), "requested_deadline": "2026-08-31", "reason": "配合"},
    )
    assert refused.status_code == 403


def test_unknown_task_is_a_404(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(town.viewer).get(f"/tasks/{town.task.id + 999}").status_code == 404
