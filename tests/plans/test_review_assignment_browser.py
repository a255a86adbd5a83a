"""Assigning in review, in Chromium at 1366 and 390 px: units only from the town's list (a new one only
through 新建单位, asked first), the 责任人 list narrowed to the lead unit, several items at once; and the
task page's pickers. Screenshots under test-output/plans/."""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.models import Task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True),
]
PASSWORD = "review-assign-5"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _person(session: Session, username: str, name: str, role: Role, unit: Department | None = None) -> User:
    with session.no_autoflush:  # people made a moment ago are added to the session together, later
        organisation_id = sole_organisation(session).id
    user = User(
        organisation_id=organisation_id,
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
    """司法所 (张责任, 王分管 supervises) and 党政办 (陈干事); a draft whose first item names 党建办, which
    the town has not set up; a confirmed plan's task for the task page."""
    with live_site.database.unit_of_work() as session:
        leader = _person(session, "wang", "王分管", Role.LEADER)
        justice, office = (
            Department(organisation_id=sole_organisation(session).id, name="司法所", leader=leader),
            Department(organisation_id=sole_organisation(session).id, name="党政办"),
        )
        session.add_all([leader, justice, office, _person(session, "li", "李协调", Role.COORDINATOR)])
        session.add_all(
            [
                _person(session, "zhang", "张责任", Role.OWNER, justice),
                _person(session, "chen", "陈干事", Role.OWNER, office),
            ]
        )
        session.add(_person(session, "zhao", "赵督察", Role.VIEWER))
        draft = new_plan(session, title="2027年度法治政府建设工作要点")
        titles = ("加强党建引领法治建设", "开展法治讲座", "培育法律明白人")
        for position, title in enumerate(titles):
            session.add(
                PlanItem(
                    plan=draft,
                    position=position,
                    title=title,
                    text=title,
                    category="普法宣传",
                    lead_units=["党建办"] if position == 0 else ["司法所"],
                    deadline=date(2026, 12, 31),
                )
            )
        confirmed = new_plan(session, confirmed=True)
        item = PlanItem(plan=confirmed, position=0, title="开展宪法宣传周活动", text="开展宪法宣传周活动")
        session.add_all([draft, confirmed, item])
        session.flush()
        task = Task(plan_id=confirmed.id, plan_item=item, title=item.title, deadline=date(2026, 12, 7))
        session.add(task)
        session.flush()
        return {"draft": draft.id, "task": task.id, "items": [i.id for i in draft.items]}


def _offered(page: Page, select: str) -> list[str]:
    """The names a 责任人 list offers now (what pickers.js leaves visible and enabled)."""
    shown = "o => o.index > 0 && !o.hidden && !o.disabled"
    script = f"s => Array.from(s.options).filter({shown}).map(o => o.text.trim())"
    return page.eval_on_selector(select, script)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_assigns_in_review(live_site: LiveSite, tab: Tab, town, width: str) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    tab.sign_in("li", PASSWORD)
    tab.open(f"/plans/{town['draft']}")
    first = page.locator(f"#item-{town['items'][0]}")
    expect(first.locator(".unknown-units")).to_contain_text("以下单位尚未建立")
    tab.shoot(f"{width}-unknown-unit", full_page=False)
    page.once("dialog", lambda dialog: dialog.accept())  # 新建单位 asks first
    first.locator("button:has-text('新建单位「党建办」')").click()
    expect(page.locator(".flash")).to_contain_text("已新建单位「党建办」")
    expect(page.locator(".unknown-units")).to_have_count(0)

    second = page.locator(f"#item-{town['items'][1]}")
    second.locator("summary").click()
    edit = second.locator("form.item-form")
    assert _offered(page, f"#item-{town['items'][1]} select[name$=-owner_id]") == ["张责任"]
    edit.locator("input[name$=-lead_units]").fill("党政办")
    edit.locator("input[name$=-lead_units]").dispatch_event("input")
    assert _offered(page, f"#item-{town['items'][1]} select[name$=-owner_id]") == ["陈干事"]
    tab.shoot(f"{width}-owner-list-follows-the-unit", full_page=False)

    bulk = page.locator("#bulk-form")
    for item_id in town["items"][1:]:
        page.locator(f"#item-{item_id} input.bulk-pick").check()
    bulk.locator("select[name=owner_id]").select_option(label="陈干事")  # 党政办: not these items' unit
    bulk.locator("button[type=submit]").click()
    owner = page.locator("#bulk-form select[name=owner_id]")
    expect(page.locator("#" + (owner.get_attribute("aria-describedby") or "none"))).to_have_text(
        "「开展法治讲座」：「陈干事」属于党政办，不是牵头单位司法所的成员；责任人须为牵头单位的成员。"
    )
    for item_id in town["items"][1:]:
        expect(page.locator(f"#item-{item_id} input.bulk-pick")).to_be_checked()
    tab.shoot(f"{width}-bulk-refused", full_page=False)

    bulk = page.locator("#bulk-form")
    bulk.locator("input[name=lead_units]").fill("司法所")
    bulk.locator("input[name=lead_units]").dispatch_event("input")
    assert _offered(page, "#bulk-form select[name=owner_id]") == ["张责任"]
    bulk.locator("select[name=owner_id]").select_option(label="张责任")
    bulk.locator("input[name=deadline]").fill("2026-09-30")
    bulk.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("已为 2 个事项统一设置。")
    for item_id in town["items"][1:]:
        expect(page.locator(f"#item-{item_id} .facts")).to_contain_text("责任人：张责任")
        expect(page.locator(f"#item-{item_id} .facts")).to_contain_text("2026年9月30日")
    assert page.evaluate(
        "document.querySelector('#bulk-form').getBoundingClientRect().right <= window.innerWidth"
    )
    tab.shoot(f"{width}-bulk-applied", full_page=False)


def test_the_task_page_offers_the_lead_unit_s_people(live_site: LiveSite, tab: Tab, town) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    page.set_viewport_size(WIDTHS["desktop"])
    tab.sign_in("li", PASSWORD)
    tab.open(f"/tasks/{town['task']}")
    form = page.locator("#assign-form")
    assert sorted(_offered(page, "#assign-form select[name=owner_id]")) == ["张责任", "陈干事"]  # no unit yet
    form.locator("select[name=lead_department_id]").select_option(label="司法所")
    assert _offered(page, "#assign-form select[name=owner_id]") == ["张责任"]
    form.locator(".picker-search").first.fill("党")  # the unit list narrows as one types
    assert _offered(page, "#assign-form select[name=lead_department_id]") == ["党政办"]
    form.locator("select[name=owner_id]").select_option(label="张责任")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_have_text("任务分配已保存。")
    expect(page.locator("dl.facts")).to_contain_text("张责任")
    tab.shoot("task-page-assigned", full_page=False)
