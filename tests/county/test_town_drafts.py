"""The county's list of the towns' drafts is read in a fixed number of queries, one per kind of row
(plans, current submissions, newest finished files, counts of files), however many towns the county
has; and each town's line says what the town's own page says of it (`town_draft`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.organisations.models import Organisation, OrgKind
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus, ReportSubmission
from tracker.reports.submissions import DraftStatus, town_draft, town_drafts

YEAR = 2026
STATES = ("no plan", "plan only", "failed file", "submitted", "withdrawn")


def _file(session: Session, plan, status: ReportRunStatus, minutes: int = 0) -> ReportRun:  # type: ignore[no-untyped-def]
    run = ReportRun(plan_id=plan.id, format=ReportFormat.DOCX, status=status)
    if status is ReportRunStatus.DONE:
        run.finished_at = stamp() + timedelta(minutes=minutes)
    session.add(run)
    session.flush()
    return run


def _submit(session: Session, plan, run: ReportRun, *, read: bool = False, withdrawn: bool = False) -> None:  # type: ignore[no-untyped-def]
    submission = ReportSubmission(plan_id=plan.id, run_id=run.id)
    submission.read_at = stamp() if read else None
    submission.withdrawn_at = stamp() if withdrawn else None
    session.add(submission)
    session.flush()


@pytest.fixture
def add_town(session: Session, make_organisation, make_plan):  # type: ignore[no-untyped-def]
    """`add_town(county, name, state)`: a town of the county whose 2026 draft is in `state` (one of
    STATES), and what its line must show: (status, note, plan, newest finished file)."""

    def add(county: Organisation, name: str, state: str) -> tuple[Organisation, tuple[object, ...]]:
        town = make_organisation(name, parent=county)
        if state == "no plan":
            make_plan(year=YEAR - 1, organisation=town)  # last year's plan does not count
            return town, (DraftStatus.NOT_STARTED, "无已确认的2026年度计划", None, None)
        demo = make_plan(organisation=town)
        demo.is_demo = True
        plan = make_plan(organisation=town)  # the town's own plan comes before the shipped demo
        _file(session, demo, ReportRunStatus.DONE)
        if state == "plan only":
            return town, (DraftStatus.NOT_STARTED, "尚未生成草稿文件", plan, None)
        if state == "failed file":
            _file(session, plan, ReportRunStatus.FAILED)
            return town, (DraftStatus.DRAFTING, "草稿文件生成中或生成失败", plan, None)
        older = _file(session, plan, ReportRunStatus.DONE)
        newest = _file(session, plan, ReportRunStatus.DONE, minutes=5)
        _file(session, plan, ReportRunStatus.RUNNING)
        if state == "submitted":
            _submit(session, plan, older, read=True)
            return town, (DraftStatus.SUBMITTED, "县级已阅", plan, newest)
        _submit(session, plan, older, withdrawn=True)  # state == "withdrawn"
        return town, (DraftStatus.DRAFTING, "已生成草稿文件，尚未提交", plan, newest)

    return add


def _county(make_organisation, add_town, times: int):  # type: ignore[no-untyped-def]
    county = make_organisation(f"{times}号县", OrgKind.COUNTY)
    made = [
        add_town(county, f"{county.name}{state}{index}镇", state)
        for index in range(times)
        for state in STATES
    ]
    return [town for town, _ in made], [expected for _, expected in made]


def _shown(drafts) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [(d.status, d.note, d.plan, d.latest_file) for d in drafts]


def test_each_towns_line_says_where_its_draft_stands(session: Session, make_organisation, add_town) -> None:  # type: ignore[no-untyped-def]
    towns, expected = _county(make_organisation, add_town, 1)
    drafts = town_drafts(session, towns, YEAR)
    assert [d.town for d in drafts] == towns
    assert _shown(drafts) == expected
    assert drafts == [town_draft(session, town, YEAR) for town in towns]


def test_the_number_of_queries_does_not_grow_with_the_towns(
    session: Session, engine_database, make_organisation, add_town, count_queries
) -> None:  # type: ignore[no-untyped-def]
    counts = []
    for times in (1, 3):
        towns, expected = _county(make_organisation, add_town, times)
        with count_queries(engine_database.engine) as statements:
            drafts = town_drafts(session, towns, YEAR)
        assert _shown(drafts) == expected
        counts.append(len(statements))
    assert counts == [4, 4], counts  # plans, current submissions, newest finished files, counts of files
