"""Assigning a task (coordinators): lead and co-operating units, 责任人, deadline, evidence rule.

Guarded by optimistic locking: the form carries the `version_id` it was made from, and an assignment
made from an older version is refused (`StaleTask`) instead of silently overwriting someone's change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import Department, User
from tracker.accounts.owners import check_owner
from tracker.accounts.permissions import READ_ONLY_HERE, Person, can_assign, may_change_in
from tracker.errors import RuleError, StaleTask, require
from tracker.tasks.models import Task


@dataclass(frozen=True)
class Assignment:
    """What a coordinator sets on a task; `version_id` is the version the form was made from."""

    version_id: int
    lead_department_id: int | None
    support_department_ids: tuple[int, ...] = ()
    owner_id: int | None = None
    deadline: date | None = None
    ongoing: bool = False
    requires_evidence: bool = False


def check_version(task: Task, version_id: int) -> None:
    if task.version_id != version_id:
        raise StaleTask()


def _departments(session: Session, organisation_id: int, ids: set[int]) -> dict[int, Department]:
    """The task's organisation's units with these ids (another town's unit is as good as none)."""
    query = select(Department).where(Department.id.in_(ids), Department.organisation_id == organisation_id)
    found = {d.id: d for d in session.scalars(query)}
    if set(found) != ids:
        raise RuleError("所选单位不存在。", field="lead_department_id")
    return found


def _owner(session: Session, owner_id: int | None, lead: Department | None) -> User | None:
    if owner_id is None:
        return None
    owner = session.get(User, owner_id)
    if owner is None:
        raise RuleError("所选责任人不存在。", field="owner_id")
    check_owner(owner, lead)
    return owner


def _row_changed(task: Task) -> bool:
    state = inspect(task)
    return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs)


def assign_task(session: Session, task: Task, assignment: Assignment, *, by: Person) -> Task:
    """Apply `assignment` to `task`, or refuse without changing anything."""
    require(can_assign(by), "只有法治办（协调人）可以分配任务。")
    require(may_change_in(by, task.organisation_id), READ_ONLY_HERE)
    check_version(task, assignment.version_id)
    if assignment.ongoing and assignment.deadline is not None:
        raise RuleError("长期任务不设截止日期，请二选一。", field="deadline")
    support_ids = set(assignment.support_department_ids) - {assignment.lead_department_id}
    wanted = support_ids | ({assignment.lead_department_id} if assignment.lead_department_id else set())
    departments = _departments(session, task.organisation_id, {i for i in wanted if i is not None})
    owner = _owner(session, assignment.owner_id, departments.get(assignment.lead_department_id))  # type: ignore[arg-type]

    before = sorted(d.name for d in task.support_departments)
    task.lead_department = departments.get(assignment.lead_department_id)  # type: ignore[arg-type]
    task.owner = owner
    task.deadline = assignment.deadline
    task.ongoing = assignment.ongoing
    task.requires_evidence = assignment.requires_evidence
    task.support_departments = sorted((departments[i] for i in support_ids), key=lambda d: d.id)
    after = sorted(d.name for d in task.support_departments)
    if before != after:
        # The co-operating units live in a link table: move the row's version by hand, so that a form
        # made before this change is refused like any other stale form.
        if not _row_changed(task):
            task.version_id += 1
        audit.record(session, "task.support_changed", task, changes={"support_units": [before, after]})
    session.flush()
    return task
