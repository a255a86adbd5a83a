"""The reminder pages in real Chromium: the coordinator reads the outbox and sends a failed mail
again; an owner pauses due-soon mail in the settings; the pause link of an email works for someone
who is not signed in, asking before it pauses anything."""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus, ReminderPreference
from tracker.reminders.sending import send_pending
from tracker.reminders.unsubscribe import pause_url
from tracker.tasks.models import Task

pytestmark = pytest.mark.integration
PASSWORD = "reminder-pages-3"
TODAY = date(2026, 11, 26)


def _person(session: Session, username: str, name: str, role: Role, unit: Department | None = None) -> User:
    user = User(
        organisation_id=sole_organisation(session).id,
        username=username,
        display_name=name,
        role=role,
        department=unit,
    )
    user.email = f"{username}@town.example"
    set_password(user, PASSWORD)
    return user


@pytest.fixture
def people(live_site: LiveSite, new_plan) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A coordinator, and an owner of 司法所 whose task is due tomorrow; today's mail is written to
    the file outbox and the owner's copy then failed, as after a server that kept refusing it."""
    with live_site.database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        coordinator = _person(session, "fzb", "李协调（法治办）", Role.COORDINATOR)
        owner = _person(session, "zhang", "张责任（司法所）", Role.OWNER, unit)
        plan = new_plan(session, confirmed=True)  # reminders speak of active plans only
        item = PlanItem(plan=plan, title="开展民法典宣传", text="开展民法典宣传", position=0)
        session.add_all([unit, coordinator, owner, plan, item])
        session.flush()
        session.add(
            Task(
                plan_id=plan.id,
                plan_item=item,
                title="开展民法典宣传",
                deadline=date(2026, 11, 27),
                owner=owner,
                lead_department=unit,
            )
        )
        session.flush()
        run_cycle(session, live_site.settings, TODAY)
        ids = {"coordinator": coordinator.id, "owner": owner.id}
    send_pending(live_site.database, live_site.settings)
    with live_site.database.unit_of_work() as session:
        failed = session.scalar(select(Delivery).where(Delivery.recipient_id == ids["owner"]))
        failed.status, failed.last_error = DeliveryStatus.FAILED, "550 5.1.1 mailbox unavailable"
    return ids


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_the_coordinator_sends_a_failed_mail_again(live_site: LiveSite, tab: Tab, people) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    tab.sign_in("fzb", PASSWORD)
    page.click("nav.mainnav >> text=提醒")
    row = page.locator("tr.status-failed")
    expect(row).to_contain_text("张责任（司法所） <zhang@town.example>")
    expect(row.locator(".error-text")).to_have_text("550 5.1.1 mailbox unavailable")
    expect(page.locator("ul.files li")).to_have_count(1)  # the file outbox holds the .eml that went out
    tab.shoot("outbox-with-a-failure")
    row.locator("button:has-text('重试')").click()
    expect(page.locator(".flash")).to_have_text("已将发给 zhang@town.example 的邮件重新排队发送。")
    expect(page.locator("tr.status-failed")).to_have_count(0)
    tab.shoot("outbox-after-retry")
    with live_site.database.unit_of_work() as session:
        retried = session.scalar(select(Delivery).where(Delivery.recipient_id == people["owner"]))
        assert (retried.status, retried.attempts) == (DeliveryStatus.PENDING, 0)


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_pausing_from_the_settings_and_from_an_email_link(live_site: LiveSite, tab: Tab, people) -> None:  # type: ignore[no-untyped-def]
    page = tab.page
    tab.sign_in("zhang", PASSWORD)
    tab.open("/reminders/preferences")
    expect(page.locator("input[name=pause_weekly]")).to_have_count(0)  # only coordinators get it
    page.check("input[name=pause_due_soon]")
    tab.shoot("preferences")
    page.click("button:has-text('保存')")
    expect(page.locator(".flash")).to_have_text("提醒设置已保存。逾期督办和任务通知始终发送。")
    expect(page.locator("input[name=pause_due_soon]")).to_be_checked()
    tab.sign_out()

    tab.page.goto(
        pause_url(live_site.settings, people["coordinator"], "weekly").replace(
            live_site.settings.base_url, live_site.url
        )
    )
    expect(page.locator("section.pause p").first).to_have_text(
        "确定为 李协调（法治办） 暂停每周督办汇总吗？逾期督办和任务通知不能暂停。"
    )
    tab.shoot("pause-link-asks")
    page.click("button:has-text('确认暂停')")
    expect(page.locator("section.pause p").first).to_contain_text("已为 李协调（法治办） 暂停每周督办汇总")
    tab.shoot("pause-link-done")
    with live_site.database.unit_of_work() as session:
        paused = {
            p.user_id: (p.pause_due_soon, p.pause_weekly) for p in session.scalars(select(ReminderPreference))
        }
        assert paused == {people["owner"]: (True, False), people["coordinator"]: (False, True)}
