"""Closing a task as 办结: the lead unit (or a coordinator) declares the work done; reopening it.

A task marked `requires_evidence` closes only with at least one evidence file, because the county's
inspection (督察) checks the ledger, not our word. For the same reason a closed task is reopened only
by a coordinator and only with a reason, which stays on the task's history.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.permissions import Person, can_close, can_reopen
from tracker.clock import stamp
from tracker.errors import RuleError, require, stated_reason
from tracker.tasks.access import task_units
from tracker.tasks.assignment import check_version
from tracker.tasks.models import Evidence, Task, TaskStatus


def close_task(session: Session, task: Task, *, by: Person, version_id: int, note: str = "") -> Task:
    require(can_close(by, task_units(task)), "只有牵头单位或法治办可以办结该任务；配合单位不能办结。")
    check_version(task, version_id)
    if task.status == TaskStatus.DONE:
        raise RuleError("该任务已经办结。")
    if task.requires_evidence:
        count = session.scalar(select(func.count()).select_from(Evidence).where(Evidence.task_id == task.id))
        if not count:
            raise RuleError("该任务要求佐证材料：请先上传至少一份佐证材料再办结。")
    task.status = TaskStatus.DONE
    task.percent = 100
    task.closed_at = stamp()
    task.closed_by_id = by.id
    session.flush()
    audit.record(session, "task.closed", task, note=note.strip()[:500] or None)
    return task


def reopen_task(session: Session, task: Task, *, by: Person, version_id: int, reason: str) -> Task:
    """Back to 推进中 (closed_at and who closed it cleared), the reason on record as `task.reopened`."""
    require(can_reopen(by, task_units(task)), "只有法治办（协调人）可以重新打开已办结的任务。")
    check_version(task, version_id)
    if task.status != TaskStatus.DONE:
        raise RuleError("该任务尚未办结，无需重新打开。")
    reason = stated_reason(reason, "请填写重新打开的原因（将记入任务的历史记录）。")
    task.status = TaskStatus.IN_PROGRESS
    task.closed_at = None
    task.closed_by_id = None
    session.flush()
    audit.record(session, "task.reopened", task, note=reason)
    return task
