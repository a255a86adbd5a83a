"""Continuing work (长期坚持, 常态化, recurring) is never 逾期: not on the board, not on the dashboard,
not in the reminder mail, not in the report draft — even in January, when the draft of last year is
written and every one of its deadlines has passed."""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import date
from email.policy import default

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.board.lights import Light, Thresholds, light_for
from tracker.board.queries import BoardFilters, board_page, light_counts, task_conditions
from tracker.calendar import is_workday
from tracker.config import Settings
from tracker.dashboard.figures import completion_by_item, overdue_tasks
from tracker.reminders.cycle import plan_day, run_cycle
from tracker.reminders.facts import load_tasks
from tracker.reminders.models import DeliveryMessage
from tracker.reminders.rules import DayRules, Organisation, index_for
from tracker.reminders.rules import Thresholds as ReminderThresholds
from tracker.reminders.weekly import summarise_week
from tracker.reports.composition import compose_draft
from tracker.reports.loading import load_year
from tracker.reports.markdown import render_markdown
from tracker.tasks.models import Task, TaskStatus
from tracker.tasks.overdue import continuing_clause, is_continuing, overdue_clause

DRAFTING_DAY = date(2027, 1, 8)
QUARTERLY = {"every": "quarter", "due_dates": ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings on the drafting day."""
    return replace(settings, today=DRAFTING_DAY.isoformat())


@pytest.fixture
def year(town, make_task, session: Session):  # type: ignore[no-untyped-def]
    """Last year's plan in January: a 长期 task, a quarterly one (its last due date 2026-12-31), and
    one ordinary task left unfinished after its deadline."""
    common = {"lead_department": town.lead, "owner": town.owner, "status": TaskStatus.IN_PROGRESS}
    town.task.status = TaskStatus.DONE
    ongoing = make_task(town.plan, "常态化开展法治副校长送法进校园", ongoing=True, **common)
    quarterly = make_task(
        town.plan, "按季度公开救助资金发放情况", deadline=date(2026, 12, 31), recurrence=QUARTERLY, **common
    )
    late = make_task(town.plan, "修订村规民约", deadline=date(2026, 12, 31), **common)
    session.flush()
    return ongoing, quarterly, late


@pytest.mark.parametrize(
    ("ongoing", "recurrence", "continuing"),
    [
        (True, None, True),
        (False, QUARTERLY, True),
        (False, {"every": "term", "due_dates": []}, True),
        (False, None, False),
    ],
)
def test_what_counts_as_continuing(ongoing: bool, recurrence: dict | None, continuing: bool) -> None:  # type: ignore[type-arg]
    assert is_continuing(ongoing=ongoing, recurrence=recurrence) is continuing
    light = light_for(
        date(2026, 12, 31), TaskStatus.IN_PROGRESS, DRAFTING_DAY, Thresholds(), continuing=continuing
    )
    assert light is (Light.NONE if continuing else Light.ORANGE)


def test_the_sql_rule_answers_as_the_python_rule(session: Session, year) -> None:  # type: ignore[no-untyped-def]
    ongoing, quarterly, late = year
    ids = [ongoing.id, quarterly.id, late.id]
    continuing = set(session.scalars(select(Task.id).where(Task.id.in_(ids), continuing_clause())))
    overdue = set(session.scalars(select(Task.id).where(Task.id.in_(ids), overdue_clause(DRAFTING_DAY))))
    assert continuing == {ongoing.id, quarterly.id}
    assert overdue == {late.id}


def test_the_board_and_the_dashboard_light_only_the_late_ordinary_task(
    session: Session,
    town,
    year,
    sign_in,  # type: ignore[no-untyped-def]
) -> None:
    ongoing, quarterly, late = year
    thresholds = Thresholds()
    conditions = task_conditions(BoardFilters(plan_id=town.plan.id), None, DRAFTING_DAY, thresholds)
    total, counts = light_counts(session, conditions, DRAFTING_DAY, thresholds)
    assert (total, counts) == (4, {Light.BLUE: 0, Light.ORANGE: 1, Light.RED: 0})
    page = board_page(
        session, BoardFilters(plan_id=town.plan.id), me=None, today=DRAFTING_DAY, thresholds=thresholds
    )
    lights = {row.id: row.light for group in page.groups for row in group.rows}
    assert lights == {
        town.task.id: Light.NONE,
        ongoing.id: Light.NONE,
        quarterly.id: Light.NONE,
        late.id: Light.ORANGE,
    }
    assert [task.id for task in overdue_tasks(session, town.plan.id, DRAFTING_DAY)] == [late.id]
    assert [row.overdue for row in completion_by_item(session, town.plan.id, DRAFTING_DAY)] == [1]
    overdue_filter = sign_in(town.coordinator).get("/?due=overdue").get_data(as_text=True)
    assert "修订村规民约" in overdue_filter
    assert (
        "常态化开展法治副校长送法进校园" not in overdue_filter
        and "按季度公开救助资金发放情况" not in overdue_filter
    )


def test_no_reminder_mail_calls_continuing_work_overdue(session: Session, settings: Settings, year) -> None:  # type: ignore[no-untyped-def]
    ongoing, quarterly, late = year
    plan = plan_day(session, settings, DRAFTING_DAY)
    overdue = {
        item["task_id"]
        for mail in plan.mails
        for item in mail.payload.get("items", ())
        if item["kind"] == "overdue"
    }
    assert overdue == {late.id}
    tasks = load_tasks(session)
    rules = DayRules(
        DRAFTING_DAY, index_for(DRAFTING_DAY, tasks, is_workday), Organisation(), ReminderThresholds()
    )
    assert [task.id for task, _days in summarise_week(rules, tasks).overdue_tasks] == [late.id]
    run_cycle(session, settings, DRAFTING_DAY)
    mails = [
        email.message_from_bytes(row.data, policy=default) for row in session.scalars(select(DeliveryMessage))
    ]
    texts = [
        part.get_content()
        for mail in mails
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    ]
    assert any("修订村规民约" in text for text in texts)
    for text in texts:
        for line in text.splitlines():
            if ongoing.title in line or quarterly.title in line:
                assert "逾期" not in line, line


def test_the_draft_written_in_january_does_not_call_continuing_work_late(
    session: Session, town, year
) -> None:  # type: ignore[no-untyped-def]
    ongoing, quarterly, _late = year
    text = render_markdown(compose_draft(load_year(session, town.plan, DRAFTING_DAY)))
    assert "修订村规民约" in text
    sentences = [sentence for line in text.splitlines() for sentence in line.split("。")]
    for title in (ongoing.title, quarterly.title):
        told = [sentence for sentence in sentences if title in sentence]
        assert told
        for sentence in told:
            for late in ("逾期", "未完成", "年底前完成"):
                assert late not in sentence, sentence
