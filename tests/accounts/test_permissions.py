"""The permission rules, as pure functions of a person and a task's units."""

from dataclasses import dataclass

import pytest

from tracker.accounts import permissions as p
from tracker.accounts.models import Role

UNITS = p.TaskUnits(
    organisation_id=1, lead_department_id=1, support_department_ids=frozenset({2}), supervising_leader_id=10
)


@dataclass
class Someone:
    id: int
    role: Role
    department_id: int | None
    organisation_id: int | None = 1


COORDINATOR = Someone(1, Role.COORDINATOR, None)
LEAD_OWNER = Someone(2, Role.OWNER, 1)
SUPPORT_OWNER = Someone(3, Role.OWNER, 2)
OUTSIDER = Someone(4, Role.OWNER, 3)
SUPERVISOR = Someone(10, Role.LEADER, None)
OTHER_LEADER = Someone(11, Role.LEADER, 1)
VIEWER = Someone(12, Role.VIEWER, 1)

# (rule, person, allowed)
TABLE = [
    (p.can_add_progress, COORDINATOR, True),
    (p.can_add_progress, LEAD_OWNER, True),
    (p.can_add_progress, SUPPORT_OWNER, True),
    (p.can_add_progress, OUTSIDER, False),
    (p.can_add_progress, SUPERVISOR, False),
    (p.can_add_progress, VIEWER, False),
    (p.can_close, COORDINATOR, True),
    (p.can_close, LEAD_OWNER, True),
    (p.can_close, SUPPORT_OWNER, False),
    (p.can_close, OUTSIDER, False),
    (p.can_close, VIEWER, False),
    (p.can_request_extension, LEAD_OWNER, True),
    (p.can_request_extension, SUPPORT_OWNER, False),
    (p.can_decide_extension, SUPERVISOR, True),
    (p.can_decide_extension, OTHER_LEADER, False),
    (p.can_decide_extension, LEAD_OWNER, False),
    (p.can_decide_extension, COORDINATOR, True),
    (p.can_decide_extension, VIEWER, False),
]


@pytest.mark.parametrize(("rule", "person", "allowed"), TABLE)
def test_task_rules(rule, person, allowed) -> None:  # type: ignore[no-untyped-def]
    assert rule(person, UNITS) is allowed


@pytest.mark.parametrize("person", [LEAD_OWNER, SUPERVISOR, VIEWER, SUPPORT_OWNER])
def test_only_coordinators_assign_and_administer(person) -> None:  # type: ignore[no-untyped-def]
    assert not p.can_assign(person)
    assert not p.can_administer(person)
    assert p.can_assign(COORDINATOR) and p.can_administer(COORDINATOR)


def test_a_person_without_a_unit_is_in_no_unit() -> None:
    nobody = Someone(5, Role.OWNER, None)
    assert not p.can_add_progress(nobody, p.TaskUnits(organisation_id=1, lead_department_id=None))


@pytest.mark.parametrize(
    "rule", [p.can_add_progress, p.can_close, p.can_request_extension, p.can_decide_extension]
)
def test_nobody_changes_another_organisations_task(rule) -> None:  # type: ignore[no-untyped-def]
    """A county's coordinator (or anyone of another organisation) reads a town's task, changes nothing;
    the server's operator, of no organisation, may."""
    elsewhere = p.TaskUnits(organisation_id=2, lead_department_id=1, supervising_leader_id=10)
    for person in (COORDINATOR, LEAD_OWNER, SUPERVISOR):
        assert not rule(person, elsewhere)
    assert rule(Someone(0, Role.COORDINATOR, None, organisation_id=None), elsewhere)


def test_the_holiday_schedule_is_entered_from_the_top_of_the_installation() -> None:
    """A coordinator with no county above (the county's own, or a town alone) enters it; a town's
    coordinator in a county, and anyone who is not a coordinator, only reads it; so may the operator."""
    assert p.can_enter_holidays(COORDINATOR, under_county=False)
    assert not p.can_enter_holidays(COORDINATOR, under_county=True)
    for person in (LEAD_OWNER, SUPERVISOR, VIEWER):
        assert not p.can_enter_holidays(person, under_county=False)
    assert p.can_enter_holidays(Someone(0, Role.COORDINATOR, None, organisation_id=None), under_county=False)
