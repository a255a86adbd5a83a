"""One rule for the 责任人, on every path: a person of the lead unit who files progress. Review, the task
page, the API, batch assignment and confirmation refuse the same people with the same words; the
pickers offer only people who pass; a unit exists only once someone created it on purpose."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import Department, Role, TokenPurpose
from tracker.accounts.owners import check_owner, owner_refusal
from tracker.accounts.tokens import issue_token
from tracker.errors import RuleError
from tracker.plans.bulk import BulkChanges, assign_items
from tracker.plans.errors import PlanInputError, PlanStateError
from tracker.plans.importing import confirm_plan
from tracker.plans.models import PlanItem
from tracker.plans.review import ItemChanges, update_item
from tracker.tasks.models import Task

OTHER_UNIT = "「chen」属于党政办，不是牵头单位司法所的成员；责任人须为牵头单位的成员。"


@pytest.fixture
def draft(town, session, new_plan):  # type: ignore[no-untyped-def]
    """A draft plan of two items led by 司法所 (co-operating: 党政办)."""
    plan = new_plan(session)
    session.add(plan)
    for position, title in enumerate(("开展法治讲座", "培育法律明白人")):
        session.add(
            PlanItem(
                plan=plan,
                position=position,
                title=title,
                text=title,
                category="普法宣传",
                lead_units=["司法所"],
                support_units=["党政办"],
                deadline=date(2026, 6, 30),
            )
        )
    session.flush()
    return plan


def _changes(item: PlanItem, **overrides: object) -> ItemChanges:
    values = {
        "title": item.title,
        "category": item.category,
        "lead_units": list(item.lead_units),
        "support_units": list(item.support_units),
        "owner": item.owner,
        "deadline": item.deadline,
        "every": None,
        "ongoing": False,
    }
    return ItemChanges(**{**values, **overrides})  # type: ignore[arg-type]


def test_who_may_be_a_responsible_person(town, session, make_user) -> None:  # type: ignore[no-untyped-def]
    assert owner_refusal(town.owner, town.lead) is None
    assert owner_refusal(town.helper, town.lead) == OTHER_UNIT
    assert owner_refusal(town.viewer, town.lead) == "「zhao」是查看者（只能查看），不能担任责任人。"
    assert (
        owner_refusal(town.leader, town.lead)
        == "「wang」是分管领导（审批延期、督办，不填报进展），不能担任责任人。"
    )
    assert owner_refusal(town.owner, None) == "请先确定牵头单位：责任人须为牵头单位的成员。"
    town.owner.is_active = False
    assert owner_refusal(town.owner, town.lead) == "「zhang」的账号已停用，不能担任责任人。"
    clerk = make_user("clerk", Role.COORDINATOR, town.lead)  # a coordinator of the unit files progress too
    assert owner_refusal(clerk, town.lead) is None
    with pytest.raises(RuleError) as refused:
        check_owner(town.helper, town.lead)
    assert (refused.value.message, refused.value.field) == (OTHER_UNIT, "owner_id")


def test_review_refuses_a_person_of_another_unit_and_unknown_units(town, session, draft) -> None:  # type: ignore[no-untyped-def]
    item = draft.items[0]
    with pytest.raises(RuleError, match="不是牵头单位司法所的成员") as refused:
        update_item(session, draft, item, _changes(item, owner=town.helper))
    assert refused.value.field == "owner_id"
    with pytest.raises(RuleError, match="查看者"):
        update_item(session, draft, item, _changes(item, owner=town.viewer))
    with pytest.raises(RuleError) as unknown:
        update_item(
            session, draft, item, _changes(item, lead_units=["党建办"], support_units=["司法所", "宣传办"])
        )
    assert unknown.value.field == "lead_units" and "「党建办」尚未建立" in unknown.value.message
    update_item(session, draft, item, _changes(item, owner=town.owner))
    assert item.owner == town.owner


def test_batch_assignment_applies_the_same_rule_and_names_the_item(town, session, draft) -> None:  # type: ignore[no-untyped-def]
    first, second = draft.items
    with pytest.raises(PlanInputError) as refused:
        assign_items(session, draft, [first, second], BulkChanges(owner=town.helper))
    assert refused.value.message == f"「开展法治讲座」：{OTHER_UNIT}" and refused.value.field == "owner_id"
    changed = assign_items(
        session, draft, [first, second], BulkChanges(["党政办"], town.helper, date(2026, 9, 30))
    )
    assert changed == 2
    assert {(i.lead_units[0], i.owner, i.deadline) for i in draft.items} == {
        ("党政办", town.helper, date(2026, 9, 30))
    }
    with pytest.raises(PlanInputError, match="请先勾选"):
        assign_items(session, draft, [], BulkChanges(owner=town.helper))


def test_confirm_refuses_what_review_would_refuse(town, session, draft) -> None:  # type: ignore[no-untyped-def]
    draft.items[0].owner = town.helper  # set behind review's back (an older install, a script)
    draft.items[1].support_units = ["宣传办"]
    session.flush()
    with pytest.raises(PlanStateError) as refused:
        confirm_plan(session, draft)
    assert "「宣传办」（培育法律明白人）" in refused.value.message
    draft.items[1].support_units = ["党政办"]
    with pytest.raises(PlanStateError, match=f"「开展法治讲座」：{OTHER_UNIT}"):
        confirm_plan(session, draft)
    assert session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == draft.id)) == 0


def test_the_task_page_and_the_api_refuse_the_same_person(town, session, sign_in, csrf_of, app) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    page = client.post(
        f"/tasks/{town.task.id}/assign",
        data={
            "csrf_token": csrf_of(client),
            "version_id": town.task.version_id,
            "lead_department_id": town.lead.id,
            "owner_id": town.helper.id,
        },
    )
    assert page.status_code == 400 and OTHER_UNIT in page.get_data(as_text=True)
    secret, _ = issue_token(session, town.coordinator, TokenPurpose.API, "对接")
    answer = app.test_client().patch(
        f"/api/v1/tasks/{town.task.id}",
        json={"version_id": town.task.version_id, "owner_id": town.viewer.id},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 400
    assert answer.get_json() == {
        "error": "「zhao」是查看者（只能查看），不能担任责任人。",
        "status": 400,
        "field": "owner_id",
    }
    session.expire_all()
    assert town.task.owner == town.owner


def test_the_pickers_offer_only_people_who_may_answer(town, session, sign_in, draft) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    for page in (
        client.get(f"/tasks/{town.task.id}").get_data(as_text=True),
        client.get(f"/plans/{draft.id}").get_data(as_text=True),
    ):
        owner_lists = page.split('data-follows="')[1:]
        assert owner_lists, "each page has a 责任人 list"
        for listed in owner_lists:
            listed = listed[: listed.index("</select>")]
            assert f'value="{town.owner.id}"' in listed and f'value="{town.helper.id}"' in listed
            for nobody in (town.viewer, town.leader, town.other_leader, town.coordinator):
                assert f'value="{nobody.id}"' not in listed  # no unit, a leader or a viewer
    review = client.get(f"/plans/{draft.id}").get_data(as_text=True)
    units = "".join(f'<option value="{name}">' for name in ("司法所", "党政办", "综合行政执法办"))
    assert f'<datalist id="unit-names">{units}</datalist>' in review


def test_a_new_unit_is_made_only_on_purpose(town, session, sign_in, csrf_of, draft) -> None:  # type: ignore[no-untyped-def]
    item = draft.items[0]
    item.lead_units = ["党建办"]
    session.flush()
    client = sign_in(town.coordinator)
    page = client.get(f"/plans/{draft.id}").get_data(as_text=True)
    assert (
        "以下单位尚未建立" in page
        and "新建单位「党建办」" in page
        and 'data-confirm="新建单位「党建办」？' in page
    )
    made = client.post(f"/plans/{draft.id}/units", data={"csrf_token": csrf_of(client), "name": "党建办"})
    assert made.status_code == 303
    assert session.scalar(select(Department).where(Department.name == "党建办")) is not None
    again = client.post(f"/plans/{draft.id}/units", data={"csrf_token": csrf_of(client), "name": "党建办"})
    assert again.status_code == 400 and "单位「党建办」已存在" in again.get_data(as_text=True)
    assert "以下单位尚未建立" not in client.get(f"/plans/{draft.id}").get_data(as_text=True)
