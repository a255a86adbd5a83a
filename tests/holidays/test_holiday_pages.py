"""`/admin/holidays`: a coordinator enters a year's schedule from the notice (in a county, the county's
coordinator: every town follows it, and a town's coordinator only reads it); everyone is told when a
year's schedule is missing; the board, calendar and reminders count working days by it."""

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

from tests.holidays.notices import NOTICE_2027
from tracker import calendar
from tracker.audit import AuditEvent
from tracker.holidays.models import HolidayYear

NOTICE_NAME = "国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture
def december(app):  # type: ignore[no-untyped-def]
    """The site on 2026-12-01: next year's schedule is due."""
    luoshi = app.extensions["luoshi"]
    luoshi["settings"] = dataclasses.replace(luoshi["settings"], today="2026-12-01")
    return app


def _enter(client, csrf_of, text: str = NOTICE_2027, notice: str = NOTICE_NAME):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf_of(client, "/admin/holidays"), "year": "2027", "notice": notice, "text": text}
    return client.post("/admin/holidays", data=data)


def test_the_page_says_where_each_years_working_days_come_from(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.coordinator).get("/admin/holidays").get_data(as_text=True)
    assert page.count("官方安排（chinesecalendar）") == 2  # 2025 and 2026
    assert "未知：按周一至周五" in page
    assert "2027年的工作日暂按周一至周五计算：元旦、春节等假日会被当作工作日" in page  # the reason
    assert '<option value="2027" selected>2027年</option>' in page
    assert 'id="read-only"' not in page  # a town on its own enters its schedule itself


def test_a_coordinator_enters_next_years_schedule_and_it_is_used_and_recorded(  # type: ignore[no-untyped-def]
    town, session, sign_in, csrf_of
) -> None:
    client = sign_in(town.coordinator)
    response = _enter(client, csrf_of, "各部门：\n" + NOTICE_2027)
    assert response.status_code == 302
    page = client.get("/admin/holidays").get_data(as_text=True)
    assert "已保存2027年节假日安排：7 条，放假 29 天，调休上班 5 天。另有 1 行不是节日安排，未读取。" in page
    assert "人工录入" in page and NOTICE_NAME in page
    assert "<td>春节</td>" in page and "2月5日–2月13日（9 天）" in page and "2月20日" in page
    assert not calendar.is_workday(date(2027, 1, 1)) and calendar.holiday_name(date(2027, 2, 8)) == "春节"
    assert calendar.is_workday(date(2027, 2, 20))  # 调休上班 on a Saturday
    entry = session.get(HolidayYear, 2027)
    assert entry.entered_by == town.coordinator and len(entry.days) == 34
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "holidays.entered")).one()
    assert event.actor_id == town.coordinator.id and event.note == NOTICE_NAME
    assert "2027-01-01" in event.changes["放假"] and event.changes["调休上班"][0] == "2027-02-20"


def test_a_wrong_notice_is_refused_beside_the_form_with_what_was_typed_kept(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    wrong = NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）")
    response = _enter(client, csrf_of, wrong)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "第1行（元旦）：1月1日是周五，原文写的是周四" in page
    assert "1月1日（周四）至3日（周日）" in page and f'value="{NOTICE_NAME}"' in page  # kept
    assert not calendar.covers(2027)
    empty = _enter(client, csrf_of, "", notice="")
    assert empty.status_code == 400
    assert "请填写通知名称或文号" in empty.get_data(as_text=True)


def test_only_coordinators_enter_schedules(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    for person in (town.owner, town.leader, town.viewer):
        client = sign_in(person)
        assert client.get("/admin/holidays").status_code == 403
        token = csrf_of(client)
        data = {"csrf_token": token, "year": "2027", "notice": NOTICE_NAME, "text": NOTICE_2027}
        assert client.post("/admin/holidays", data=data).status_code == 403


def test_a_removed_schedule_falls_back_to_weekdays_on_record(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    assert _enter(client, csrf_of).status_code == 302
    token = csrf_of(client, "/admin/holidays")
    assert client.post("/admin/holidays/2027/remove", data={"csrf_token": token}).status_code == 302
    client.get("/admin/holidays")
    assert calendar.is_workday(date(2027, 1, 1)) and not calendar.covers(2027)
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("holidays.%"))).all() == [
        "holidays.entered",
        "holidays.removed",
    ]


def test_from_december_every_page_says_next_years_schedule_is_missing(  # type: ignore[no-untyped-def]
    town, december, sign_in, csrf_of
) -> None:
    owner_page = sign_in(town.owner).get("/").get_data(as_text=True)
    assert 'id="holiday-banner"' in owner_page and "2027年的法定节假日安排尚未录入" in owner_page
    assert "录入节假日安排" not in owner_page  # only coordinators get the link
    coordinator = sign_in(town.coordinator)
    assert 'href="/admin/holidays">录入节假日安排' in coordinator.get("/calendar").get_data(as_text=True)
    assert _enter(coordinator, csrf_of).status_code == 302
    assert 'id="holiday-banner"' not in coordinator.get("/").get_data(as_text=True)


def test_before_december_nothing_is_said_about_next_year(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    assert 'id="holiday-banner"' not in sign_in(town.owner).get("/").get_data(as_text=True)


COUNTY_ENTERS = "节假日安排由县法治办统一录入，各镇只能查看"


def test_in_a_county_the_countys_coordinator_enters_and_removes_the_schedule(  # type: ignore[no-untyped-def]
    county, session, sign_in, csrf_of
) -> None:
    client = sign_in(county.coordinator)
    page = client.get("/admin/holidays").get_data(as_text=True)
    assert 'id="holiday-form"' in page and 'id="read-only"' not in page
    assert _enter(client, csrf_of).status_code == 302
    assert session.get(HolidayYear, 2027).entered_by == county.coordinator
    token = csrf_of(client, "/admin/holidays")
    assert client.post("/admin/holidays/2027/remove", data={"csrf_token": token}).status_code == 302
    assert session.get(HolidayYear, 2027) is None


def test_a_towns_coordinator_in_a_county_reads_the_schedule_and_changes_nothing(  # type: ignore[no-untyped-def]
    county, session, sign_in, csrf_of
) -> None:
    town = sign_in(county.east.coordinator)
    refused = _enter(town, csrf_of)
    assert refused.status_code == 403 and COUNTY_ENTERS in refused.get_data(as_text=True)
    assert session.get(HolidayYear, 2027) is None
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action.like("holidays.%"))).all()

    assert _enter(sign_in(county.coordinator), csrf_of).status_code == 302
    page = town.get("/admin/holidays").get_data(as_text=True)
    assert "人工录入" in page and NOTICE_NAME in page and "<td>春节</td>" in page  # the years' status
    assert "县法治办统一录入；各镇只能查看" in page
    assert 'id="holiday-form"' not in page and "/admin/holidays/2027/remove" not in page
    token = csrf_of(town)
    removal = town.post("/admin/holidays/2027/remove", data={"csrf_token": token})
    assert removal.status_code == 403 and COUNTY_ENTERS in removal.get_data(as_text=True)
    assert session.get(HolidayYear, 2027) is not None and calendar.covers(2027)


def test_in_december_a_towns_coordinator_in_a_county_is_told_to_ask_the_county(  # type: ignore[no-untyped-def]
    county, december, sign_in
) -> None:
    town_page = sign_in(county.west.coordinator).get("/").get_data(as_text=True)
    assert "2027年的法定节假日安排尚未录入" in town_page
    assert "节假日安排由县法治办统一录入，请联系县法治办。" in town_page
    assert 'href="/admin/holidays">录入节假日安排' not in town_page
    county_page = sign_in(county.coordinator).get("/county").get_data(as_text=True)
    assert 'href="/admin/holidays">录入节假日安排' in county_page
    assert "请联系县法治办" not in county_page
