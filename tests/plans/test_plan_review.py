"""Reviewing a draft: each edit of the tree keeps spans, positions and the audit trail right."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department
from tracker.audit import AuditEvent
from tracker.organisations.service import sole_organisation
from tracker.plans.errors import PlanInputError, PlanStateError
from tracker.plans.highlight import Mark, highlighted
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.models import Plan, PlanItem
from tracker.plans.parsing import OwnerKeywords
from tracker.plans.review import (
    IndicatorInput,
    ItemChanges,
    accept_suggestions,
    add_indicator,
    add_item,
    delete_item,
    indicators_by_item,
    merge_with_next,
    split_item,
    update_item,
)
from tracker.plans.targets import suggest_indicator


def unit_named(session: Session, name: str) -> Department:
    return session.scalars(select(Department).where(Department.name == name)).one()


def changes(item: PlanItem, **overrides: object) -> ItemChanges:
    current = {
        "title": item.title,
        "category": item.category,
        "lead_units": list(item.lead_units),
        "support_units": list(item.support_units),
        "owner": item.owner,
        "deadline": item.deadline,
        "every": (item.recurrence or {}).get("every") if not item.ongoing else None,
        "ongoing": item.ongoing,
    }
    return ItemChanges(**{**current, **overrides})  # type: ignore[arg-type]


def outline(plan: Plan) -> list[tuple[int, str, int | None]]:
    return [
        (item.position, item.title, item.parent_id) for item in sorted(plan.items, key=lambda i: i.position)
    ]


def positions_are_depth_first(plan: Plan) -> bool:
    ordered = sorted(plan.items, key=lambda item: item.position)
    seen: set[int] = set()
    for item in ordered:
        if item.parent_id is not None and item.parent_id not in seen:
            return False
        seen.add(item.id)
    return [item.position for item in ordered] == list(range(len(ordered)))


@pytest.fixture
def demo(session: Session, document) -> Plan:  # type: ignore[no-untyped-def]
    from tracker.demo.plan import DEMO_PLAN

    return import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=DEMO_PLAN.read_bytes(),
        filename=DEMO_PLAN.name,
    )


def test_changing_suggested_units_and_default_deadline_makes_them_the_reviewers(session, import_seed) -> None:
    plan = import_seed()
    item = plan.top_items[0]
    assert item.owners_suggested and item.deadline_suggested
    update_item(session, plan, item, changes(item, title="深入开展普法教育"))
    assert item.owners_suggested and item.deadline_suggested  # nothing about them changed
    update_item(session, plan, item, changes(item, lead_units=["综治中心"], deadline=date(2026, 11, 30)))
    assert (item.lead_units, item.owners_suggested) == (["综治中心"], False)
    assert (item.deadline, item.deadline_phrase, item.deadline_suggested) == (date(2026, 11, 30), None, False)


def test_recurrence_and_ongoing_from_the_review(session, import_seed) -> None:
    plan = import_seed()
    item = plan.top_items[0]
    update_item(session, plan, item, changes(item, every="month", deadline=None))
    assert item.recurrence["every"] == "month" and len(item.recurrence["due"]) == 12
    assert item.deadline == date(2026, 12, 31)
    update_item(session, plan, item, changes(item, every=None, ongoing=True, deadline=None))
    assert item.ongoing and item.recurrence["check_in"] and item.deadline is None


@pytest.mark.parametrize(
    ("override", "message"),
    [({"title": "  "}, "标题不能为空"), ({"category": "外星事务"}, "类别"), ({"deadline": None}, "完成时限")],
)
def test_bad_reviews_are_refused(session, import_seed, override, message) -> None:
    plan = import_seed()
    with pytest.raises(PlanInputError, match=message):
        update_item(session, plan, plan.top_items[0], changes(plan.top_items[0], **override))


def test_assigning_a_person_is_on_record(session, import_seed, make_user) -> None:
    plan = import_seed()
    item = plan.top_items[0]
    wang = make_user("wang", department=unit_named(session, item.lead_units[0]))
    update_item(session, plan, item, changes(item, owner=wang))
    assert item.owner == wang
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan_item.owner_assigned"))
    assert event.changes == {"owner": [None, "wang"]} and event.plan_id == plan.id


def test_split_cuts_a_leaf_where_the_second_part_begins(session, import_seed) -> None:
    plan = import_seed()
    first = plan.top_items[0]
    second = split_item(session, plan, first, "利用灵活多样的宣传形式")
    assert first.text == "继续大力开展普法教育工作,抓好农村法治宣传教育不放松,"
    assert second.text.startswith("利用灵活多样的宣传形式")
    for item in (first, second):
        assert plan.source_text[item.span_start : item.span_end].strip(",") == item.text.strip(",")
    assert [item.title for item in plan.top_items][:2] == [
        first.title,
        "利用灵活多样的宣传形式，大力宣传法律知识",
    ]
    assert positions_are_depth_first(plan)
    with pytest.raises(PlanInputError, match="拆分位置"):
        split_item(session, plan, second, "不在正文里的话")
    with pytest.raises(PlanInputError, match="没有下级"):
        split_item(session, plan, plan.top_items[2], "包含")


def test_merge_folds_the_next_item_in(session, import_seed) -> None:
    plan = import_seed()
    openness, staff = plan.top_items[1], plan.top_items[2]
    merged = merge_with_next(session, plan, openness)
    assert merged is openness and len(plan.top_items) == 2
    assert len(openness.children) == 11
    assert openness.text == plan.source_text[openness.span_start : openness.span_end]
    assert staff not in plan.items
    assert positions_are_depth_first(plan)
    with pytest.raises(PlanInputError, match="最后一项"):
        merge_with_next(session, plan, openness)


def test_delete_removes_the_item_and_everything_under_it(session, import_seed) -> None:
    plan = import_seed()
    assert delete_item(session, plan, plan.top_items[1]) == 9
    assert [item.marker for item in plan.top_items] == ["一是", "三是"]
    assert len(plan.items) == 5 and positions_are_depth_first(plan)


def test_add_a_top_item_and_a_child_with_suggestions(session, import_seed) -> None:
    plan = import_seed()
    keywords = OwnerKeywords.load()
    top = add_item(session, plan, "开展民法典宣传月活动", None, keywords)
    child = add_item(session, plan, "每季度通报执法案卷评查情况", plan.top_items[0], keywords)
    assert plan.top_items[-1] is top and child.parent is plan.top_items[0]
    assert (top.lead_units, top.owners_suggested, top.deadline_suggested) == (["司法所"], True, True)
    assert child.lead_units == ["综合行政执法办"] and top.category == "普法宣传"
    assert positions_are_depth_first(plan)
    with pytest.raises(PlanInputError):
        add_item(session, plan, "   ", None, keywords)


def test_accepting_suggestions_clears_the_marks(session, import_seed) -> None:
    plan = import_seed()
    assert accept_suggestions(session, plan, plan.top_items[0]) == 1
    assert not plan.top_items[0].owners_suggested
    assert accept_suggestions(session, plan) == 13
    assert not any(item.owners_suggested or item.deadline_suggested for item in plan.items)


def test_indicators_take_their_baseline_from_last_years_figures(session, demo) -> None:
    item = next(i for i in demo.items if i.title.startswith("培育“法律明白人”"))
    suggestion = suggest_indicator(demo, item)
    assert (suggestion.name, suggestion.unit, suggestion.target) == ("法律明白人", "名", Decimal(60))
    assert suggestion.baseline.value == 45
    indicator = add_indicator(session, demo, item, IndicatorInput("", "", Decimal(60), suggestion.baseline))
    assert (indicator.name, indicator.unit, indicator.baseline_value, indicator.baseline_year) == (
        "法律明白人",
        "名",
        Decimal(45),
        2025,
    )
    assert indicators_by_item(session, demo)[item.id] == [indicator]
    with pytest.raises(PlanInputError, match="负数"):
        add_indicator(session, demo, item, IndicatorInput("讲座", "场", Decimal(-1), None))


def test_merging_moves_indicators_and_deleting_drops_them(session, demo) -> None:
    first, second = demo.top_items[2], demo.top_items[3]
    add_indicator(session, demo, second, IndicatorInput("执法案卷评查", "次", Decimal(4), None))
    merge_with_next(session, demo, first)
    assert [i.name for i in indicators_by_item(session, demo)[first.id]] == ["执法案卷评查"]
    delete_item(session, demo, first)
    assert indicators_by_item(session, demo)[first.id] == []


def test_a_confirmed_plan_is_read_only_and_its_tasks_carry_the_person(
    session, import_seed, make_user
) -> None:
    plan = import_seed()
    item = plan.top_items[0]
    li = make_user("li", department=unit_named(session, item.lead_units[0]))
    update_item(session, plan, item, changes(item, owner=li))
    tasks = confirm_plan(session, plan)
    assert tasks[0].owner == li
    with pytest.raises(PlanStateError, match="已确认"):
        update_item(session, plan, item, changes(item, title="改一改"))
    with pytest.raises(PlanStateError):
        delete_item(session, plan, item)


def test_the_source_is_escaped_and_marked_at_nested_spans() -> None:
    text = "前言<script>alert(1)</script>。一是甲乙丙丁。"
    item = text.index("甲")
    marks = [
        Mark(item, item + 5, 1, 1),
        Mark(item + 1, item + 3, 2, 2),
        Mark(item + 2, item + 6, 3, 2),
        Mark(2, 10, 4, 1, "problem"),
    ]
    html = highlighted(text, marks, 0, len(text))
    assert isinstance(html, Markup)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark") == html.count("</mark>") == 3
    assert 'id="src-item-2"' in html and 'id="src-item-3"' not in html  # a crossing span stays unmarked
