"""CSRF refusal and escaping of whatever users type: titles, progress text, file names."""

import io

from sqlalchemy import func, select

from tracker.tasks.models import ProgressEntry

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_forms_without_a_csrf_token_are_refused(town, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    response = client.post(f"/tasks/{town.task.id}/progress", data={"text": "无令牌"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    forged = client.post(f"/tasks/{town.task.id}/progress", data={"text": "伪造", "csrf_token": "forged"})
    assert forged.status_code == 400
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 0


def test_logout_needs_a_csrf_token_too(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(town.owner).post("/logout").status_code == 400


def test_user_text_is_escaped_everywhere(town, session, make_task, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    evil = make_task(town.plan, XSS, lead_department=town.lead)
    client = sign_in(town.owner)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    response = client.post(
        f"/tasks/{evil.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": XSS,
            "evidence_description": XSS,
            "evidence": (io.BytesIO(png), "<svg onload=alert(1)>.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    for path in (f"/tasks/{evil.id}", "/", "/dashboard", "/calendar?month=2026-3"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page, path
    task_page = client.get(f"/tasks/{evil.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in task_page
    assert "&lt;svg onload=alert(1)&gt;.png" in task_page


def test_file_names_with_folders_keep_only_their_last_part(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    from tracker.tasks.models import Evidence

    client = sign_in(town.owner)
    pdf = b"%PDF-1.7\n"
    client.post(
        f"/tasks/{town.task.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": "上传",
            "evidence": (io.BytesIO(pdf), "..\\..\\etc/passwd.pdf"),
        },
        content_type="multipart/form-data",
    )
    (evidence,) = session.scalars(select(Evidence)).all()
    assert evidence.original_name == "passwd.pdf"
