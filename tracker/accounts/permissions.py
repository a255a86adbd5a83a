"""Who may do what to a task: pure functions of the person and the task's units, for pages and API alike.

The rules of the trade (issue 3 §8):
- coordinators (法治办/司法所) may do everything;
- owners change only the tasks whose lead unit (牵头单位) is their department: file progress, upload
  evidence, ask for an extension, close as 办结;
- members of a co-operating unit (配合单位) add progress and evidence but cannot close or extend;
- leaders (分管领导) decide the extension requests of the departments they supervise;
- only coordinators reopen a task closed as 办结 (the closing unit asks them, with a reason);
- viewers (e.g. the county inspector) read everything and change nothing;
- every change is made in the person's own organisation: a county's people read their towns' data
  and change none of it (`may_change_in`); the county's own actions (督办) have rules of their own;
- what is the whole installation's (the holiday schedule) is changed from the top: a county's
  coordinator, or a town's own when no county is above it (`can_enter_holidays`).

Which organisations' rows a person reads is `tracker.organisations.scope`'s rule; among those, these
functions say what they may change. They take plain values (`Person`, `TaskUnits`), so they need
neither Flask nor a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from tracker.accounts.models import Role


class Person(Protocol):
    """The parts of a `User` the rules look at."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> Role: ...
    @property
    def department_id(self) -> int | None: ...
    @property
    def organisation_id(self) -> int | None: ...


@dataclass(frozen=True)
class TaskUnits:
    """The organisation and units a task belongs to, and who supervises its lead unit."""

    organisation_id: int
    lead_department_id: int | None
    support_department_ids: frozenset[int] = frozenset()
    supervising_leader_id: int | None = None


READ_ONLY_HERE = "县级机构的人员只能查看各镇的数据，不能修改。"
"""Why a change outside one's own organisation is refused (403)."""


def may_change_in(person: Person, organisation_id: int) -> bool:
    """Changes stay within the person's own organisation; the server's operator (no organisation,
    `tracker` commands) may change any."""
    return person.organisation_id is None or person.organisation_id == organisation_id


def is_coordinator(person: Person) -> bool:
    return person.role == Role.COORDINATOR


def can_write(person: Person) -> bool:
    """Anything at all besides reading: viewers and leaders-as-readers are refused here."""
    return person.role in (Role.COORDINATOR, Role.OWNER)


def in_lead_unit(person: Person, units: TaskUnits) -> bool:
    return person.department_id is not None and person.department_id == units.lead_department_id


def in_support_unit(person: Person, units: TaskUnits) -> bool:
    return person.department_id is not None and person.department_id in units.support_department_ids


def can_assign(person: Person) -> bool:
    """Set a task's lead and co-operating units, 责任人, deadline, evidence rule."""
    return is_coordinator(person)


def can_add_progress(person: Person, units: TaskUnits) -> bool:
    """File a progress entry or upload evidence: the lead unit and the co-operating units."""
    if not may_change_in(person, units.organisation_id):
        return False
    if is_coordinator(person):
        return True
    return person.role == Role.OWNER and (in_lead_unit(person, units) or in_support_unit(person, units))


def can_close(person: Person, units: TaskUnits) -> bool:
    """Close as 办结: only the lead unit; a co-operating unit never closes."""
    if not may_change_in(person, units.organisation_id):
        return False
    if is_coordinator(person):
        return True
    return person.role == Role.OWNER and in_lead_unit(person, units)


def can_reopen(person: Person, units: TaskUnits) -> bool:
    """Reopen a task closed as 办结: the town's coordinator, who answers for the ledger the county
    checks."""
    return may_change_in(person, units.organisation_id) and is_coordinator(person)


def can_request_extension(person: Person, units: TaskUnits) -> bool:
    """延期申请 is the lead unit's to make, like closing."""
    return can_close(person, units)


def can_decide_extension(person: Person, units: TaskUnits) -> bool:
    """Approve or refuse: the 分管领导 supervising the lead unit (or a coordinator)."""
    if not may_change_in(person, units.organisation_id):
        return False
    if is_coordinator(person):
        return True
    return person.role == Role.LEADER and units.supervising_leader_id == person.id


def can_administer(person: Person) -> bool:
    """Users, departments, exports of the whole ledger."""
    return is_coordinator(person)


COUNTY_WATCHERS = frozenset({Role.COORDINATOR, Role.LEADER, Role.VIEWER})
"""The county's people who watch its towns: 依法治县办/司法局 coordinators, leaders, inspectors."""


def can_watch_towns(person: Person, *, of_county: bool) -> bool:
    """The county's board of its towns (`/county`): a coordinator, leader or viewer of a county
    (`of_county`: the person's organisation is a county). A town's people have their own board."""
    return of_county and person.role in COUNTY_WATCHERS


def can_issue_duban(person: Person, *, in_county: bool) -> bool:
    """督办 goes down from a county: only its coordinator issues it (`in_county`: the person's
    organisation is a county). A town's coordinator never issues one, not even to their own town."""
    return in_county and is_coordinator(person)


HOLIDAYS_BY_COUNTY = "节假日安排由县法治办统一录入，各镇只能查看；如有缺漏或错误，请联系县法治办。"
"""Why a town's coordinator in a county may not enter or remove a holiday schedule (403)."""


def can_enter_holidays(person: Person, *, under_county: bool) -> bool:
    """Enter or remove a year's 法定节假日 schedule (the years chinesecalendar lacks). It is the
    installation's, not one town's: every town's reminders and lights count working days by it. So
    a coordinator of an organisation no county is above enters it (`under_county`: the person's
    organisation has a county above it): the county's own, or a town on its own as a single-town
    installation is; a town's coordinator in a county reads it. The server's operator (no
    organisation, `tracker holidays`) may too."""
    if person.organisation_id is None:
        return True
    return is_coordinator(person) and not under_county


class Member(Person, Protocol):
    """A person with the organisation they belong to."""

    @property
    def organisation_id(self) -> int: ...


def can_submit_report(person: Member, organisation_id: int) -> bool:
    """Submit a town's year draft to the county (已提交) or withdraw it: that town's own coordinator.
    The county reads the draft and never submits it for the town."""
    return is_coordinator(person) and person.organisation_id == organisation_id
