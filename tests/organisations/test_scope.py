"""The one rule of who sees which organisation: a town's people their town, a county's people the
county and its towns, the server's operator everything; a row outside the scope is a 404."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import NotFound

from tracker.accounts.models import Department, User
from tracker.cli import OPERATOR
from tracker.organisations.scope import in_scope, require_visible, visible_organisation_ids
from tracker.plans.models import Plan
from tracker.tasks.models import Task


def test_a_towns_people_see_their_town_only(session: Session, county) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    for person in (east.coordinator, east.owner, east.leader, east.viewer):
        assert visible_organisation_ids(session, person) == [east.organisation.id]


def test_a_countys_people_see_the_county_and_its_towns_not_a_town_outside_it(
    session: Session,
    county,
    home_town,  # type: ignore[no-untyped-def]
) -> None:
    expected = [county.organisation.id, county.east.organisation.id, county.west.organisation.id]
    for person in (county.coordinator, county.leader, county.viewer):
        assert visible_organisation_ids(session, person) == expected
    assert home_town.id not in expected


def test_the_operator_of_the_server_sees_every_organisation(session: Session, county, home_town) -> None:  # type: ignore[no-untyped-def]
    seen = visible_organisation_ids(session, OPERATOR)
    assert set(seen) == {home_town.id, county.organisation.id, *(t.organisation.id for t in county.towns)}


@pytest.mark.parametrize("model", [Plan, Task, Department, User])
def test_in_scope_keeps_the_rows_of_the_organisations_seen(session: Session, county, model) -> None:  # type: ignore[no-untyped-def]
    def seen_by(person: User) -> set[int]:
        rows = session.scalars(select(model).where(in_scope(model.organisation_id, person)))
        return {row.organisation_id for row in rows}

    east, west = county.east.organisation.id, county.west.organisation.id
    assert seen_by(county.east.owner) == {east}
    assert seen_by(county.west.coordinator) == {west}
    assert {east, west} <= seen_by(county.viewer) <= {east, west, county.organisation.id}


def test_tasks_take_their_plans_organisation(county) -> None:  # type: ignore[no-untyped-def]
    for town in county.towns:
        assert town.task.organisation_id == town.plan.organisation_id == town.organisation.id


def test_another_towns_row_is_not_found_as_a_missing_one_is(county) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    assert require_visible(east.owner, east.task) is east.task
    assert require_visible(county.viewer, west.task) is west.task
    with pytest.raises(NotFound):
        require_visible(east.owner, west.task)
    with pytest.raises(NotFound):
        require_visible(west.coordinator, east.plan)
    with pytest.raises(NotFound):
        require_visible(east.owner, None)


def test_a_town_outside_the_county_is_out_of_the_countys_scope(county, town) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        require_visible(county.coordinator, town.task)
    with pytest.raises(NotFound):
        require_visible(town.coordinator, county.east.task)
