"""Importing a plan stores a draft with its tree, figures and problems; confirming makes the tasks."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.plans.directory import TOWN_DEPARTMENTS, ensure_departments
from tracker.accounts.models import Department, Role
from tracker.audit import AuditEvent
from tracker.organisations.service import sole_organisation
from tracker.plans.errors import DuplicatePlanError, PlanInputError, PlanStateError
from tracker.plans.importing import confirm_plan, import_plan, leaf_items
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import Task


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_import_keeps_the_source_verbatim_and_the_tree(session, import_seed, seed_report_path) -> None:
    plan = import_seed()
    data = seed_report_path.read_bytes()
    assert (plan.status, plan.year, plan.source_bytes) == (PlanStatus.DRAFT, 2026, data)
    assert plan.source_sha256 == hashlib.sha256(data).hexdigest()
    assert plan.section_heading == "六、2026年度推进法治政府建设的主要安排"
    assert [item.marker for item in plan.top_items] == ["一是", "二是", "三是"]
    assert [len(item.children) for item in plan.top_items] == [0, 8, 3]
    assert [item.position for item in plan.items] == list(range(14))
    for item in plan.items:
        assert plan.source_text[item.span_start : item.span_end] == item.text
    assert all(item.deadline_suggested for item in plan.items)
    assert len(plan.shortcomings) == 4
    assert any(b.value == Decimal("97.9") and b.unit == "%" for b in plan.baselines)


def test_the_same_document_twice_is_refused_and_names_the_plan(session, import_seed) -> None:
    first = import_seed()
    with pytest.raises(DuplicatePlanError) as refused:
        import_seed()
    assert refused.value.existing_plan_id == first.id
    assert f"#{first.id}" in refused.value.message and "已经导入过" in refused.value.message
    assert count(session, Plan) == 1


@pytest.mark.parametrize(
    ("data", "filename", "cause"),
    [
        (b"", "empty.txt", "空"),
        (b"\x00\x01\x02\x03binary\x00" * 50, "blob.txt", "二进制"),
        ("café crème brûlée".encode("latin-1"), "latin.txt", "编码"),
        ("这是一篇关于春天的散文，描写了花开和鸟鸣。".encode(), "essay.txt", "未找到计划部分"),
        (b"PK\x03\x04 truncated", "broken.docx", "损坏"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(session, data, filename, cause) -> None:
    with pytest.raises(PlanInputError) as refused:
        import_plan(session, organisation_id=sole_organisation(session).id, data=data, filename=filename)
    assert cause in refused.value.message
    assert (count(session, Plan), count(session, PlanItem)) == (0, 0)


def test_confirm_makes_one_task_per_leaf_with_departments(
    session, import_seed, make_user, make_department
) -> None:
    existing = make_department("司法所")
    coordinator = make_user("coordinator", Role.COORDINATOR)
    plan = import_seed()
    tasks = confirm_plan(session, plan, confirmed_by=coordinator)
    assert len(tasks) == len(leaf_items(plan)) == 12
    assert [task.plan_item for task in tasks] == leaf_items(plan)
    first = tasks[0]
    assert (first.title, first.deadline.isoformat(), first.lead_department) == (
        "继续大力开展普法教育工作",
        "2026-12-31",
        existing,
    )
    assert {task.lead_department.name for task in tasks} >= {"司法所", "党政办"}
    assert count(session, Department) == len(TOWN_DEPARTMENTS)  # suggestions only from the directory
    assert plan.status is PlanStatus.CONFIRMED and plan.confirmed_by_id == coordinator.id
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.confirmed"))
    assert event.entity_id == plan.id and event.changes == {"tasks": 12}


def test_confirm_copies_timing_units_and_the_assigned_person(session, make_user, document) -> None:
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=document("table_task_breakdown.txt"),
        filename="t.txt",
    )
    units = {name for item in plan.items for name in (*item.lead_units, *item.support_units)}
    ensure_departments(session, tuple(sorted(units | {"纪委", "各村（社区）"})))
    office = session.scalars(select(Department).where(Department.name == "党政办")).one()
    owner = make_user("li", department=office)
    first_leaf = leaf_items(plan)[0]
    first_leaf.owner = owner
    first_leaf.support_units = ["纪委", "各村（社区）"]
    session.flush()
    task = confirm_plan(session, plan)[0]
    assert task.owner == owner
    assert task.lead_department.name == "党政办"
    assert {d.name for d in task.support_departments} == {"纪委", "各村（社区）"}
    assert task.deadline == first_leaf.deadline and task.recurrence == first_leaf.recurrence


def test_confirm_refuses_units_nobody_has_set_up_and_names_them_all(session, document) -> None:
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=document("table_task_breakdown.txt"),
        filename="t.txt",
    )
    ensure_departments(session, ("党政办",))
    with pytest.raises(PlanStateError) as refused:
        confirm_plan(session, plan)
    message = refused.value.message
    assert message.startswith("以下单位尚未建立，计划不能确认：")
    assert "「司法所」（" in message and "「纪委」（" in message and "「党政办」" not in message
    assert "新建单位" in message
    assert count(session, Task) == 0 and plan.status is PlanStatus.DRAFT
    assert session.scalars(select(Department.name)).all() == ["党政办"]  # nothing made up on the way


def test_confirm_refuses_a_person_who_cannot_answer_for_their_item(session, document, make_user) -> None:
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=document("table_task_breakdown.txt"),
        filename="t.txt",
    )
    units = {name for item in plan.items for name in (*item.lead_units, *item.support_units)}
    ensure_departments(session, tuple(sorted(units)))
    elsewhere = session.scalars(select(Department).where(Department.name == "司法所")).one()
    first, second = leaf_items(plan)[:2]
    first.owner = make_user("moved", department=elsewhere)  # reviewed, then moved to another unit
    second.owner = make_user("inspector", Role.VIEWER)
    session.flush()
    with pytest.raises(PlanStateError) as refused:
        confirm_plan(session, plan)
    assert f"「{first.title}」：「moved」属于司法所，不是牵头单位党政办的成员" in refused.value.message
    assert f"「{second.title}」：「inspector」是查看者（只能查看），不能担任责任人" in refused.value.message
    assert count(session, Task) == 0


def test_a_confirmed_plan_is_not_confirmed_again(session, import_seed) -> None:
    plan = import_seed()
    confirm_plan(session, plan)
    with pytest.raises(PlanStateError, match="已经确认过"):
        confirm_plan(session, plan)
    assert count(session, Task) == 12


def test_a_concurrent_import_of_the_same_bytes_is_refused_as_a_duplicate(
    session, seed_report_path, monkeypatch
) -> None:
    from tracker.plans import importing

    data = seed_report_path.read_bytes()
    first = import_plan(
        session, organisation_id=sole_organisation(session).id, data=data, filename="first.txt"
    )
    # A concurrent import checked for duplicates before the first was stored, so its check found none;
    # the unique hash in the database still refuses it, with the same message.
    checks = iter([None])
    real_check = importing.find_duplicate
    monkeypatch.setattr(
        importing, "find_duplicate", lambda s, o, d: next(checks, None) or real_check(s, o, d)
    )
    with pytest.raises(DuplicatePlanError) as refused:
        import_plan(session, organisation_id=sole_organisation(session).id, data=data, filename="second.txt")
    assert refused.value.existing_plan_id == first.id
    assert count(session, Plan) == 1


def test_units_are_suggested_only_from_this_installations_directory(session, seed_report_path) -> None:
    ensure_departments(session, ("司法所",))  # a town without 党政办 or 综合行政执法办
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=seed_report_path.read_bytes(),
        filename="seed.txt",
    )
    law, openness, _staff = plan.top_items
    assert (law.lead_units, law.owners_suggested) == (["司法所"], True)
    assert (openness.lead_units, openness.owners_suggested) == ([], False)  # 党政办 is not here
    suggested = {unit for item in plan.items for unit in item.lead_units if item.owners_suggested}
    assert suggested <= {"司法所"}
    assert "「进一步加强政务公开」未能确定责任单位，请在审核时指定。" not in plan.warnings  # it has children
    assert any("未能确定责任单位" in warning for warning in plan.warnings)


def test_a_department_is_found_by_its_own_name_even_outside_the_keyword_table(session) -> None:
    ensure_departments(session, ("镇妇联",))
    text = "2026年工作要点\n一是联合镇妇联开展家庭文明建设宣传。\n二是做好来信来访登记。\n"
    plan = import_plan(
        session, organisation_id=sole_organisation(session).id, data=text.encode(), filename="要点.txt"
    )
    assert [(item.lead_units, item.owners_suggested) for item in plan.top_items] == [
        (["镇妇联"], True),
        ([], False),
    ]
