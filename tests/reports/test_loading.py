"""A plan year is read from the database into plain records, in the same few queries at any size."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanStatus, RectificationState, Shortcoming
from tracker.reports.loading import ReportError, load_year, plan_for_year
from tracker.reports.sample import add_sample_year
from tracker.tasks.models import Evidence, TaskStatus


def test_the_number_of_queries_does_not_grow_with_the_number_of_tasks(
    session: Session, count_queries
) -> None:
    small = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=4, entries_per_task=2, year=2031
    )
    large = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=120, entries_per_task=5, year=2032
    )
    session.expire_all()
    counts = []
    for plan in (small, large):
        with count_queries(session.get_bind().engine) as statements:
            records = load_year(session, plan, date(2032, 11, 26))
        counts.append(len(statements))
    assert len(records.tasks) == 120 and len(records.entries) == 600 and len(records.increments) == 1200
    assert counts[0] == counts[1] <= 10


def test_records_carry_what_the_draft_needs(session: Session) -> None:
    plan = add_sample_year(
        session,
        organisation_id=sole_organisation(session).id,
        tasks=2,
        entries_per_task=1,
        items=1,
        year=2033,
    )
    shortcoming = session.query(Shortcoming).filter_by(plan_id=plan.id).order_by(Shortcoming.position).first()
    shortcoming.rectification_state = RectificationState.DONE
    records = load_year(session, plan, date(2033, 11, 26))
    task = records.tasks[0]
    entry = next(entry for entry in records.entries if entry.task_id == task.id)
    session.add(
        Evidence(
            task_id=task.id,
            progress_entry_id=entry.id,
            original_name="签到表.pdf",
            stored_name="a" * 32,
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
        )
    )
    session.flush()
    records = load_year(session, plan, date(2033, 11, 26))
    assert records.plan.year == 2033 and records.as_of == date(2033, 11, 26)
    assert [item.marker for item in records.items if item.parent_id is None] == ["（一）"]
    assert {task.status for task in records.tasks} == {TaskStatus.DONE.value, TaskStatus.IN_PROGRESS.value}
    assert [(ev.name, ev.entry_id) for ev in records.evidence] == [("签到表.pdf", entry.id)]
    assert [(ext.status, ext.requested_deadline) for ext in records.extensions] == [
        ("approved", date(2033, 6, 30))
    ]
    assert {inc.amount for inc in records.increments} == {Decimal(1), Decimal(40)}
    assert [short.rectified for short in records.shortcomings] == [True, False]


def test_the_years_confirmed_plan_is_found_and_a_missing_one_is_explained(session: Session) -> None:
    plan = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=1, entries_per_task=0, year=2034
    )
    assert plan_for_year(session, plan.organisation_id, 2034) is plan
    plan.status = PlanStatus.DRAFT
    session.flush()
    with pytest.raises(ReportError, match="没有2034年度已确认的计划"):
        plan_for_year(session, plan.organisation_id, 2034)
