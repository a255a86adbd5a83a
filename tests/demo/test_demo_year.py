"""The demo town's year of records (`tracker quickstart`): its report draft reads complete, nothing is
dated after today, running it again adds nothing, and a coordinator's own 整改 is never overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.demo.people import ensure_demo_people
from tracker.demo.plan import ensure_demo_plan
from tracker.demo.records import COORDINATOR, demo_duties, ensure_demo_year
from tracker.duties.models import DutyRecord
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan, RectificationState, Shortcoming
from tracker.reports.composition import compose_draft
from tracker.reports.loading import load_year
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import ProgressEntry, Task, TaskStatus

DRAFTING_DAY = date(2026, 12, 2)


def demo_plan(session: Session) -> Plan:
    home = sole_organisation(session).id
    ensure_demo_people(session, home)
    return ensure_demo_plan(session, home)


def counts(session: Session) -> tuple[int, int]:
    entries = session.scalar(select(func.count()).select_from(ProgressEntry))
    duties = session.scalar(select(func.count()).select_from(DutyRecord))
    return entries or 0, duties or 0


def test_the_quickstart_draft_has_every_part_filled_from_records(session: Session, tmp_path: Path) -> None:
    plan = demo_plan(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    draft = compose_draft(load_year(session, plan, DRAFTING_DAY))
    assert draft.gaps == ()
    text = {key: "".join(p.text for p in draft.section(key).paragraphs()) for key in ("duty", "other")}
    assert "带头尊法学法，全年会前学法2次" in text["duty"]
    assert text["other"] == "本年度无其他需要报告的情况。"
    states = session.scalars(select(Shortcoming.rectification_state).where(Shortcoming.plan_id == plan.id))
    assert sorted(states) == sorted([RectificationState.DONE, *[RectificationState.IN_PROGRESS] * 2])
    done = session.scalars(select(Task.title).where(Task.plan_id == plan.id, Task.status == TaskStatus.DONE))
    assert sorted(done) == ["5月底前组织民法典宣传月活动", "持续深化政务公开"]


def test_running_it_again_adds_nothing(session: Session, tmp_path: Path) -> None:
    plan = demo_plan(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    first = counts(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    assert counts(session) == first


def test_records_dated_after_today_wait_for_their_day(session: Session, tmp_path: Path) -> None:
    plan = demo_plan(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), date(2026, 6, 1))
    latest = session.scalar(select(func.max(ProgressEntry.entry_date)))
    assert latest is not None and latest <= date(2026, 6, 1)
    assert session.scalar(select(func.max(DutyRecord.held_on))) <= date(2026, 6, 1)
    early = counts(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    assert counts(session) > early


def test_the_register_lines_are_the_demo_coordinators_and_a_started_rectification_is_left_alone(
    session: Session, tmp_path: Path
) -> None:
    plan = demo_plan(session)
    short = session.scalars(select(Shortcoming).where(Shortcoming.plan_id == plan.id)).first()
    assert short is not None
    short.rectification_measures = "协调人自己写的整改措施"
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    assert short.rectification_measures == "协调人自己写的整改措施"
    assert short.rectification_state is RectificationState.OPEN
    coordinator = session.scalar(select(User).where(User.username == COORDINATOR))
    assert coordinator is not None
    every_line = session.scalars(select(DutyRecord.id)).all()
    assert sorted(session.scalars(demo_duties(coordinator.id).with_only_columns(DutyRecord.id))) == sorted(
        every_line
    )


def test_its_history_reads_as_its_people_s_work(session: Session, tmp_path: Path) -> None:
    """办结 and 进展 by the owner who is their author, as a real year's history reads."""
    from tracker.tasks.history import task_history

    plan = demo_plan(session)
    ensure_demo_year(session, plan, EvidenceStore(tmp_path), DRAFTING_DAY)
    closed = session.scalars(
        select(Task).where(Task.plan_id == plan.id, Task.status == TaskStatus.DONE)
    ).first()
    assert closed is not None
    lines = task_history(session, closed)
    authors = {entry.author.display_name for entry in closed.progress_entries}
    done = [line for line in lines if "填报了进展" in line.said or "办结" in line.said]
    assert done and {line.actor for line in done} <= authors, [line.text for line in done]
