"""The database side of the rules: reads tasks, people and recent changes into plain values.

Core `select`s with only the columns the rules need, so that loading 100,000 tasks costs a few
hundred milliseconds and no ORM objects; `rules.py` never sees a `Session`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.audit import AuditEvent
from tracker.organisations.models import Organisation as OrganisationRow
from tracker.plans.lifecycle import active_plan_ids
from tracker.plans.models import Plan
from tracker.reminders.models import NoticedEvent, ReminderCycle, ReminderPreference
from tracker.reminders.rules import ExtensionChange, Organisation, TaskChange, TaskFacts
from tracker.tasks.models import (
    ExtensionRequest,
    ExtensionStatus,
    ProgressEntry,
    Task,
    TaskStatus,
    task_support_departments,
)
from tracker.tasks.overdue import is_continuing


def load_tasks(
    session: Session, only: Collection[int] | None = None, *, open_and: Collection[int] | None = None
) -> list[TaskFacts]:
    """The tasks of the active plans: all of them, or `only` these (the immediate notices need a
    handful), or, with `open_and`, the open ones and these whatever their status.

    The day's cycle asks for the open tasks and those its changes name: a done task is reminded of
    nothing (half of a province's tasks by December, and reading them was most of the decision),
    while a decision on an extension of a task closed since is still announced. The weekly summary
    counts the done ones with `count_done`."""
    wanted = Task.plan_id.in_(active_plan_ids())  # never an archived plan's
    if only is not None:
        wanted = and_(wanted, Task.id.in_(only))
    if open_and is not None:
        still_open = Task.status != TaskStatus.DONE
        wanted = and_(wanted, or_(still_open, Task.id.in_(open_and)) if open_and else still_open)
    link = task_support_departments.c
    links = (
        select(link.task_id, link.department_id)
        .join(Task, Task.id == link.task_id)
        .where(wanted)
        .order_by(link.task_id, link.department_id)
    )
    every = Task.recurrence["every"].as_string()  # the part the rules read, not the whole document
    # only a recurring or ongoing task's last entry is ever asked (进度填报)
    periodic = or_(Task.ongoing.is_(True), every.is_not(None))
    progress = (
        select(ProgressEntry.task_id, func.max(ProgressEntry.entry_date))
        .join(Task, Task.id == ProgressEntry.task_id)
        .where(wanted, periodic)
        .group_by(ProgressEntry.task_id)
    )
    tasks = (
        select(
            Task.id,
            Task.title,
            Task.deadline,
            Task.owner_id,
            Task.lead_department_id,
            every,
            Task.ongoing,
            type_coerce(Task.status, String),  # the stored value: compared below without building enums
            Plan.is_demo,
            Task.organisation_id,
        )
        .join(Plan, Plan.id == Task.plan_id)
        .where(wanted)
        .order_by(Task.id)
    )
    # plain column rows through the session's connection: the ORM's row loading adds nothing here
    # and was a fifth of reading 150,000 tasks
    connection = session.connection()
    support: dict[int, list[int]] = defaultdict(list)
    for task_id, department_id in connection.execute(links).all():
        support[task_id].append(department_id)
    last_progress = dict(connection.execute(progress).all())
    rows = connection.execute(tasks).all()  # one fetch, not a round of the driver per row
    # `every` alone is what `_period` and `is_continuing` look at; decoding 150,000 JSON documents
    # in Python was a third of building the facts at province size
    no_support: tuple[int, ...] = ()
    return [
        TaskFacts(
            task_id,
            title,
            deadline,
            owner_id,
            lead_id,
            tuple(support[task_id]) if task_id in support else no_support,
            _period(recurrence, ongoing),
            last_progress.get(task_id),
            status == DONE,
            status == IN_PROGRESS,
            is_continuing(ongoing=ongoing, recurrence=recurrence),
            demo,
            town,
        )
        for task_id, title, deadline, owner_id, lead_id, every, ongoing, status, demo, town in rows
        for recurrence in ({"every": every} if every is not None else None,)
    ]


DONE, IN_PROGRESS = TaskStatus.DONE.value, TaskStatus.IN_PROGRESS.value
"""The stored status strings `load_tasks` compares with (an enum member's lookup costs more)."""


def count_done(session: Session) -> dict[tuple[int | None, bool], int]:
    """(town, demo) → how many tasks of the active plans are done: the weekly summary's 已办结,
    counted in the database since the cycle does not read done tasks."""
    rows = session.execute(
        select(Task.organisation_id, Plan.is_demo, func.count())
        .join(Plan, Plan.id == Task.plan_id)
        .where(Task.plan_id.in_(active_plan_ids()), Task.status == TaskStatus.DONE)
        .group_by(Task.organisation_id, Plan.is_demo)
    )
    return {(town, bool(demo)): count for town, demo, count in rows}


def _period(recurrence: dict[str, Any] | None, ongoing: bool) -> str | None:
    """A recurring task reports every period it recurs in; an ongoing one checks in quarterly."""
    if recurrence and recurrence.get("every"):
        return str(recurrence["every"])
    return "quarter" if ongoing else None


def load_organisation(session: Session) -> Organisation:
    active = User.is_active.is_(True)
    leaders = dict(
        session.execute(
            select(Department.id, Department.leader_id)
            .join(User, User.id == Department.leader_id)
            .where(active)
        ).all()
    )
    members: dict[int, list[int]] = defaultdict(list)
    for department_id, user_id in session.execute(
        select(User.department_id, User.id).where(active, User.department_id.is_not(None)).order_by(User.id)
    ):
        members[department_id].append(user_id)
    principals = session.scalars(select(User.id).where(active, User.is_principal.is_(True)).order_by(User.id))
    coordinators = session.scalars(
        select(User.id).where(active, User.role == Role.COORDINATOR).order_by(User.id)
    )
    top = or_(User.is_principal.is_(True), User.role == Role.COORDINATOR)
    organisation_of = dict(session.execute(select(User.id, User.organisation_id).where(active, top)).all())
    demo_people = session.scalars(select(User.id).where(User.is_demo.is_(True)))
    organisations = session.execute(
        select(OrganisationRow.id, OrganisationRow.name, OrganisationRow.parent_id)
    ).all()
    return Organisation(
        leader_of=leaders,
        members_of={department: tuple(ids) for department, ids in members.items()},
        principals=tuple(principals),
        coordinators=tuple(coordinators),
        demo_people=frozenset(demo_people),
        organisation_of=organisation_of,
        county_of={town: county for town, _, county in organisations if county is not None},
        names={organisation: name for organisation, name, _ in organisations},
    )


def settled_watermark(session: Session, day: date) -> int:
    """Where the cycle of `day` starts reading the audit trail: the watermark of the cycle before the
    previous one (0 while there have been fewer than two).

    Every audit id above it was taken after that cycle read the trail, and every transaction open at
    that moment has long committed or rolled back, so nothing below it can still appear. Ids above
    it that the previous cycle already noticed are excluded through `NoticedEvent`.
    """
    watermarks = session.scalars(
        select(ReminderCycle.audit_watermark)
        .where(ReminderCycle.day < day)
        .order_by(ReminderCycle.day.desc())
        .limit(2)
    ).all()
    return watermarks[1] if len(watermarks) == 2 else 0


def latest_audit_event(session: Session) -> int:
    return session.scalar(select(func.max(AuditEvent.id))) or 0


def _new_value(change: Any) -> Any:
    """An update records [old, new]; a creation records the value alone."""
    return change[1] if isinstance(change, list) and len(change) == 2 else change


@dataclass(frozen=True)
class Changes:
    tasks: list[TaskChange]
    extensions: list[ExtensionChange]
    event_ids: tuple[int, ...] = ()
    """The audit events these changes come from, to be remembered as noticed."""


def _task_flags(action: str, changes: dict[str, Any]) -> tuple[bool, bool]:
    """(got an owner, got a new deadline) from one audit event of a task."""
    owner = "owner_id" in changes and _new_value(changes["owner_id"]) is not None
    return owner, action.endswith(".updated") and "deadline" in changes


def load_changes(session: Session, after: int, through: int) -> Changes:
    """Assignments, new deadlines and extension requests/decisions in the audit window (after, through]
    that no cycle has noticed yet."""
    noticed = select(NoticedEvent.audit_event_id).where(NoticedEvent.audit_event_id > after)
    events = session.execute(
        select(
            AuditEvent.id, AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.action, AuditEvent.changes
        )
        .where(AuditEvent.id > after, AuditEvent.id <= through, AuditEvent.id.not_in(noticed))
        .where(AuditEvent.entity_type.in_(("Task", "ExtensionRequest")))
        .order_by(AuditEvent.id)
    )
    task_flags: dict[int, list[bool]] = {}
    extension_statuses: list[tuple[int, int, str]] = []
    event_ids: list[int] = []
    for event_id, entity_type, entity_id, action, changes in events:
        if entity_id is None:
            continue
        if entity_type == "Task":
            owner, deadline = _task_flags(action, changes)
            if owner or deadline:
                flags = task_flags.setdefault(entity_id, [False, False])
                flags[0] |= owner
                flags[1] |= deadline
                event_ids.append(event_id)
            continue
        status = "pending" if action.endswith(".created") else _new_value(changes.get("status"))
        if status in ("pending", "approved", "refused"):
            extension_statuses.append((event_id, entity_id, status))
            event_ids.append(event_id)
    return Changes(
        tasks=[TaskChange(task_id, owner, deadline) for task_id, (owner, deadline) in task_flags.items()],
        extensions=_extension_changes(session, extension_statuses),
        event_ids=tuple(event_ids),
    )


def _extension_changes(session: Session, statuses: list[tuple[int, int, str]]) -> list[ExtensionChange]:
    """(event id, request id, status then) as changes, each with whether the request is undecided now."""
    if not statuses:
        return []
    requests = {
        request.id: request
        for request in session.scalars(
            select(ExtensionRequest).where(
                ExtensionRequest.id.in_({request_id for _, request_id, _ in statuses})
            )
        )
    }
    return [
        ExtensionChange(
            task_id=requests[request_id].task_id,
            request_id=request_id,
            status=status,
            requested_deadline=requests[request_id].requested_deadline,
            requested_by_id=requests[request_id].requested_by_id,
            still_pending=requests[request_id].status == ExtensionStatus.PENDING,
            event_id=event_id,
        )
        for event_id, request_id, status in statuses
        if request_id in requests
    ]


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str | None
    pause_due_soon: bool = False
    pause_weekly: bool = False


MANY_PEOPLE = 1000
"""Above this many recipients `load_people` reads every active person and keeps the wanted: a
province's day mails 18,000 people, and naming them all in one IN list cost more than that."""


def load_people(session: Session, user_ids: Iterable[int]) -> Mapping[int, Person]:
    """Active recipients with their addresses and what they have paused."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    query = (
        select(
            User.id,
            User.display_name,
            User.email,
            ReminderPreference.pause_due_soon,
            ReminderPreference.pause_weekly,
        )
        .outerjoin(ReminderPreference, ReminderPreference.user_id == User.id)
        .where(User.is_active.is_(True))
    )
    if len(wanted) <= MANY_PEOPLE:
        query = query.where(User.id.in_(wanted))
    return {
        user_id: Person(user_id, name, email or None, bool(pause_due_soon), bool(pause_weekly))
        for user_id, name, email, pause_due_soon, pause_weekly in session.execute(query)
        if user_id in wanted
    }
