"""Coordinators assign tasks; a stale form gets a conflict message and overwrites nothing."""

from datetime import date

import pytest
from sqlalchemy import select

from tracker.audit import AuditEvent
from tracker.errors import NotAllowed, RuleError, StaleTask
from tracker.tasks.assignment import Assignment, assign_task


def _form(town, version, **changes):  # type: ignore[no-untyped-def]
    data = {
        "version_id": str(version),
        "lead_department_id": str(town.lead.id),
        "support_department_ids": [str(town.support.id), str(town.unrelated.id)],
        "owner_id": str(town.owner.id),
        "deadline": "2026-09-30",
        "requires_evidence": "1",
    }
    data.update(changes)
    return data


def test_coordinator_assigns_units_owner_and_deadline(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    version = town.task.version_id
    response = client.post(
        f"/tasks/{town.task.id}/assign", data={**_form(town, version), "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 302
    session.expire_all()
    assert town.task.deadline == date(2026, 9, 30) and town.task.requires_evidence
    assert {d.name for d in town.task.support_departments} == {"党政办", "综合行政执法办"}
    assert town.task.version_id > version
    page = client.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert "截止日期由2026年6月30日改为2026年9月30日" in page and "调整了配合单位" in page


def test_a_new_lead_unit_and_one_of_its_people_are_set_in_one_save(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    """The form offers every unit's people, grouped by unit, so nobody has to save the unit first."""
    client = sign_in(town.coordinator)
    page = client.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert f'<optgroup label="党政办" data-unit-id="{town.support.id}" data-unit-name="党政办">' in page
    assert f'<option value="{town.helper.id}" >chen</option>' in page
    response = client.post(
        f"/tasks/{town.task.id}/assign",
        data={
            **_form(town, town.task.version_id, owner_id=str(town.helper.id)),
            "lead_department_id": str(town.support.id),
            "csrf_token": csrf_of(client),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    session.expire_all()
    assert (town.task.lead_department, town.task.owner) == (town.support, town.helper)


def test_a_stale_form_is_refused_and_nothing_is_overwritten(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    first, second = sign_in(town.coordinator), sign_in(town.coordinator)
    stale_version = town.task.version_id
    token = csrf_of(first)
    assert (
        first.post(
            f"/tasks/{town.task.id}/assign",
            data={**_form(town, stale_version, deadline="2026-07-31"), "csrf_token": token},
        ).status_code
        == 302
    )
    conflict = second.post(
        f"/tasks/{town.task.id}/assign",
        data={**_form(town, stale_version, deadline="2026-12-31"), "csrf_token": csrf_of(second)},
    )
    assert conflict.status_code == 409
    assert "已被他人修改" in conflict.get_data(as_text=True)
    session.expire_all()
    assert town.task.deadline == date(2026, 7, 31)


def test_closing_from_a_stale_page_is_a_conflict(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    stale = town.task.version_id
    town.task.percent = 50
    session.flush()
    response = client.post(
        f"/tasks/{town.task.id}/close", data={"version_id": stale, "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 409


def test_owners_leaders_and_viewers_cannot_assign(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    for person in (town.owner, town.leader, town.viewer, town.helper):
        client = sign_in(person)
        data = {**_form(town, town.task.version_id), "csrf_token": csrf_of(client)}
        assert client.post(f"/tasks/{town.task.id}/assign", data=data).status_code == 403
        assert 'id="assign-form"' not in client.get(f"/tasks/{town.task.id}").get_data(as_text=True)


def test_the_owner_must_belong_to_the_lead_unit(town, session) -> None:  # type: ignore[no-untyped-def]
    assignment = Assignment(town.task.version_id, town.lead.id, owner_id=town.helper.id)
    with pytest.raises(RuleError, match="牵头单位的成员"):
        assign_task(session, town.task, assignment, by=town.coordinator)


def test_service_refusals_change_nothing(town, session) -> None:  # type: ignore[no-untyped-def]
    version = town.task.version_id
    with pytest.raises(NotAllowed):
        assign_task(session, town.task, Assignment(version, town.unrelated.id), by=town.owner)
    with pytest.raises(StaleTask):
        assign_task(session, town.task, Assignment(version - 1, town.unrelated.id), by=town.coordinator)
    with pytest.raises(RuleError, match="所选单位不存在"):
        assign_task(session, town.task, Assignment(version, 99999), by=town.coordinator)
    assert town.task.lead_department_id == town.lead.id


def test_changing_only_the_co_operating_units_moves_the_version(town, session) -> None:  # type: ignore[no-untyped-def]
    version = town.task.version_id
    assignment = Assignment(
        version, town.lead.id, (town.unrelated.id,), town.owner.id, town.task.deadline, False, False
    )
    assign_task(session, town.task, assignment, by=town.coordinator)
    assert town.task.version_id == version + 1
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "task.support_changed")).all()
    assert events[-1].changes["support_units"] == [["党政办"], ["综合行政执法办"]]


def test_bad_dates_get_a_chinese_message(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    response = client.post(
        f"/tasks/{town.task.id}/assign",
        data={**_form(town, town.task.version_id, deadline="30/06/2026"), "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 400 and "不是有效的日期" in response.get_data(as_text=True)
