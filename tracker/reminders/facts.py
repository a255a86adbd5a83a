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

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.audit import AuditEvent
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


def load_tasks(session: Session, only: Collection[int] | None = None) -> list[TaskFacts]:
    """The tasks of the active plans, or `only` these of them (the immediate notices need a handful):
    what reminders, escalations and the weekly summary speak of."""
    link = task_support_departments.c
    support: dict[int, list[int]] = defaultdict(list)
    links = select(link.task_id, link.department_id).order_by(link.task_id, link.department_id)
    latest = func.max(ProgressEntry.entry_date)
    progress = select(ProgressEntry.task_id, latest).group_by(ProgressEntry.task_id)
    tasks = select(
        Task.id,
        Task.title,
        Task.deadline,
        Task.owner_id,
        Task.lead_department_id,
        Task.recurrence["every"].as_string(),  # the part the rules read, not the whole document
        Task.ongoing,
        type_coerce(Task.status, String),  # the stored value: compared below without building enums
        Plan.is_demo,
        Task.organisation_id,
    ).join(Plan, Plan.id == Task.plan_id)
    tasks = tasks.where(Task.plan_id.in_(active_plan_ids())).order_by(Task.id)  # never an archived plan's
    if only is not None:
        links = links.where(link.task_id.in_(only))
        progress = progress.where(ProgressEntry.task_id.in_(only))
        tasks = tasks.where(Task.id.in_(only))
    # plain column rows through the session's connection: the ORM's row loading adds nothing here
    # and was a fifth of reading 150,000 tasks
    connection = session.connection()
    for task_id, department_id in connection.execute(links).all():
        support[task_id].append(department_id)
    last_progress = dict(connection.execute(progress).all())
    rows = connection.execute(tasks).all()  # one fetch, not a round of the driver per row
    # `every` alone is what `_period` and `is_continuing` look at; decoding 150,000 JSON documents
    # in Python was a third of building the facts at province size
    return [
        TaskFacts(
            id=task_id,
            title=title,
            deadline=deadline,
            owner_id=owner_id,
            lead_department_id=lead_id,
            support_department_ids=tuple(support.get(task_id, ())),
            period=_period(recurrence, ongoing),
            last_progress_on=last_progress.get(task_id),
            done=status == TaskStatus.DONE,
            started=status == TaskStatus.IN_PROGRESS,
            continuing=is_continuing(ongoing=ongoing, recurrence=recurrence),
            demo=demo,
            organisation_id=town,
        )
        for task_id, title, deadline, owner_id, lead_id, every, ongoing, status, demo, town in rows
        for recurrence in ({"every": every} if every is not None else None,)
    ]


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
    return Organisation(
        leader_of=leaders,
        members_of={department: tuple(ids) for department, ids in members.items()},
        principals=tuple(principals),
        coordinators=tuple(coordinators),
        demo_people=frozenset(demo_people),
        organisation_of=organisation_of,
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


def load_people(session: Session, user_ids: Iterable[int]) -> Mapping[int, Person]:
    """Active recipients with their addresses and what they have paused."""
    wanted = set(user_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(
            User.id,
            User.display_name,
            User.email,
            ReminderPreference.pause_due_soon,
            ReminderPreference.pause_weekly,
        )
        .outerjoin(ReminderPreference, ReminderPreference.user_id == User.id)
        .where(User.id.in_(wanted), User.is_active.is_(True))
    )
    return {
        user_id: Person(user_id, name, email or None, bool(pause_due_soon), bool(pause_weekly))
        for user_id, name, email, pause_due_soon, pause_weekly in rows
    }
