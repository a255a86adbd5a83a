"""Every form, refused in real Chromium: the page comes back with the message beside the field and what
was typed still there (a file input says to choose the file again). The owner's forms are tried on a
phone's 390 px as well as at 1366 px; screenshots under test-output/web/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import Locator, expect
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.models import Indicator, Task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True),
]
PASSWORD = "form-refusals-7"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _person(session: Session, username: str, name: str, role: Role, unit: Department | None = None) -> User:
    user = User(
        organisation_id=sole_organisation(session).id,
        username=username,
        display_name=name,
        role=role,
        department=unit,
        email=f"{username}@town.example",
    )
    set_password(user, PASSWORD)
    return user


@pytest.fixture
def town(live_site: LiveSite, new_plan) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """司法所 leads a task due 2026-12-20 that needs evidence to close, with a 场 indicator; a draft
    plan waits for review."""
    with live_site.database.unit_of_work() as session:
        leader = _person(session, "wang", "王分管", Role.LEADER)
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所", leader=leader)
        office = Department(organisation_id=sole_organisation(session).id, name="党政办")
        owner = _person(session, "zhang", "张责任", Role.OWNER, unit)
        session.add_all([leader, unit, office, owner, _person(session, "li", "李协调", Role.COORDINATOR)])
        session.add(_person(session, "chen", "陈干事", Role.OWNER, office))
        plan = new_plan(session, confirmed=True)
        item = PlanItem(plan=plan, title="开展法治讲座", text="开展法治讲座", position=0)
        draft = new_plan(session, title="2027年度工作要点")
        draft_item = PlanItem(plan=draft, title="推进行政执法公示", text="推进行政执法公示", position=0)
        session.add_all([plan, item, draft, draft_item])
        session.flush()
        task = Task(
            plan_id=plan.id,
            plan_item=item,
            title="开展法治讲座",
            deadline=date(2026, 12, 20),
            owner=owner,
            lead_department=unit,
            requires_evidence=True,
        )
        session.add_all([task, Indicator(plan_item_id=item.id, name="法治讲座", unit="场")])
        session.flush()
        return {"task": task.id, "draft": draft.id, "draft_item": draft_item.id}


def _beside(field: Locator) -> Locator:
    """The message shown beside an input: the element its aria-describedby names."""
    expect(field).to_have_attribute("aria-invalid", "true")
    return field.page.locator("#" + (field.get_attribute("aria-describedby") or "missing"))


def _fits(form: Locator) -> None:
    """The form and its messages lie within the window: usable on a phone without sideways scrolling."""
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= form.page.viewport_size["width"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_owner_s_forms_come_back_filled_in(
    live_site: LiveSite, tab: Tab, town, width: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    tab.sign_in("zhang", PASSWORD)
    tab.open(f"/tasks/{town['task']}")
    progress = page.locator("#progress-form")

    progress.locator("textarea[name=text]").fill("到三个村开展宣讲，发放资料200份")
    progress.locator("input[name^=increment-]").fill("三场")
    progress.locator("input[name=evidence_description]").fill("宣讲照片")
    progress.locator("button[type=submit]").click()
    expect(_beside(progress.locator("input[name^=increment-]"))).to_contain_text("「三场」不是有效的数字")
    expect(progress.locator("textarea[name=text]")).to_have_value("到三个村开展宣讲，发放资料200份")
    expect(progress.locator("input[name=evidence_description]")).to_have_value("宣讲照片")
    expect(page.locator("#refused-banner")).to_be_visible()
    _fits(progress)
    tab.shoot(f"{width}-progress-figure-refused", full_page=False)

    fake = tmp_path / "签到表.png"
    fake.write_bytes(b"<html>not a picture</html>")
    progress.locator("input[name^=increment-]").fill("3")
    progress.locator("input[type=file]").set_input_files(str(fake))
    progress.locator("button[type=submit]").click()
    expect(_beside(progress.locator("input[type=file]"))).to_contain_text("内容与扩展名 .png 不符")
    expect(progress.locator(".file-again")).to_contain_text("请重新选择文件")
    expect(progress.locator("textarea[name=text]")).to_have_value("到三个村开展宣讲，发放资料200份")
    expect(progress.locator("input[name^=increment-]")).to_have_value("3")
    tab.shoot(f"{width}-progress-file-refused", full_page=False)

    extension = page.locator("#extension-form")
    extension.locator("input[name=requested_deadline]").fill("2026-12-01")
    extension.locator("textarea[name=reason]").fill("宣讲场地年底前无法落实")
    extension.locator("button[type=submit]").click()
    expect(_beside(extension.locator("input[name=requested_deadline]"))).to_have_text(
        "申请的新截止日期必须晚于当前截止日期。"
    )
    expect(extension.locator("textarea[name=reason]")).to_have_value("宣讲场地年底前无法落实")
    _fits(extension)
    tab.shoot(f"{width}-extension-refused", full_page=False)

    close = page.locator("#close-form")
    close.locator("input[name=note]").fill("讲座已全部完成")
    page.once("dialog", lambda dialog: dialog.accept())  # 办结 asks first
    close.locator("button[type=submit]").click()
    expect(close.locator(".form-error")).to_contain_text("请先上传至少一份佐证材料")
    expect(close.locator("input[name=note]")).to_have_value("讲座已全部完成")
    _fits(close)
    tab.shoot(f"{width}-close-refused", full_page=False)


def test_the_coordinator_s_forms_come_back_filled_in(live_site: LiveSite, tab: Tab, town) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    page.set_viewport_size(WIDTHS["desktop"])
    tab.sign_in("li", PASSWORD)

    tab.open("/admin/users")
    new_user = page.locator("#new-user")
    new_user.locator("input[name=username]").fill("zhang")
    new_user.locator("input[name=display_name]").fill("张新来")
    new_user.locator("input[name=email]").fill("zhangxin@town.example")
    new_user.locator("select[name=role]").select_option("leader")
    new_user.locator("input[name=password]").fill("long-enough-1")
    new_user.locator("button[type=submit]").click()
    expect(_beside(new_user.locator("input[name=username]"))).to_have_text("用户名「zhang」已被使用。")
    expect(new_user.locator("input[name=display_name]")).to_have_value("张新来")
    expect(new_user.locator("select[name=role]")).to_have_value("leader")
    tab.shoot("users-duplicate-name", full_page=False)

    tab.open("/admin/departments")
    new_unit = page.locator("#new-department")
    new_unit.locator("input[name=name]").fill("司法所")
    new_unit.locator("select[name=leader_id]").select_option(label="王分管")
    new_unit.locator("button[type=submit]").click()
    expect(_beside(new_unit.locator("input[name=name]"))).to_have_text("单位「司法所」已存在。")
    expect(new_unit.locator("select[name=leader_id] option:checked")).to_have_text("王分管")
    tab.shoot("departments-duplicate-name", full_page=False)

    tab.open(f"/tasks/{town['task']}")
    assign = page.locator("#assign-form")
    assign.locator("input[name=deadline]").fill("2026-12-31")
    assign.locator("input[name=ongoing]").check()
    assign.locator("button[type=submit]").click()
    expect(_beside(assign.locator("input[name=deadline]"))).to_have_text("长期任务不设截止日期，请二选一。")
    expect(assign.locator("input[name=deadline]")).to_have_value("2026-12-31")
    expect(assign.locator("input[name=ongoing]")).to_be_checked()
    tab.shoot("assign-refused", full_page=False)

    tab.open(f"/plans/{town['draft']}")
    item = page.locator(f"#item-{town['draft_item']}")
    item.locator("summary").click()
    edit = item.locator("form.item-form")
    edit.locator("input[name$=-title]").fill("   ")
    edit.locator("input[name$=-lead_units]").fill("司法所、党政办")
    edit.locator("button[type=submit]").click()
    item = page.locator(f"#item-{town['draft_item']}")
    expect(item.locator("details.edit")).to_have_attribute("open", "")
    expect(_beside(item.locator("input[name$=-title]"))).to_have_text("请填写标题")
    expect(item.locator("input[name$=-lead_units]")).to_have_value("司法所、党政办")
    tab.shoot("review-item-refused", full_page=False)

    tab.open("/plans")
    upload = page.locator("#upload-form")
    upload.locator("input[name=year]").fill("2027")
    upload.locator("button[type=submit]").click()
    expect(_beside(upload.locator("input[name=document]"))).to_contain_text(
        "请选择一个 .txt、.docx、.xlsx 或 .pdf 文件"
    )
    expect(upload.locator("input[name=year]")).to_have_value("2027")
    tab.shoot("upload-refused", full_page=False)
