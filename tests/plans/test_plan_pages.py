"""The plan pages as each role uses them: upload or paste, review and edit, confirm; refusals in Chinese."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.plans.directory import ensure_departments
from tests.plans.hostile_files import (
    claims_encryption,
    corrupt_deflate,
    lying_sizes,
    plan_docx,
    unknown_method,
)
from tracker.accounts.models import Role, User
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.plans.parsing import MAX_DOCUMENT_BYTES
from tracker.tasks.models import Indicator, Task

XSS = "<script>alert('x')</script>"


def token(page: str) -> str:
    match = re.search(r'name="[^"]*csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def people(make_user, make_department) -> dict[str, User]:  # type: ignore[no-untyped-def]
    office = make_department("法治办")
    return {
        "coordinator": make_user("fzb", Role.COORDINATOR, office),
        "leader": make_user("leader", Role.LEADER),
        "owner": make_user("owner", Role.OWNER, office),
        "viewer": make_user("inspector", Role.VIEWER),
    }


@pytest.fixture
def coordinator(sign_in, people):  # type: ignore[no-untyped-def]
    return sign_in(people["coordinator"])


@pytest.fixture
def upload(coordinator) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """POST /plans as the coordinator with a file (name, bytes) or pasted text, with a real CSRF token."""

    def send(name: str | None = None, data: bytes = b"", text: str = "", year: str = ""):  # type: ignore[no-untyped-def]
        form: dict[str, object] = {"csrf_token": token(coordinator.get("/plans").get_data(as_text=True))}
        form["text"], form["year"] = text, year
        if name is not None:
            form["document"] = FileStorage(io.BytesIO(data), filename=name)
        boundary, body = encode_multipart(form)  # in memory: the client's own temporary file would leak
        return coordinator.post("/plans", data=body, content_type=f"multipart/form-data; boundary={boundary}")

    return send


@pytest.fixture
def seed_plan(upload, session: Session, seed_report_path) -> Plan:  # type: ignore[no-untyped-def]
    ensure_departments(session)  # the units the seed's items are suggested
    response = upload("seed.txt", seed_report_path.read_bytes())
    assert response.status_code == 303, response.get_data(as_text=True)
    return session.get(Plan, int(response.headers["Location"].rsplit("/", 1)[1]))


def prefixed(prefix: str, **values: object) -> dict[str, object]:
    """Form fields as the page names them: each item's forms carry the item's prefix."""
    return {prefix + name: value for name, value in values.items()}


def stored(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Plan)) or 0


def post(client, url: str, data: dict[str, object] | None = None, page: str | None = None):  # type: ignore[no-untyped-def]
    source = client.get(page or url.split("/items")[0].split("/confirm")[0].split("/accept")[0]).get_data(
        as_text=True
    )
    return client.post(url, data={"csrf_token": token(source), **(data or {})})


@pytest.mark.parametrize("role", ["coordinator", "leader", "owner", "viewer"])
def test_everyone_signed_in_reads_the_plans_only_the_coordinator_uploads(
    sign_in, people, seed_plan, role
) -> None:
    client = sign_in(people[role])
    listing = client.get("/plans").get_data(as_text=True)
    review = client.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    assert "上义镇2025年法治政府建设年度报告" in listing and "进一步加强政务公开" in review
    assert ('enctype="multipart/form-data"' in listing) is (role == "coordinator")
    assert ("确认计划，生成任务" in review) is (role == "coordinator")


def test_signing_in_is_required(app, seed_plan) -> None:
    client = app.test_client()
    assert client.get("/plans").status_code == 302
    assert client.get(f"/plans/{seed_plan.id}").headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["leader", "owner", "viewer"])
def test_other_roles_cannot_change_anything(sign_in, people, seed_plan, session, role) -> None:
    client = sign_in(people[role])
    page = client.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    item = seed_plan.top_items[0]
    for url in (
        "/plans",
        f"/plans/{seed_plan.id}/confirm",
        f"/plans/{seed_plan.id}/accept",
        f"/plans/{seed_plan.id}/items",
        f"/plans/{seed_plan.id}/items/{item.id}",
        f"/plans/{seed_plan.id}/items/{item.id}/delete",
        f"/plans/{seed_plan.id}/items/{item.id}/split",
    ):
        response = client.post(url, data={"csrf_token": token(page), "title": "x"})
        assert response.status_code == 403, url
        assert "没有权限" in response.get_data(as_text=True)
    assert seed_plan.status is PlanStatus.DRAFT and stored(session) == 1


def test_upload_a_docx_and_paste_text(upload, session, document) -> None:
    docx = upload("清单.docx", document("county_task_list.docx"))
    pasted = upload(text="下一步工作打算\n一是加强普法宣传。二是推进政务公开。", year="2027")
    assert (docx.status_code, pasted.status_code) == (303, 303)
    plans = session.scalars(select(Plan).order_by(Plan.id)).all()
    assert [(p.source_filename, p.year, len(p.top_items)) for p in plans] == [
        ("清单.docx", 2026, 4),
        ("粘贴的文字.txt", 2027, 2),
    ]


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("empty.txt", b"", 400, "文件是空的"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), 400, "图片"),
        ("plan.docx", b"PK\x03\x04broken", 400, "损坏"),
        ("lying.docx", lying_sizes(20 * 1024 * 1024), 400, "损坏"),
        ("deflate.docx", corrupt_deflate(plan_docx()), 400, "损坏"),
        ("method.docx", unknown_method(plan_docx()), 400, "不支持的压缩方式"),
        ("locked.docx", claims_encryption(plan_docx()), 400, "已加密"),
        ("big.txt", b"a" * (MAX_DOCUMENT_BYTES + 10), 400, "10 MB"),
        ("scan.pdf", b"%PDF-1.4\n" + bytes(50 * 1024 * 1024), 400, "10 MB"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), 400, "另存为”.docx"),
        ("essay.txt", "春眠不觉晓，处处闻啼鸟。".encode(), 400, "未找到计划部分"),
        (None, b"", 400, "请选择"),
    ],
)
def test_bad_uploads_say_why_in_chinese_and_store_nothing(
    upload, session, name, data, status, message
) -> None:
    response = upload(name, data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert stored(session) == 0


def test_the_same_document_twice_is_a_conflict(upload, seed_plan, seed_report_path, session) -> None:
    response = upload("again.txt", seed_report_path.read_bytes())
    assert response.status_code == 409
    assert f"#{seed_plan.id}" in response.get_data(as_text=True)
    assert stored(session) == 1


def test_a_form_without_its_csrf_token_is_refused(coordinator, seed_plan, session) -> None:
    response = coordinator.post(f"/plans/{seed_plan.id}/confirm", data={})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert seed_plan.status is PlanStatus.DRAFT


def test_the_review_page_marks_each_item_in_the_source(coordinator, seed_plan) -> None:
    page = coordinator.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    for item in seed_plan.items:
        assert f'id="src-item-{item.id}"' in page and f'id="item-{item.id}"' in page
    assert page.count('data-problem="') >= 4
    record = "引导全镇党员干部准确理解其精神实质"  # last year's record, before the plan part
    assert record not in page and record in coordinator.get(f"/plans/{seed_plan.id}?full=1").get_data(
        as_text=True
    )
    assert page.count(">建议<") == len(seed_plan.items)


def test_edit_an_item_through_its_form(coordinator, seed_plan, people, session) -> None:
    item = seed_plan.top_items[0]
    prefix = f"i{item.id}-"
    response = post(
        coordinator,
        f"/plans/{seed_plan.id}/items/{item.id}",
        prefixed(
            prefix,
            title="深入开展农村普法",
            category="普法宣传",
            lead_units="法治办、党政办",
            support_units="司法所",
            owner_id=str(people["owner"].id),
            deadline="2026-11-30",
            every="quarter",
        ),
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    session.refresh(item)
    assert (item.title, item.lead_units, item.support_units) == (
        "深入开展农村普法",
        ["法治办", "党政办"],
        ["司法所"],
    )
    assert (item.owner, item.recurrence["every"], item.owners_suggested) == (
        people["owner"],
        "quarter",
        False,
    )


def test_a_bad_edit_is_refused_in_chinese(coordinator, seed_plan) -> None:
    item = seed_plan.top_items[0]
    prefix = f"i{item.id}-"
    fields = prefixed(prefix, title="标题", category="普法宣传", deadline="2026-13-45")
    response = post(coordinator, f"/plans/{seed_plan.id}/items/{item.id}", fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Not a valid" not in page and "日期" in page
    missing = post(
        coordinator,
        f"/plans/{seed_plan.id}/items/{item.id}",
        prefixed(prefix, title="标题", category="普法宣传"),
    )
    assert missing.status_code == 400 and "请填写完成时限" in missing.get_data(as_text=True)


def test_split_merge_add_delete_and_accept_through_the_page(coordinator, seed_plan, session) -> None:
    plan_url = f"/plans/{seed_plan.id}"
    first = seed_plan.top_items[0]
    split = post(coordinator, f"{plan_url}/items/{first.id}/split", {f"i{first.id}-split-at": "利用灵活多样"})
    assert split.status_code == 303
    assert post(coordinator, f"{plan_url}/items/{first.id}/merge").status_code == 303
    added = post(coordinator, f"{plan_url}/items", {"title": "组织宪法宣传周活动"})
    assert added.status_code == 303
    session.expire_all()
    new = session.scalar(select(PlanItem).where(PlanItem.title == "组织宪法宣传周活动"))
    assert new.parent_id is None and new.owners_suggested
    assert post(coordinator, f"{plan_url}/items/{new.id}/accept").status_code == 303
    assert post(coordinator, f"{plan_url}/items/{new.id}/delete").status_code == 303
    assert post(coordinator, f"{plan_url}/accept").status_code == 303
    session.expire_all()
    plan = session.get(Plan, seed_plan.id)
    assert len(plan.items) == 14 and not any(item.owners_suggested for item in plan.items)
    refused = post(coordinator, f"{plan_url}/items/{plan.top_items[-1].id}/merge")
    assert refused.status_code == 400 and "最后一项" in refused.get_data(as_text=True)


def test_indicators_are_added_with_last_years_baseline(coordinator, seed_plan, session) -> None:
    item = seed_plan.top_items[0]
    baseline = next(b for b in seed_plan.baselines if b.name == "法律明白人")
    prefix = f"i{item.id}-ind-"
    response = post(
        coordinator,
        f"/plans/{seed_plan.id}/items/{item.id}/indicators",
        prefixed(prefix, name="", unit="", target="40", baseline_id=str(baseline.id)),
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    indicator = session.scalar(select(Indicator).where(Indicator.plan_item_id == item.id))
    assert (indicator.name, indicator.unit, int(indicator.target), int(indicator.baseline_value)) == (
        "法律明白人",
        "名",
        40,
        32,
    )
    page = coordinator.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    assert "指标：法律明白人" in page
    deleted = post(coordinator, f"/plans/{seed_plan.id}/indicators/{indicator.id}/delete")
    assert deleted.status_code == 303
    assert session.scalar(select(func.count()).select_from(Indicator)) == 0


def test_figures_read_as_people_write_them(coordinator, seed_plan) -> None:
    """Stored as exact decimals (12.0000, 1E+2 once normalised), shown as 12 and 100."""
    item = seed_plan.top_items[0]
    lectures = next(b for b in seed_plan.baselines if b.unit == "场")
    post(
        coordinator,
        f"/plans/{seed_plan.id}/items/{item.id}/indicators",
        prefixed(f"i{item.id}-ind-", name="法治讲座", unit="场", target="12", baseline_id=str(lectures.id)),
    )
    page = coordinator.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    assert "指标：法治讲座（累计），目标 12场（2025年：10余场）" in page
    assert "<td>100%</td>" in page and "<td>97.9%</td>" in page
    assert "E+" not in page and "12.0000" not in page


def test_confirm_creates_the_tasks_with_the_assigned_person(coordinator, seed_plan, people, session) -> None:
    item = seed_plan.top_items[0]
    item.lead_units, item.owner = ["法治办"], people["owner"]
    session.flush()
    response = post(coordinator, f"/plans/{seed_plan.id}/confirm")
    assert response.status_code == 303
    tasks = session.scalars(select(Task).where(Task.plan_id == seed_plan.id).order_by(Task.id)).all()
    assert len(tasks) == 12 and tasks[0].owner == people["owner"]
    page = coordinator.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    assert f'href="/tasks/{tasks[0].id}"' in page and "确认计划，生成任务" not in page
    assert "共 14 个事项，已生成 12 项任务。" in page
    assert '<span class="badge" title=' not in page  # the suggestions kept are what the tasks now say
    again = post(coordinator, f"/plans/{seed_plan.id}/items/{item.id}/delete", page=f"/plans/{seed_plan.id}")
    assert again.status_code == 409 and "已确认" in again.get_data(as_text=True)


def test_user_text_is_escaped_everywhere(upload, coordinator, session) -> None:
    response = upload(text=f"{XSS}2026年工作计划\n一是{XSS}加强普法宣传。\n二是推进<b>政务公开</b>。")
    assert response.status_code == 303
    plan = session.scalars(select(Plan)).one()
    item = plan.top_items[1]
    prefix = f"i{item.id}-"
    post(
        coordinator,
        f"/plans/{plan.id}/items/{item.id}",
        prefixed(prefix, title=f"<img src=x onerror=alert(1)>{XSS}", category="其他", deadline="2026-12-31"),
    )
    for url in ("/plans", f"/plans/{plan.id}", f"/plans/{plan.id}?full=1"):
        page = coordinator.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>政务公开" not in page
        assert "&lt;script&gt;" in page


def test_the_original_file_can_be_downloaded(coordinator, seed_plan, seed_report_path) -> None:
    response = coordinator.get(f"/plans/{seed_plan.id}/source")
    assert response.status_code == 200 and response.data == seed_report_path.read_bytes()
    assert "attachment" in response.headers["Content-Disposition"]
    assert coordinator.get("/plans/9999").status_code == 404


def test_the_review_page_needs_the_same_queries_for_a_bigger_plan(
    coordinator, upload, database, count_queries
) -> None:
    def plan_text(count: int) -> str:
        items = "".join(
            f"（{'一二三四五六七八九十'[i % 10]}）第{i}项工作。开展活动{i}场。组织培训{i}次。\n"
            for i in range(count)
        )
        return f"2026年工作计划{count}\n" + items

    def queries(count: int) -> int:
        location = upload(text=plan_text(count)).headers["Location"]
        with count_queries(database.engine) as seen:
            assert coordinator.get(location).status_code == 200
        return seen

    few, many = queries(2), queries(9)
    assert len(few) == len(many), "\n".join(many)


def test_the_plan_pages_speak_english_on_request(coordinator, seed_plan) -> None:
    coordinator.get("/lang/en?next=/plans")
    page = coordinator.get(f"/plans/{seed_plan.id}").get_data(as_text=True)
    assert "Confirm the plan and create tasks" in page and "14 items; 12 will become tasks." in page
    assert "Import and review" in coordinator.get("/plans").get_data(as_text=True)


def test_every_string_of_the_plan_templates_has_an_english_translation() -> None:
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    from tracker.config import PROJECT_ROOT
    from tracker.web.translations import SOURCE_DIR

    wanted = {
        found[2]
        for found in extract_from_dir(
            str(PROJECT_ROOT / "templates"), method_map=[("plans/**.html", "jinja2")]
        )
    }
    with (SOURCE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        translated = {message.id for message in read_po(po) if message.id and message.string}
    assert wanted and wanted - translated == set()


def test_skipped_words_are_greyed_with_their_reason_and_can_be_added(coordinator, seed_plan, session) -> None:
    plan_url = f"/plans/{seed_plan.id}"
    page = coordinator.get(plan_url).get_data(as_text=True)
    assert "原文中有 3 段文字未作为事项" in page
    assert page.count('class="src-skipped depth-1"') == 3
    assert "〔未作为事项：引导语：说明计划的背景、要求或目标，没有具体任务〕" in page
    assert "粤公网安备" in page  # the footer after the last item is shown too, greyed
    start, end = seed_plan.skipped[1]["span"]
    added = post(coordinator, f"{plan_url}/skipped", {"start": start, "end": end})
    assert added.status_code == 303
    session.expire_all()
    plan = session.get(Plan, seed_plan.id)
    assert plan.top_items[0].text.startswith("上义镇将继续认真贯彻") and len(plan.skipped) == 2
    again = post(coordinator, f"{plan_url}/skipped", {"start": start, "end": end})
    assert again.status_code == 400 and "可能已经加入" in again.get_data(as_text=True)
    assert post(coordinator, f"{plan_url}/skipped", {"start": "x"}).status_code == 400


def test_fold_children_and_change_the_year_through_the_page(coordinator, seed_plan, session) -> None:
    plan_url = f"/plans/{seed_plan.id}"
    openness = seed_plan.top_items[1]
    assert "合并为一项任务" in coordinator.get(plan_url).get_data(as_text=True)
    assert post(coordinator, f"{plan_url}/items/{openness.id}/fold").status_code == 303
    assert post(coordinator, f"{plan_url}/year", {"year": "2027"}).status_code == 303
    session.expire_all()
    plan = session.get(Plan, seed_plan.id)
    assert plan.year == 2027 and len(plan.items) == 6
    assert {item.deadline.year for item in plan.items} == {2027}
    refused = post(coordinator, f"{plan_url}/year", {"year": "1899"})
    assert refused.status_code == 400 and "计划年度须在 2000 至 2100 之间" in refused.get_data(as_text=True)
    post(coordinator, f"{plan_url}/confirm")
    late = post(coordinator, f"{plan_url}/year", {"year": "2026"})
    assert late.status_code == 409 and "已确认" in late.get_data(as_text=True)
