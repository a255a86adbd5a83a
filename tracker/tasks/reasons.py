"""未完成原因: why a task is not finished, in the lead unit's words. The report's 存在的不足和原因
takes its causes from it (and from the reasons of approved extensions), so a cause is never made up."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.accounts.permissions import Person, can_close
from tracker.errors import RuleError, require
from tracker.tasks.access import task_units
from tracker.tasks.models import Task, TaskStatus

MAX_REASON = 500


def record_unfinished_reason(session: Session, task: Task, reason: str, *, by: Person) -> Task:
    """Set (or, with an empty text, clear) the task's reason for being unfinished."""
    require(can_close(by, task_units(task)), "只有牵头单位或法治办可以填写未完成原因。")
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise RuleError(f"未完成原因不能超过 {MAX_REASON} 字。", field="reason")
    if reason and task.status == TaskStatus.DONE:
        raise RuleError("该任务已经办结，不需要填写未完成原因。", field="reason")
    task.unfinished_reason = reason or None
    session.flush()
    return task
