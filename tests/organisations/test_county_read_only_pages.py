"""A county's people read every page of a town and are offered no form they would be refused (403):
whatever page of 东镇 a county coordinator, leader or inspector opens — through `?org=` or by the
address of one of 东镇's plans, tasks or problems — holds no form that changes 东镇's data, and says
whose page it is and that the county only reads it. 东镇's own coordinator finds the same forms there.

The `county` fixture: 清源县 with 东镇 (east) and 西镇 (west), each staffed like `town` with a plan
and one task. Here east also has a draft plan under review, a problem to rectify (整改), a line in
its 履职 register, a failed report run and a pending extension request: every page has something
to change.
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.duties.models import DutyKind, DutyRecord
from tracker.plans.models import PlanStatus, Shortcoming
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus
from tracker.tasks.models import ExtensionRequest

COUNTY_ROLES = ("coordinator", "leader", "viewer")
SIGN_OUT = "/logout"

TOWN_PAGES = {
    "board": "/?org={org}",
    "plans": "/plans?org={org}",
    "confirmed plan": "/plans/{plan}",
    "draft plan": "/plans/{draft}",
    "rectification": "/plans/{plan}/rectification",
    "task": "/tasks/{task}",
    "duties": "/duties?org={org}&year=2026",
    "reports": "/reports/?org={org}&year=2026",
}
"""Every page of one town's data that its own people may change something on, by the address a
county's person reaches it."""

READ_BY_EVERYONE = {
    "print": "/print?org={org}",
    "calendar": "/calendar?org={org}&month=2026-06",
    "dashboard": "/dashboard?org={org}",
    "report preview": "/reports/2026/preview?org={org}",
}
"""Pages of one town's data that nobody changes anything on."""

WRITTEN_BY_THE_TOWN = {
    "plans": "/plans",
    "draft plan": "/plans/{draft}/confirm",
    "rectification": "/plans/{plan}/rectification/{shortcoming}",
    "task": "/tasks/{task}/progress",
    "duties": "/duties/{duty}/delete",
    "reports": "/reports/2026/runs",
}
"""A form the town's own coordinator finds on each page (the same addresses)."""

READ_ONLY_NOTE = "县级机构只读查看"


@pytest.fixture
def east(session: Session, county, make_plan):  # type: ignore[no-untyped-def]
    """东镇 with something to change on each of its pages, and the addresses filled in."""
    town = county.east
    draft = make_plan(2027, organisation=town.organisation)
    draft.status = PlanStatus.DRAFT
    shortcoming = Shortcoming(plan=town.plan, position=0, text="基层法治工作力量相对薄弱")
    duty = DutyRecord(
        organisation_id=town.organisation.id,
        held_on=date(2026, 2, 10),
        kind=DutyKind.STUDY,
        text="镇政府常务会议集体学习《行政复议法》",
        created_at=stamp(),
        created_by_id=town.coordinator.id,
    )
    run = ReportRun(plan_id=town.plan.id, format=ReportFormat.DOCX, status=ReportRunStatus.FAILED)
    extension = ExtensionRequest(
        task=town.task, requested_by=town.owner, requested_deadline=date(2026, 7, 31), reason="等待上级批复"
    )
    session.add_all([shortcoming, duty, run, extension])
    session.flush()
    ids = {
        "org": town.organisation.id,
        "plan": town.plan.id,
        "draft": draft.id,
        "task": town.task.id,
        "shortcoming": shortcoming.id,
        "duty": duty.id,
        "run": run.id,
    }
    return SimpleNamespace(town=town, fill=lambda path: path.format(**ids))


def post_actions(page: str) -> set[str]:
    """Where each `<form method="post">` of the page sends its data."""
    forms = re.findall(r"<form\b[^>]*>", page)
    posting = [form for form in forms if re.search(r'method="post"', form, re.IGNORECASE)]
    return {
        (match.group(1) if (match := re.search(r'action="([^"]*)"', form)) else "").replace("&amp;", "&")
        for form in posting
    }


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_a_countys_people_read_a_towns_pages_with_no_form_and_a_note(east, county, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(county, role))
    for name, path in TOWN_PAGES.items():
        response = client.get(east.fill(path))
        assert response.status_code == 200, name
        page = response.get_data(as_text=True)
        assert post_actions(page) == {SIGN_OUT}, name
        assert READ_ONLY_NOTE in page and "东镇" in page, name


def test_the_towns_own_coordinator_finds_the_forms_there(east, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(east.town.coordinator)
    for name, form in WRITTEN_BY_THE_TOWN.items():
        page = client.get(east.fill(TOWN_PAGES[name])).get_data(as_text=True)
        assert east.fill(form) in post_actions(page), name
        assert READ_ONLY_NOTE not in page, name


@pytest.mark.parametrize("who", ["county coordinator", "town coordinator"])
def test_the_pages_for_reading_hold_no_form_for_anyone(east, county, sign_in, who) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.coordinator if who == "county coordinator" else east.town.coordinator)
    for name, path in READ_BY_EVERYONE.items():
        response = client.get(east.fill(path))
        assert response.status_code == 200, name
        assert post_actions(response.get_data(as_text=True)) == {SIGN_OUT}, name


CHANGING_A_TOWNS_ROW = (
    "/plans/{draft}/confirm",
    "/plans/{plan}/rectification/{shortcoming}",
    "/plans/{plan}/rectification/{shortcoming}/evidence",
    "/tasks/{task}/assign",
    "/tasks/{task}/progress",
    "/duties/{duty}/delete",
    "/reports/runs/{run}/retry",
)


def test_the_forms_kept_from_the_county_would_be_refused(east, county, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    """Hiding them is no courtesy: each form that changes one of 东镇's rows answers the county 403."""
    client = sign_in(county.coordinator)
    token = csrf_of(client)
    for form in CHANGING_A_TOWNS_ROW:
        assert client.post(east.fill(form), data={"csrf_token": token}).status_code == 403, form
