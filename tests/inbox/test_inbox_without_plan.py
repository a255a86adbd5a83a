"""待我处理 in a town without an active plan: nothing can wait for anyone there, so the page says why
and how to begin — the coordinator is sent to import the plan (or to confirm the one imported), the
town's other people read that no plan is there yet and nothing is assigned to them — instead of
saying that everything is in order."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tracker.accounts.models import Role
from tracker.board.lights import Thresholds
from tracker.clock import stamp
from tracker.inbox.waiting import NoPlan, inbox_for
from tracker.organisations.models import OrgKind
from tracker.plans.models import PlanStatus

PASSWORD = "correct-horse-42"  # the factories' password
IMPORT_LINK = '<a href="/plans#upload-form">请先导入计划</a>'
ALL_IN_ORDER = ("所有任务都已落实牵头单位和责任人", "没有待审批的延期申请", "您负责的任务都已办结")


@pytest.fixture
def south(make_organisation, make_department, make_user):  # type: ignore[no-untyped-def]
    """南镇, a town whose people are set up and whose plan is not: coordinator `s_li`, owner
    `s_zhang` (司法所), 分管领导 `s_wang`."""
    town = make_organisation("南镇")
    leader = make_user("s_wang", Role.LEADER, organisation=town)
    unit = make_department("司法所", leader=leader, organisation=town)
    return SimpleNamespace(
        organisation=town,
        coordinator=make_user("s_li", Role.COORDINATOR, organisation=town),
        owner=make_user("s_zhang", Role.OWNER, unit),
        leader=leader,
    )


def _landing_page(app, person) -> str:  # type: ignore[no-untyped-def]
    """What `person` reads right after signing in."""
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/login", data={"username": person.username, "password": PASSWORD})
    assert response.headers["Location"] == "/inbox"
    return client.get("/inbox").get_data(as_text=True)


def test_a_coordinator_without_a_plan_is_sent_to_import_one(app, south) -> None:  # type: ignore[no-untyped-def]
    page = _landing_page(app, south.coordinator)
    assert f"本镇尚未导入年度计划。{IMPORT_LINK}" in page
    assert not any(words in page for words in ALL_IN_ORDER)
    client = app.test_client()
    client.post("/login", data={"username": "s_li", "password": PASSWORD})
    assert 'id="upload-form"' in client.get("/plans").get_data(as_text=True)  # where the link leads


def test_the_towns_other_people_read_that_nothing_is_assigned_yet(app, south) -> None:  # type: ignore[no-untyped-def]
    for person in (south.owner, south.leader):
        page = _landing_page(app, person)
        assert "本镇尚未导入年度计划，还没有分配给您的任务。" in page
        assert "/plans#upload-form" not in page and not any(words in page for words in ALL_IN_ORDER)


def test_an_imported_plan_not_yet_confirmed_is_to_be_reviewed_not_imported_again(
    app, session, south, make_plan
) -> None:  # type: ignore[no-untyped-def]
    draft = make_plan(organisation=south.organisation)
    draft.status = PlanStatus.DRAFT
    session.flush()
    page = _landing_page(app, south.coordinator)
    assert f'本镇的年度计划已导入，尚未确认。<a href="/plans/{draft.id}">请审核并确认计划</a>' in page
    assert IMPORT_LINK not in page
    assert "本镇的年度计划尚未确认，还没有分配给您的任务。" in _landing_page(app, south.owner)


@pytest.mark.parametrize("kind", ["archived", "the demo's"])
def test_an_archived_plan_or_the_demos_is_no_plan_of_the_towns(session, south, make_plan, kind: str) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(organisation=south.organisation)
    if kind == "archived":
        plan.archived_at = stamp()
    else:
        plan.is_demo = True
    session.flush()
    inbox = inbox_for(session, south.coordinator, stamp().date(), Thresholds())
    assert inbox.no_plan == NoPlan(draft_id=None) and inbox.sections == []


def test_a_town_with_an_active_plan_and_a_countys_own_people_are_not_told_so(
    session, app, town, make_organisation, make_user
) -> None:  # type: ignore[no-untyped-def]
    assert inbox_for(session, town.coordinator, stamp().date(), Thresholds()).no_plan is None
    county = make_organisation("清源县", OrgKind.COUNTY)
    county_coordinator = make_user("county_li", Role.COORDINATOR, organisation=county)
    assert inbox_for(session, county_coordinator, stamp().date(), Thresholds()).no_plan is None
    page = _landing_page(app, town.coordinator)
    assert "本镇尚未导入" not in page and "所有问题都已登记整改情况" in page
