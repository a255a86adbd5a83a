"""County 督办: the county's coordinator issues one to some of its towns; each town receives it as an
unassigned task of its active plan, under 上级交办, works it like any task, and the county reads every
town's answer — while a town sees only its own copy."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.board.lights import Thresholds
from tracker.config import Settings
from tracker.duban.answers import visible_duban, visible_dubans
from tracker.duban.models import AREA_TITLE, Duban, DubanTask
from tracker.duban.service import Order, issue_duban
from tracker.errors import NotAllowed, RuleError
from tracker.inbox.waiting import Kind, inbox_for
from tracker.organisations.models import OrgKind
from tracker.plans.lifecycle import archive_plan
from tracker.plans.models import PlanItem
from tracker.reminders.cycle import plan_day
from tracker.tasks.assignment import Assignment, assign_task
from tracker.tasks.evidence import Upload, evidence_store
from tracker.tasks.models import Task
from tracker.tasks.progress import ProgressReport, file_progress

TODAY = date(2026, 3, 2)  # the `settings` fixture's day
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _order(*towns, title: str = "开展行政执法案卷自查", deadline: date = date(2026, 3, 20)) -> Order:  # type: ignore[no-untyped-def]
    return Order(
        title=title,
        text="对2025年度行政执法案卷逐卷自查，形成自查报告。",
        deadline=deadline,
        requires_evidence=True,
        town_ids=tuple(town.organisation.id for town in towns),
    )


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Duban, DubanTask, Task, PlanItem)
    )


def _assign_in_town(session: Session, task: Task, town) -> None:  # type: ignore[no-untyped-def]
    """The town's coordinator gives it to 司法所 and its 责任人, as any task of the town."""
    assignment = Assignment(
        task.version_id, town.lead.id, owner_id=town.owner.id, deadline=task.deadline, requires_evidence=True
    )
    assign_task(session, task, assignment, by=town.coordinator)


def test_issued_to_two_towns_it_is_one_unassigned_task_in_each_towns_plan_under_上级交办(
    session: Session,
    county,  # type: ignore[no-untyped-def]
) -> None:
    duban = issue_duban(session, _order(county.east, county.west), by=county.coordinator, today=TODAY)

    assert duban.organisation_id == county.organisation.id and duban.year == 2026
    assert [row.organisation_id for row in duban.towns] == [
        county.east.organisation.id,
        county.west.organisation.id,
    ]
    for town, row in zip(county.towns, duban.towns, strict=True):
        task = row.task
        assert task is not None and task.plan_id == town.plan.id
        assert task.organisation_id == town.organisation.id
        assert task.plan_item.parent is not None and task.plan_item.parent.title == AREA_TITLE
        assert task.plan_item.parent.parent_id is None  # an area of the plan, beside 一是…
        assert (task.title, task.deadline, task.requires_evidence) == (
            "开展行政执法案卷自查",
            date(2026, 3, 20),
            True,
        )
        assert task.lead_department_id is None and task.owner_id is None


def test_a_second_duban_goes_under_the_same_上级交办_area(session: Session, county) -> None:  # type: ignore[no-untyped-def]
    first = issue_duban(session, _order(county.east), by=county.coordinator, today=TODAY)
    second = issue_duban(
        session, _order(county.east, title="排查矛盾纠纷"), by=county.coordinator, today=TODAY
    )
    areas = [row.task.plan_item.parent_id for row in (*first.towns, *second.towns)]
    assert len(set(areas)) == 1
    tops = [item.title for item in county.east.plan.top_items]
    assert tops.count(AREA_TITLE) == 1 and tops[-1] == AREA_TITLE


def test_a_town_without_an_active_plan_for_the_year_refuses_the_whole_duban_naming_it(
    session: Session,
    county,
    make_organisation,  # type: ignore[no-untyped-def]
) -> None:
    archive_plan(session, county.west.plan, by=county.west.coordinator)
    before = _counts(session)
    with pytest.raises(RuleError) as refused:
        issue_duban(session, _order(county.east, county.west), by=county.coordinator, today=TODAY)
    assert "西镇" in refused.value.message and "东镇" not in refused.value.message
    assert "2026年度" in refused.value.message and refused.value.field == "town_ids"
    assert _counts(session) == before  # nothing written for 东镇 either


def test_only_a_countys_coordinator_issues_and_only_to_its_own_towns(
    session: Session,
    county,
    town,
    make_organisation,
    make_user,  # type: ignore[no-untyped-def]
) -> None:
    for person in (county.east.coordinator, county.viewer, county.leader, town.coordinator):
        with pytest.raises(NotAllowed):
            issue_duban(session, _order(county.east), by=person, today=TODAY)
    with pytest.raises(RuleError, match="不属于清源县"):
        issue_duban(session, _order(town), by=county.coordinator, today=TODAY)
    elsewhere = make_organisation("远山县", OrgKind.COUNTY)
    stranger = make_user("far_li", county.coordinator.role, organisation=elsewhere)
    with pytest.raises(RuleError, match="不属于远山县"):
        issue_duban(session, _order(county.east), by=stranger, today=TODAY)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": " "}, "title"), ({"deadline": date(2026, 3, 1)}, "deadline"), ({"town_ids": ()}, "town_ids")],
)
def test_an_incomplete_order_is_refused_beside_its_field(session: Session, county, change, field) -> None:  # type: ignore[no-untyped-def]
    order = Order(**{**vars(_order(county.east)), **change})
    with pytest.raises(RuleError) as refused:
        issue_duban(session, order, by=county.coordinator, today=TODAY)
    assert refused.value.field == field


def test_town_a_never_sees_town_bs_copy(session: Session, county, sign_in) -> None:  # type: ignore[no-untyped-def]
    both = issue_duban(session, _order(county.east, county.west), by=county.coordinator, today=TODAY)
    west_only = issue_duban(
        session, _order(county.west, title="西镇专项"), by=county.coordinator, today=TODAY
    )
    east = county.east
    for person in (east.coordinator, east.owner, east.viewer):
        seen = visible_dubans(session, person)
        assert [(s.duban.id, [row.organisation_id for row in s.towns]) for s in seen] == [
            (both.id, [east.organisation.id])
        ]
        with pytest.raises(NotFound):
            visible_duban(session, person, west_only.id)
    client = sign_in(east.coordinator)
    assert client.get(f"/duban/{west_only.id}").status_code == 404
    page = client.get(f"/duban/{both.id}").get_data(as_text=True)
    assert "东镇" in page and "西镇" not in page


def test_the_town_coordinator_finds_it_in_待我处理_and_assigns_it_as_any_task(
    session: Session, county
) -> None:  # type: ignore[no-untyped-def]
    duban = issue_duban(session, _order(county.east), by=county.coordinator, today=TODAY)
    task = duban.towns[0].task
    east = county.east
    waiting = inbox_for(session, east.coordinator, TODAY, Thresholds())
    unassigned = next(section for section in waiting.sections if section.kind is Kind.UNASSIGNED)
    assert task.id in [row.id for row in unassigned.rows]

    _assign_in_town(session, task, east)
    mine = inbox_for(session, east.owner, TODAY, Thresholds()).sections[0]
    assert mine.kind is Kind.MINE and task.id in [row.id for row in mine.rows]


def test_reminders_speak_of_it_as_of_any_task_once_it_has_a_责任人(
    session: Session,
    county,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    duban = issue_duban(session, _order(county.east), by=county.coordinator, today=TODAY)
    task, east = duban.towns[0].task, county.east
    _assign_in_town(session, task, east)
    mails = plan_day(session, settings, date(2026, 3, 18)).mails  # two working days before the deadline
    to_owner = [mail for mail in mails if mail.recipient_id == east.owner.id]
    assert to_owner and "开展行政执法案卷自查" in str(to_owner[0].payload)


def test_the_county_reads_each_towns_answer_with_its_evidence(
    session: Session,
    county,
    settings: Settings,
    sign_in,  # type: ignore[no-untyped-def]
) -> None:
    duban = issue_duban(session, _order(county.east, county.west), by=county.coordinator, today=TODAY)
    task, east = duban.towns[0].task, county.east
    _assign_in_town(session, task, east)
    report = ProgressReport(
        "已自查案卷 36 卷，形成自查报告。", TODAY, percent=80, uploads=(Upload("自查报告.png", PNG),)
    )
    file_progress(
        session,
        task,
        report,
        by=east.owner,
        today=TODAY,
        store=evidence_store(settings),
        max_upload_bytes=10**6,
    )

    seen = visible_duban(session, county.viewer, duban.id)
    assert [row.organisation.name for row in seen.towns] == ["东镇", "西镇"]
    for person in (county.coordinator, county.viewer, county.leader):
        page = sign_in(person).get(f"/duban/{duban.id}").get_data(as_text=True)
        assert "已自查案卷 36 卷" in page and "自查报告.png" in page and "80%" in page
        assert "西镇" in page and "待分配" in page  # 西镇 has not assigned it yet
    evidence = task.progress_entries[0].evidence[0]
    with sign_in(county.viewer).get(f"/tasks/{task.id}/evidence/{evidence.id}") as download:
        assert download.status_code == 200 and download.data == PNG


def test_the_issue_form_comes_back_filled_in_when_refused_and_says_which_towns_have_no_plan(
    session: Session,
    county,
    sign_in,
    csrf_of,  # type: ignore[no-untyped-def]
) -> None:
    archive_plan(session, county.west.plan, by=county.west.coordinator)
    client = sign_in(county.coordinator)
    page = client.get("/duban").get_data(as_text=True)
    assert "无2026年度在办计划" in page and 'id="duban-form"' in page
    form = {
        "csrf_token": csrf_of(client, "/duban"),
        "title": "开展行政执法案卷自查",
        "deadline": "2026-03-20",
        "town_ids": [str(county.east.organisation.id), str(county.west.organisation.id)],
    }
    refused = client.post("/duban", data=form)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "以下镇没有2026年度在办的计划" in body
    assert 'value="开展行政执法案卷自查"' in body
    issued = client.post("/duban", data={**form, "town_ids": [str(county.east.organisation.id)]})
    assert issued.status_code == 303
    assert "东镇" in client.get(issued.headers["Location"]).get_data(as_text=True)


def test_a_town_coordinator_gets_no_issue_form(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(county.east.coordinator).get("/duban").get_data(as_text=True)
    assert 'id="duban-form"' not in page and "督办" in page


def test_the_api_issues_and_lists_within_the_same_rule(session: Session, county, app) -> None:  # type: ignore[no-untyped-def]
    def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
        return {"Authorization": f"Bearer {issue_token(session, user, TokenPurpose.API, '测试')[0]}"}

    client = app.test_client()
    body = {
        "title": "开展行政执法案卷自查",
        "deadline": "2026-03-20",
        "requires_evidence": True,
        "town_ids": [county.east.organisation.id, county.west.organisation.id],
    }
    refused = client.post("/api/v1/duban", json=body, headers=bearer(county.east.coordinator))
    assert refused.status_code == 403 and "县级" in refused.json["error"]
    created = client.post("/api/v1/duban", json=body, headers=bearer(county.coordinator))
    assert created.status_code == 201, created.json
    assert [row["town"]["name"] for row in created.json["towns"]] == ["东镇", "西镇"]
    assert all(row["task"]["owner"] is None for row in created.json["towns"])
    listed = client.get("/api/v1/duban", headers=bearer(county.west.owner)).json["duban"]
    assert [[row["town"]["name"] for row in d["towns"]] for d in listed] == [["西镇"]]
