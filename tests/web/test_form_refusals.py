"""A refused form comes back as its page, filled in as it was typed, with the message beside the field
it is about and the refusal's 4xx status; API clients get JSON naming the field; nothing is kept."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.tasks.models import Evidence, ProgressEntry


def _field_with_error(page: str, name: str) -> str:
    """The message shown right after the input (or textarea/select) named `name`."""
    match = re.search(
        rf'name="{re.escape(name)}"[^>]*aria-invalid="true"[^>]*>(?:[^<]*</textarea>)?[^<]*'
        rf'(?:<small>[^<]*</small>)?<span class="field-error" id="[^"]+" role="alert">([^<]+)</span>',
        page,
    )
    assert match, f"no message beside {name}"
    return match.group(1)


def test_a_refused_progress_entry_keeps_what_was_typed(town, make_indicator, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    lectures = make_indicator(town.task)
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": "走访村居开展宣讲",
            "percent": "35",
            f"increment-{lectures.id}": "三场",
            "evidence_description": "现场照片",
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "不是有效的数字" in _field_with_error(page, f"increment-{lectures.id}")
    assert ">走访村居开展宣讲</textarea>" in page
    assert 'name="percent" min="0" max="100" value="35"' in page
    assert 'value="现场照片"' in page
    assert 'value="三场"' in page
    assert "您填写的内容已保留" in page  # the banner at the top says why the page came back
    assert session.scalar(select(func.count()).select_from(ProgressEntry)) == 0


def test_a_refused_file_must_be_chosen_again_and_the_text_stays(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/progress",
        data={
            "csrf_token": csrf_of(client),
            "text": "组织专题学习",
            "evidence": (io.BytesIO(b"<html>not a picture</html>"), "签到表.png"),
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "内容与扩展名 .png 不符" in _field_with_error(page, "evidence")
    assert "请重新选择文件" in page and "签到表.png" in page
    assert ">组织专题学习</textarea>" in page
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0


def test_a_future_date_and_an_empty_text_are_named_beside_their_fields(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    future = client.post(
        f"/tasks/{town.task.id}/progress",
        data={"csrf_token": csrf_of(client), "text": "已完成", "entry_date": "2027-01-05"},
        content_type="multipart/form-data",
    )
    assert future.status_code == 400
    assert _field_with_error(future.get_data(as_text=True), "entry_date") == "进展日期不能晚于今天。"
    empty = client.post(
        f"/tasks/{town.task.id}/progress",
        data={"csrf_token": csrf_of(client), "text": "  ", "percent": "20"},
        content_type="multipart/form-data",
    )
    assert _field_with_error(empty.get_data(as_text=True), "text") == "请填写进展情况。"


def test_an_extension_for_an_earlier_date_keeps_the_reason(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(client), "requested_deadline": "2026-05-01", "reason": "场地冲突"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _field_with_error(page, "requested_deadline") == "申请的新截止日期必须晚于当前截止日期。"
    assert 'value="2026-05-01"' in page and ">场地冲突</textarea>" in page


def test_closing_without_evidence_says_so_above_the_button(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    town.task.requires_evidence = True
    session.flush()
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/close",
        data={"csrf_token": csrf_of(client), "version_id": town.task.version_id, "note": "已全部完成"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    close_form = page[page.index('id="close-form"') :]
    assert re.search(r'<p class="form-error" role="alert">[^<]*佐证材料[^<]*</p>\s*<button', close_form)
    assert 'value="已全部完成"' in close_form


def test_a_refusal_about_a_form_no_longer_on_the_page_is_shown_at_its_top(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.helper)  # a co-operating unit has no 办结 form
    response = client.post(
        f"/tasks/{town.task.id}/close",
        data={"csrf_token": csrf_of(client), "version_id": town.task.version_id},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert re.search(r'<p class="flash flash-error" role="alert">[^<]*配合单位不能办结[^<]*</p>', page)


def test_a_duplicate_user_name_keeps_the_new_person_s_details(town, session, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client),
            "username": "zhang",
            "display_name": "张新",
            "email": "zhangxin@town.example",
            "role": "leader",
            "department_id": str(town.support.id),
            "password": "long-enough-1",
        },
    )
    page = response.get_data(as_text=True)
    new_user = page[page.index('id="new-user"') :]
    assert response.status_code == 400
    assert _field_with_error(new_user, "username") == "用户名「zhang」已被使用。"
    assert 'value="张新"' in new_user and 'value="zhangxin@town.example"' in new_user
    assert '<option value="leader" selected>' in new_user
    assert f'<option value="{town.support.id}" selected>' in new_user
    assert 'value="long-enough-1"' not in page  # a password is never sent back
    assert session.scalar(select(func.count()).select_from(User).where(User.display_name == "张新")) == 0


def test_only_the_refused_row_comes_back_filled_in(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    response = client.post(
        f"/admin/users/{town.owner.id}",
        data={
            "csrf_token": csrf_of(client),
            "username": "zhang",
            "display_name": "张三改",
            "email": "not-an-address",
            "role": "owner",
            "is_active": "1",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    row = page[page.index(f'id="user-{town.owner.id}"') :]
    row = row[: row.index("</form>")]
    assert (_field_with_error(row, "email") or "").startswith("邮箱地址「not-an-address」格式不正确")
    assert 'value="张三改"' in row
    assert page.count('class="field-error"') == 1
    assert f'value="{town.helper.display_name}"' in page  # the other rows show what is stored


def test_api_clients_get_json_naming_the_field(town, sign_in, csrf_of):  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/extensions",
        data={"csrf_token": csrf_of(client), "requested_deadline": "2026-07-30", "reason": " "},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.get_json() == {"error": "请填写延期理由。", "status": 400, "field": "reason"}
