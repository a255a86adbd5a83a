"""待我处理: each person sees what waits for them across every active plan — last year's unfinished
work included, archived plans and drafts left out — and the menu counts the same rows."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tracker.board.lights import Light, Thresholds
from tracker.clock import stamp
from tracker.inbox.waiting import Inbox, Kind, inbox_for, waiting_count
from tracker.plans.models import PlanStatus, RectificationState, Shortcoming
from tracker.tasks.extensions import request_extension
from tracker.tasks.models import TaskStatus

TODAY = date(2026, 3, 2)  # the `settings` fixture's day
PASSWORD = "correct-horse-42"


@pytest.fixture
def year(town, session, make_plan, make_task):  # type: ignore[no-untyped-def]
    """Two active plans (2025, with work left over, and 2026), an archived plan and a draft, each with
    tasks for 张 (`zhang`, 司法所, whose 分管领导 is 王 `wang`)."""
    last_year = make_plan(2025)
    leftover = make_task(
        last_year,
        "上年度未完成的普法任务",
        lead_department=town.lead,
        owner=town.owner,
        deadline=date(2025, 12, 19),
    )
    make_task(
        last_year,
        "上年度已办结的任务",
        lead_department=town.lead,
        owner=town.owner,
        deadline=date(2025, 6, 30),
        status=TaskStatus.DONE,
    )
    no_unit = make_task(last_year, "上年度未定牵头单位的任务", deadline=date(2025, 12, 31))
    no_owner = make_task(town.plan, "未定责任人的任务", lead_department=town.lead, deadline=date(2026, 9, 30))
    archived = make_plan(2024)
    archived.archived_at = stamp()
    make_task(
        archived, "已归档计划的任务", lead_department=town.lead, owner=town.owner, deadline=date(2024, 12, 31)
    )
    draft = make_plan(2027)
    draft.status = PlanStatus.DRAFT
    make_task(
        draft, "草稿计划的任务", lead_department=town.lead, owner=town.owner, deadline=date(2027, 6, 30)
    )
    elsewhere = make_task(
        town.plan,
        "执法办的任务",
        lead_department=town.unrelated,
        owner=town.outsider,
        deadline=date(2026, 4, 30),
    )
    asked = request_extension(
        session, town.task, by=town.owner, new_deadline=date(2026, 8, 31), reason="等待上级文件", today=TODAY
    )
    request_extension(
        session, elsewhere, by=town.outsider, new_deadline=date(2026, 5, 31), reason="人手不足", today=TODAY
    )
    for position, (plan, text, measures) in enumerate(
        (
            (town.plan, "普法形式单一", None),
            (town.plan, "执法人员培训不足", "已组织集中培训"),
            (archived, "归档年度的问题", None),
        )
    ):
        session.add(
            Shortcoming(
                plan_id=plan.id,
                position=position,
                text=text,
                rectification_measures=measures,
                rectification_state=RectificationState.OPEN,
            )
        )
    session.flush()
    return SimpleNamespace(
        leftover=leftover,
        no_unit=no_unit,
        no_owner=no_owner,
        asked=asked,
        archived=archived,
        last_year=last_year,
    )


def _inbox(session, person) -> Inbox:  # type: ignore[no-untyped-def]
    return inbox_for(session, person, TODAY, Thresholds())


def _titles(inbox: Inbox, kind: Kind) -> list[str]:
    (section,) = [section for section in inbox.sections if section.kind is kind]
    return [
        getattr(row, "title", None) or getattr(row, "task_title", None) or row.text for row in section.rows
    ]


def test_an_owner_sees_their_open_tasks_of_every_active_plan_worst_first(town, session, year) -> None:  # type: ignore[no-untyped-def]
    inbox = _inbox(session, town.owner)
    assert [section.kind for section in inbox.sections] == [Kind.MINE]
    assert _titles(inbox, Kind.MINE) == ["上年度未完成的普法任务", "开展法治讲座"]
    leftover = inbox.sections[0].rows[0]
    assert (leftover.plan_year, leftover.light) == (2025, Light.RED)
    assert waiting_count(session, town.owner, TODAY, Thresholds()) == inbox.total == 2


def test_a_leader_sees_pending_extensions_and_red_tasks_of_their_units(town, session, year) -> None:  # type: ignore[no-untyped-def]
    inbox = _inbox(session, town.leader)
    assert [section.kind for section in inbox.sections] == [Kind.EXTENSIONS, Kind.RED]
    assert _titles(inbox, Kind.EXTENSIONS) == ["开展法治讲座"]
    assert _titles(inbox, Kind.RED) == ["上年度未完成的普法任务"]
    assert waiting_count(session, town.leader, TODAY, Thresholds()) == inbox.total == 2
    other = _inbox(session, town.other_leader)
    assert _titles(other, Kind.EXTENSIONS) == ["执法办的任务"] and _titles(other, Kind.RED) == []


def test_a_coordinator_sees_what_nobody_has_been_given_and_shortcomings_without_rectification(
    town, session, year
) -> None:  # type: ignore[no-untyped-def]
    inbox = _inbox(session, town.coordinator)
    assert _titles(inbox, Kind.UNASSIGNED) == ["上年度未定牵头单位的任务", "未定责任人的任务"]
    assert _titles(inbox, Kind.SHORTCOMINGS) == ["普法形式单一"]
    assert _titles(inbox, Kind.EXTENSIONS) == []  # every unit here has a 分管领导 who decides
    assert waiting_count(session, town.coordinator, TODAY, Thresholds()) == inbox.total == 3


def test_a_viewer_reads_a_summary_of_the_active_plans_and_is_asked_nothing(town, session, year) -> None:  # type: ignore[no-untyped-def]
    inbox = _inbox(session, town.viewer)
    assert inbox.sections == [] and waiting_count(session, town.viewer, TODAY, Thresholds()) == 0
    assert [(plan.year, plan.total, plan.done, plan.red) for plan in inbox.summary] == [
        (2026, 3, 0, 0),
        (2025, 3, 1, 2),
    ]


def test_archiving_a_plan_takes_its_work_out_of_every_inbox(town, session, year) -> None:  # type: ignore[no-untyped-def]
    year.last_year.archived_at = stamp()
    session.flush()
    assert _titles(_inbox(session, town.owner), Kind.MINE) == ["开展法治讲座"]
    assert _titles(_inbox(session, town.leader), Kind.RED) == []
    assert _titles(_inbox(session, town.coordinator), Kind.UNASSIGNED) == ["未定责任人的任务"]
    assert [plan.year for plan in _inbox(session, town.viewer).summary] == [2026]


def test_a_decided_request_no_longer_waits(town, session, year) -> None:  # type: ignore[no-untyped-def]
    from tracker.tasks.extensions import decide_extension

    decide_extension(session, year.asked, by=town.leader, approve=True)
    assert _titles(_inbox(session, town.leader), Kind.EXTENSIONS) == []


def test_the_page_and_the_menu_count_show_it_and_signing_in_lands_there(
    town, session, year, app, sign_in
) -> None:  # type: ignore[no-untyped-def]
    owner = sign_in(town.owner)
    page = owner.get("/inbox").get_data(as_text=True)
    assert (
        "上年度未完成的普法任务" in page and "已归档计划的任务" not in page and "草稿计划的任务" not in page
    )
    assert '<span class="badge"' in owner.get("/").get_data(as_text=True)
    leader_page = sign_in(town.leader).get("/inbox").get_data(as_text=True)
    assert f"/tasks/{town.task.id}#decide-form" in leader_page and "等待上级文件" in leader_page
    viewer_page = sign_in(town.viewer).get("/inbox").get_data(as_text=True)
    assert "各计划任务概况" in viewer_page and '<span class="badge"' not in viewer_page
    app.config["WTF_CSRF_ENABLED"] = False
    for target in ("", "?next=/"):
        signed_in = app.test_client().post(
            f"/login{target}", data={"username": "zhang", "password": PASSWORD}
        )
        assert signed_in.headers["Location"] == "/inbox"
