"""What a person makes belongs to their organisation: a plan imported, the tasks of its confirmation,
units and people added on the admin pages; names of units are looked up within it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, User
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.models import Plan

PLAN_TEXT = "2026年度法治政府建设工作要点\n一是由司法所开展法治讲座。\n二是由党政办做好来信来访登记。\n"


def test_a_plan_is_the_importers_towns_and_its_tasks_too(session: Session, county) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    plans = {
        town.organisation.id: import_plan(
            session,
            organisation_id=town.organisation.id,
            data=PLAN_TEXT.encode(),
            filename="要点.txt",
            created_by=town.coordinator,
        )
        for town in (east, west)
    }
    assert len({plan.id for plan in plans.values()}) == 2  # the same document, once in each town
    tasks = confirm_plan(session, plans[west.organisation.id], confirmed_by=west.coordinator)
    assert {task.organisation_id for task in tasks} == {west.organisation.id}
    assert {task.lead_department_id for task in tasks} == {west.lead.id, west.support.id}


def test_the_admin_pages_add_units_and_people_to_the_coordinators_town(
    session: Session,
    county,
    sign_in,
    csrf_of,  # type: ignore[no-untyped-def]
) -> None:
    west = county.west
    client = sign_in(west.coordinator)
    added = client.post("/admin/departments", data={"csrf_token": csrf_of(client), "name": "司法所"})
    assert added.status_code == 400 and "已存在" in added.get_data(as_text=True)  # west's own 司法所
    added = client.post("/admin/departments", data={"csrf_token": csrf_of(client), "name": "应急办"})
    assert added.status_code == 302
    unit = session.scalar(select(Department).where(Department.name == "应急办"))
    assert unit is not None and unit.organisation_id == west.organisation.id

    base = {"csrf_token": csrf_of(client), "display_name": "周", "role": "owner", "password": "long-enough-1"}
    other_towns_unit = client.post(
        "/admin/users", data={**base, "username": "zhou", "department_id": county.east.lead.id}
    )
    assert other_towns_unit.status_code == 400 and "所选单位不存在" in other_towns_unit.get_data(as_text=True)
    added = client.post("/admin/users", data={**base, "username": "zhou", "department_id": unit.id})
    assert added.status_code == 302
    zhou = session.scalar(select(User).where(User.username == "zhou"))
    assert zhou is not None and zhou.organisation_id == west.organisation.id


def test_every_plan_of_the_fixture_towns_is_their_own(session: Session, county, home_town) -> None:  # type: ignore[no-untyped-def]
    owners = {plan_id: owner for plan_id, owner in session.execute(select(Plan.id, Plan.organisation_id))}
    assert owners[county.east.plan.id] == county.east.organisation.id
    assert owners[county.west.plan.id] == county.west.organisation.id
    assert home_town.id not in {owners[town.plan.id] for town in county.towns}
