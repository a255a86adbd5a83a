"""Review against the source: the words the parser left out are kept with their reason and can be
added as an item; an item's children fold into one task; the plan year, corrected before confirming,
takes every date of the plan with it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.audit import AuditEvent
from tracker.organisations.service import sole_organisation
from tracker.plans.errors import PlanInputError, PlanStateError
from tracker.plans.importing import confirm_plan, import_plan, leaf_items
from tracker.plans.models import Plan
from tracker.plans.parsing import OwnerKeywords
from tracker.plans.plan_year import change_plan_year
from tracker.plans.review import IndicatorInput, add_indicator, fold_children, indicators_by_item, outline_of
from tracker.plans.skipped_text import add_skipped_as_item, skipped_stretches

LEAD_IN = "引导语：说明计划的背景、要求或目标，没有具体任务"


def test_the_words_left_out_are_stored_with_their_reason(import_seed) -> None:
    plan = import_seed()
    stretches = skipped_stretches(plan)
    assert [stretch.reason for stretch in stretches] == [
        "计划部分的标题",
        LEAD_IN,
        "网页附属信息（导航、页脚、版权等）",
    ]
    assert stretches[0].text == "六、2026年度推进法治政府建设的主要安排"
    assert stretches[1].text.startswith("上义镇将继续认真贯彻党的二十大")


def test_a_skipped_stretch_becomes_an_item_where_it_stands(session: Session, import_seed) -> None:
    plan = import_seed()
    lead_in = skipped_stretches(plan)[1]
    added = add_skipped_as_item(session, plan, lead_in.start, lead_in.end, OwnerKeywords.load())
    assert plan.top_items[0] is added and len(plan.top_items) == 4
    assert added.text == lead_in.text and (added.span_start, added.span_end) == (lead_in.start, lead_in.end)
    assert added.title.startswith("上义镇将继续认真贯彻") and added.category
    assert added.deadline == date(2026, 12, 31) and added.deadline_suggested
    assert [stretch.reason for stretch in skipped_stretches(plan)] == [
        "计划部分的标题",
        "网页附属信息（导航、页脚、版权等）",
    ]
    assert [item.position for item in plan.items] == list(range(len(plan.items)))
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan_item.added_from_skipped"))
    assert event.plan_id == plan.id and event.changes["span"] == [lead_in.start, lead_in.end]
    with pytest.raises(PlanInputError, match="已不在未采用的列表中"):
        add_skipped_as_item(session, plan, lead_in.start, lead_in.end, OwnerKeywords.load())
    session.expire_all()
    stored = session.get(Plan, plan.id)
    assert len(stored.skipped) == 2 and stored.top_items[0].title == added.title


def test_folding_makes_an_item_with_children_one_task(session: Session, import_seed) -> None:
    plan = import_seed()
    openness = plan.top_items[1]
    area = openness.children[0]
    add_indicator(session, plan, area, IndicatorInput("公开条目", "条", None, None))
    assert len(leaf_items(plan)) == 12
    assert fold_children(session, plan, openness) == 8
    assert openness.children == [] and len(plan.items) == 6 and len(leaf_items(plan)) == 5
    assert openness.text == plan.source_text[openness.span_start : openness.span_end]
    assert openness.lead_units == ["党政办"]
    assert [entry[0] for entry in outline_of(plan)] == plan.top_items
    with pytest.raises(PlanInputError, match="没有下级事项"):
        fold_children(session, plan, openness)
    tasks = confirm_plan(session, plan)
    assert len(tasks) == 5 and tasks[1].title == "进一步加强政务公开"
    assert [indicator.name for indicator in indicators_by_item(session, plan)[openness.id]] == ["公开条目"]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan_item.children_folded"))
    assert event.changes["folded_items"] == 8 and "政策法规与解读" in event.changes["titles"]


TIMED_PLAN = (
    "某镇2026年工作要点\n"
    "一是6月底前完成普法骨干培训。\n"
    "二是每季度开展一次矛盾纠纷排查。\n"
    "三是2027年3月底前完成村规民约修订。\n"
    "四是长期坚持法律顾问参与重大决策。\n"
    "五是做好行政执法公示工作。\n"
)


def test_a_corrected_plan_year_takes_the_dates_with_it(session: Session) -> None:
    plan = import_plan(
        session, organisation_id=sole_organisation(session).id, data=TIMED_PLAN.encode(), filename="要点.txt"
    )
    training, checks, rules, counsel, publicity = plan.top_items
    assert plan.year == 2026 and publicity.deadline_suggested
    publicity.deadline, publicity.deadline_suggested = date(2026, 11, 30), False  # set by the reviewer
    assert change_plan_year(session, plan, 2025) == 4  # all but the one whose phrase names 2027
    assert plan.year == 2025
    assert training.deadline == date(2025, 6, 30)
    assert checks.recurrence["due"] == ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
    assert checks.deadline == date(2025, 12, 31)
    assert rules.deadline == date(2027, 3, 31)  # its phrase names its own year
    assert counsel.ongoing and counsel.recurrence["due"][0] == "2025-03-31"
    assert publicity.deadline == date(2025, 11, 30)
    assert change_plan_year(session, plan, 2025) == 0
    with pytest.raises(PlanInputError, match="2000 至 2100"):
        change_plan_year(session, plan, 1999)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.year_changed"))
    assert event.changes == {"year": [2026, 2025], "items": 4}
    confirm_plan(session, plan)
    with pytest.raises(PlanStateError):
        change_plan_year(session, plan, 2026)
