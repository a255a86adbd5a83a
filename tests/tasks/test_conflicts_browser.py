"""The percent conflict as the later filer sees it in Chromium, at 1366 and 390 px: the entry saved,
the note beside 完成比例 with both values, and one click to take theirs after all."""

from __future__ import annotations

from datetime import date

import pytest
from browser import LiveSite, Tab
from playwright.sync_api import expect
from sqlalchemy import select

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import Task
from tracker.tasks.progress import ProgressReport, file_progress

pytestmark = pytest.mark.integration
PASSWORD = "conflict-walk-4"


@pytest.fixture
def shared_task(live_site: LiveSite, new_plan) -> int:  # type: ignore[no-untyped-def]
    with live_site.database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        for username, name in (("zhang", "张三"), ("chen", "陈六")):
            person = User(
                organisation_id=sole_organisation(session).id,
                username=username,
                display_name=name,
                role=Role.OWNER,
                department=unit,
            )
            set_password(person, PASSWORD)
            session.add(person)
        plan = new_plan(session, confirmed=True)
        item = PlanItem(plan=plan, title="开展法治讲座", text="开展法治讲座", position=0)
        session.add_all([unit, plan, item])
        session.flush()
        task = Task(plan_id=plan.id, plan_item=item, title="开展法治讲座", lead_department=unit, percent=30)
        session.add(task)
        session.flush()
        return task.id


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_later_filer_is_told_beside_the_percent_and_settles_it(
    width: int, tab: Tab, live_site: LiveSite, shared_task: int
) -> None:
    page = tab.page
    page.set_viewport_size({"width": width, "height": 900})
    tab.sign_in("zhang", PASSWORD)
    tab.open(f"/tasks/{shared_task}")  # 张三 opens the task at 30%

    with live_site.database.unit_of_work() as session:  # 陈六, at another desk, files 80% meanwhile
        chen = session.scalars(select(User).where(User.username == "chen")).one()
        report = ProgressReport(text="完成八成", entry_date=date(2026, 11, 26), percent=80)
        store = EvidenceStore(live_site.settings.var_dir / "evidence")
        task = session.get_one(Task, shared_task)
        file_progress(
            session, task, report, by=chen, today=date(2026, 11, 26), store=store, max_upload_bytes=1
        )

    page.fill("#progress-form textarea[name=text]", "完成四成")
    page.fill("#progress-form input[name=percent]", "40")
    page.click("#progress-form button[type=submit]")
    note = page.locator("#error-percent")
    expect(note).to_contain_text("80%")
    expect(note).to_contain_text("40%")
    expect(page.locator("article.entry").first).to_contain_text("完成四成")
    tab.shoot(f"told-beside-the-percent-{width}", full_page=False)
    page.click("#percent-form button:has-text('改为 40%')")
    expect(page.locator(".flash")).to_contain_text("完成比例已改为 40%")
    expect(page.locator("#error-percent")).to_have_count(0)
    tab.shoot(f"settled-{width}", full_page=False)
