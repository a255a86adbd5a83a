"""The units of a task as the permission rules see them (`tracker.accounts.permissions.TaskUnits`)."""

from __future__ import annotations

from tracker.accounts.permissions import TaskUnits
from tracker.tasks.models import Task


def task_units(task: Task) -> TaskUnits:
    """Reads the task's lead unit (with its 分管领导) and co-operating units; loads them if needed."""
    lead = task.lead_department
    return TaskUnits(
        organisation_id=task.organisation_id,
        lead_department_id=task.lead_department_id,
        support_department_ids=frozenset(department.id for department in task.support_departments),
        supervising_leader_id=lead.leader_id if lead is not None else None,
    )
