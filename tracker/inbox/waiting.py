"""待我处理 as plain values: what waits for one person across every active plan.

Each role has its own questions: a 责任人 their open tasks (last year's unfinished ones included, as
long as that plan is not archived); a 分管领导 the pending extension requests of the units they
supervise, and those units' 红 tasks; a coordinator the tasks nobody has been given to (no 牵头单位 or
no 责任人), the shortcomings nobody has started to rectify and the extension requests of units without a
分管领导 (whose decision then falls to them, as the reminder mail says); a viewer a summary per plan.

Every question is a WHERE clause built here once, so the page lists and the menu counts the same
rows; `waiting_count` asks all of a person's questions in one statement. "Active" is
`tracker.plans.lifecycle.is_active`, the lights are `tracker.board.lights`; the demo's work is
listed to the demo's accounts only (`tracker.demo.audience`, the rule the reminder mail follows).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import Department, Role, User
from tracker.accounts.permissions import Person
from tracker.board.lights import Light, Thresholds
from tracker.board.queries import light_condition, row_light
from tracker.demo.audience import heard_plans
from tracker.organisations.models import Organisation, OrgKind
from tracker.organisations.scope import in_own_organisation, in_scope
from tracker.plans.lifecycle import active_plan_ids, is_active
from tracker.plans.models import Plan, PlanStatus, Shortcoming
from tracker.rectification.service import awaiting_rectification
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, Task, TaskStatus
from tracker.tasks.overdue import continuing_clause

SHOWN = 100
"""Rows listed per section; the count says how many there are in all."""


class Asked(Person, Protocol):
    """The person whose 待我处理 it is: being a demo account or not decides whether the demo's work
    is theirs to see."""

    @property
    def is_demo(self) -> bool: ...


class Kind(enum.StrEnum):
    MINE = "mine"  # my open tasks as 责任人
    EXTENSIONS = "extensions"  # pending 延期申请 I decide
    RED = "red"  # 红 tasks of the units I supervise
    UNASSIGNED = "unassigned"  # tasks without a 牵头单位 or 责任人
    SHORTCOMINGS = "shortcomings"  # shortcomings without 整改


_SECTIONS = {
    Role.OWNER: (Kind.MINE,),
    Role.LEADER: (Kind.EXTENSIONS, Kind.RED, Kind.MINE),
    Role.COORDINATOR: (Kind.UNASSIGNED, Kind.SHORTCOMINGS, Kind.EXTENSIONS),
    Role.VIEWER: (),
}
"""What each role is asked, in the order the page shows it: the decisions waiting on someone first."""


@dataclass(frozen=True)
class WaitingTask:
    id: int
    title: str
    plan_year: int
    plan_title: str
    lead_unit: str | None
    owner: str | None
    deadline: date | None
    ongoing: bool
    status: TaskStatus
    percent: int
    light: Light


@dataclass(frozen=True)
class WaitingExtension:
    id: int
    task_id: int
    task_title: str
    plan_year: int
    lead_unit: str | None
    requested_by: str | None
    previous_deadline: date | None
    requested_deadline: date
    reason: str
    requested_at: datetime


@dataclass(frozen=True)
class WaitingShortcoming:
    id: int
    plan_id: int
    plan_year: int
    text: str


@dataclass(frozen=True)
class PlanSummary:
    """One active plan as the viewer's summary shows it."""

    id: int
    year: int
    title: str
    total: int
    done: int
    blue: int
    orange: int
    red: int


Row = TypeVar("Row", WaitingTask, WaitingExtension, WaitingShortcoming)


@dataclass(frozen=True)
class Section(Generic[Row]):
    kind: Kind
    rows: list[Row]
    total: int
    """All that wait, of which the first `SHOWN` are in `rows`."""


@dataclass(frozen=True)
class NoPlan:
    """The person's town has no active plan, so nothing can wait for anyone there: the page says so,
    and how to begin, rather than that everything is in order."""

    draft_id: int | None
    """The newest plan imported and not yet confirmed, if there is one: it wants reviewing, not a
    second import."""


@dataclass(frozen=True)
class Inbox:
    sections: list[Section[Any]] = field(default_factory=list)
    summary: list[PlanSummary] = field(default_factory=list)
    """Only for viewers, who read everything and act on nothing."""
    no_plan: NoPlan | None = None

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)


def _supervised(person: Person) -> Select[tuple[int]]:
    return select(Department.id).where(Department.leader_id == person.id)


def _without_leader() -> ColumnElement[bool]:
    """Tasks whose extension requests no 分管领导 decides: no lead unit, or a unit without one."""
    return or_(
        Task.lead_department_id.is_(None),
        Task.lead_department_id.in_(select(Department.id).where(Department.leader_id.is_(None))),
    )


def _own_heard_plans(person: Asked) -> tuple[ColumnElement[bool], ...]:
    """Plans of the person's own organisation (a county's people have no town's work waiting for
    them) that they hear of (a real person never the demo's)."""
    return heard_plans(person.is_demo), in_own_organisation(Plan.organisation_id, person)


def _plans(person: Asked) -> Select[tuple[int]]:
    """The active plans whose work the person hears of, of the person's own organisation."""
    return active_plan_ids().where(*_own_heard_plans(person))


def _open_and_active(person: Asked) -> list[ColumnElement[bool]]:
    return [Task.plan_id.in_(_plans(person)), Task.status != TaskStatus.DONE]


def _shortcomings_waiting(person: Asked) -> Select[tuple[Shortcoming]]:
    return awaiting_rectification().where(*_own_heard_plans(person))


def task_conditions(
    kind: Kind, person: Asked, today: date, thresholds: Thresholds
) -> list[ColumnElement[bool]]:
    """The WHERE clause over `Task` of a task section (`MINE`, `RED`, `UNASSIGNED`)."""
    if kind is Kind.MINE:
        return [*_open_and_active(person), Task.owner_id == person.id]
    if kind is Kind.RED:
        red = light_condition(Light.RED, today, thresholds)
        return [*_open_and_active(person), Task.lead_department_id.in_(_supervised(person)), red]
    if kind is Kind.UNASSIGNED:
        return [*_open_and_active(person), or_(Task.lead_department_id.is_(None), Task.owner_id.is_(None))]
    raise ValueError(kind)


def extension_conditions(person: Asked) -> list[ColumnElement[bool]]:
    """Pending requests the person decides, over `ExtensionRequest` joined to its `Task`: a 分管领导
    those of the units they supervise, a coordinator those no 分管领导 decides."""
    decides = (
        _without_leader()
        if person.role == Role.COORDINATOR
        else Task.lead_department_id.in_(_supervised(person))
    )
    return [ExtensionRequest.status == ExtensionStatus.PENDING, Task.plan_id.in_(_plans(person)), decides]


def _counted(kind: Kind, person: Asked, today: date, thresholds: Thresholds) -> Select[tuple[int]]:
    if kind is Kind.EXTENSIONS:
        return (
            select(func.count())
            .select_from(ExtensionRequest)
            .join(Task, Task.id == ExtensionRequest.task_id)
            .where(*extension_conditions(person))
        )
    if kind is Kind.SHORTCOMINGS:
        return select(func.count()).select_from(_shortcomings_waiting(person).subquery())
    return select(func.count()).select_from(Task).where(*task_conditions(kind, person, today, thresholds))


def waiting_count(session: Session, person: Asked, today: date, thresholds: Thresholds) -> int:
    """How many things wait for `person` (the menu's count): one statement, whatever the role; none
    for a viewer."""
    kinds = _SECTIONS[person.role]
    if not kinds:
        return 0
    counts = [_counted(kind, person, today, thresholds).scalar_subquery() for kind in kinds]
    return int(sum(session.execute(select(*counts)).one()))


_LEAD, _OWNER, _ASKER = aliased(Department), aliased(User), aliased(User)


def _tasks(
    session: Session, where: list[ColumnElement[bool]], today: date, thresholds: Thresholds
) -> list[WaitingTask]:
    """The first `SHOWN`, nearest deadline first, which puts the worst light first (continuing work,
    never lit, and tasks without a deadline last)."""
    rows = session.execute(
        select(
            Task.id,
            Task.title,
            Plan.year,
            Plan.title.label("plan_title"),
            _LEAD.name.label("lead_unit"),
            _OWNER.display_name.label("owner"),
            Task.deadline,
            Task.ongoing,
            Task.recurrence,
            Task.status,
            Task.percent,
        )
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(_LEAD, _LEAD.id == Task.lead_department_id)
        .outerjoin(_OWNER, _OWNER.id == Task.owner_id)
        .where(*where)
        .order_by(continuing_clause(), Task.deadline.is_(None), Task.deadline, Task.id)
        .limit(SHOWN)
    )
    return [
        WaitingTask(
            row.id,
            row.title,
            row.year,
            row.plan_title,
            row.lead_unit,
            row.owner,
            row.deadline,
            row.ongoing,
            row.status,
            row.percent,
            row_light(row, today, thresholds),
        )
        for row in rows
    ]


def _extensions(session: Session, person: Asked) -> list[WaitingExtension]:
    """Oldest request first: it has waited longest."""
    rows = session.execute(
        select(
            ExtensionRequest.id,
            ExtensionRequest.task_id,
            Task.title,
            Plan.year,
            _LEAD.name.label("lead_unit"),
            _ASKER.display_name.label("requested_by"),
            ExtensionRequest.previous_deadline,
            ExtensionRequest.requested_deadline,
            ExtensionRequest.reason,
            ExtensionRequest.created_at,
        )
        .join(Task, Task.id == ExtensionRequest.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(_LEAD, _LEAD.id == Task.lead_department_id)
        .outerjoin(_ASKER, _ASKER.id == ExtensionRequest.requested_by_id)
        .where(*extension_conditions(person))
        .order_by(ExtensionRequest.created_at, ExtensionRequest.id)
        .limit(SHOWN)
    )
    return [WaitingExtension(*row) for row in rows]


def _shortcomings(session: Session, person: Asked) -> list[WaitingShortcoming]:
    columns = (Shortcoming.id, Shortcoming.plan_id, Plan.year, Shortcoming.text)
    rows = session.execute(_shortcomings_waiting(person).with_only_columns(*columns).limit(SHOWN))
    return [WaitingShortcoming(*row) for row in rows]


def _section(
    kind: Kind, session: Session, person: Asked, today: date, thresholds: Thresholds
) -> Section[Any]:
    """The section's first `SHOWN` rows; counted apart only when there may be more."""
    rows: list[Any]
    if kind is Kind.EXTENSIONS:
        rows = _extensions(session, person)
    elif kind is Kind.SHORTCOMINGS:
        rows = _shortcomings(session, person)
    else:
        rows = _tasks(session, task_conditions(kind, person, today, thresholds), today, thresholds)
    total = (
        len(rows)
        if len(rows) < SHOWN
        else int(session.scalar(_counted(kind, person, today, thresholds)) or 0)
    )
    return Section(kind, rows, total)


def plan_summaries(session: Session, person: Asked, today: date, thresholds: Thresholds) -> list[PlanSummary]:
    """Each active plan the person sees (`tracker.organisations.scope`) and hears of, with its tasks
    counted by state and light, newest plan first, in one query."""
    lit = [
        func.count(Task.id).filter(light_condition(light, today, thresholds))
        for light in (Light.BLUE, Light.ORANGE, Light.RED)
    ]
    rows = session.execute(
        select(
            Plan.id,
            Plan.year,
            Plan.title,
            func.count(Task.id),
            func.count(Task.id).filter(Task.status == TaskStatus.DONE),
            *lit,
        )
        .outerjoin(Task, Task.plan_id == Plan.id)
        .where(is_active(), heard_plans(person.is_demo), in_scope(Plan.organisation_id, person))
        .group_by(Plan.id, Plan.year, Plan.title)
        .order_by(Plan.year.desc(), Plan.id.desc())
    )
    return [PlanSummary(*row) for row in rows]


def no_plan(session: Session, person: Asked) -> NoPlan | None:
    """Whether the person's town has no active plan they hear of (`_plans`), in one statement. Not
    asked of a county's own people: their plans are their towns'."""
    town = select(Organisation.id).where(
        Organisation.id == person.organisation_id, Organisation.kind == OrgKind.TOWN
    )
    draft = (
        select(Plan.id)
        .where(Plan.status == PlanStatus.DRAFT, *_own_heard_plans(person))
        .order_by(Plan.id.desc())
        .limit(1)
    )
    is_town, active, draft_id = session.execute(
        select(town.exists(), _plans(person).exists(), draft.scalar_subquery())
    ).one()
    return NoPlan(draft_id) if is_town and not active else None


def inbox_for(session: Session, person: Asked, today: date, thresholds: Thresholds) -> Inbox:
    """Everything waiting for `person`. A section another role asks of everyone (my own tasks, for a
    leader who is also a 责任人) is left out when it is empty; in a town without an active plan there
    are no sections, only why (`no_plan`)."""
    if person.role == Role.VIEWER:
        return Inbox(summary=plan_summaries(session, person, today, thresholds))
    if (missing := no_plan(session, person)) is not None:
        return Inbox(no_plan=missing)
    sections = [_section(kind, session, person, today, thresholds) for kind in _SECTIONS[person.role]]
    return Inbox(
        [
            section
            for section in sections
            if section.total or section.kind is not Kind.MINE or person.role == Role.OWNER
        ]
    )
