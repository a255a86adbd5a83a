"""延期申请: the lead unit asks for a later deadline before the current one passes; the 分管领导 of that
unit approves or refuses. Both steps stay on record, and the deadline moves only on approval."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.permissions import Person, can_decide_extension, can_request_extension
from tracker.clock import stamp
from tracker.errors import RuleError, require
from tracker.tasks.access import task_units
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, Task, TaskStatus

MAX_REASON = 2000


def pending_request(task: Task) -> ExtensionRequest | None:
    return next((r for r in task.extension_requests if r.status == ExtensionStatus.PENDING), None)


def request_extension(
    session: Session, task: Task, *, by: Person, new_deadline: date, reason: str, today: date
) -> ExtensionRequest:
    require(can_request_extension(by, task_units(task)), "只有牵头单位可以为该任务申请延期。")
    if task.status == TaskStatus.DONE:
        raise RuleError("该任务已办结，无需延期。")
    if task.deadline is None:
        raise RuleError("该任务没有截止日期，无需申请延期。")
    if today > task.deadline:
        raise RuleError("延期申请须在截止日期之前提出；该任务已逾期。")
    if new_deadline <= task.deadline:
        raise RuleError("申请的新截止日期必须晚于当前截止日期。", field="requested_deadline")
    if not reason.strip():
        raise RuleError("请填写延期理由。", field="reason")
    if len(reason) > MAX_REASON:
        raise RuleError(f"延期理由不能超过 {MAX_REASON} 字。", field="reason")
    if pending_request(task) is not None:
        raise RuleError("该任务已有待审批的延期申请。")
    extension = ExtensionRequest(
        task=task,
        requested_by_id=by.id,
        previous_deadline=task.deadline,
        requested_deadline=new_deadline,
        reason=reason.strip(),
    )
    session.add(extension)
    session.flush()
    return extension


def decide_extension(
    session: Session, extension: ExtensionRequest, *, by: Person, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the task's deadline becomes the requested one) or refuse (it stays)."""
    task = extension.task
    require(can_decide_extension(by, task_units(task)), "只有该牵头单位的分管领导可以审批延期申请。")
    if extension.status != ExtensionStatus.PENDING:
        raise RuleError("该延期申请已经处理过了。")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by_id = by.id
    extension.decided_at = stamp()
    extension.decision_note = note.strip()[:MAX_REASON] or None
    if approve:
        task.deadline = extension.requested_deadline
    session.flush()
    audit.record(
        session,
        "extension.approved" if approve else "extension.refused",
        task,
        note=extension.decision_note,
        changes={"requested_deadline": extension.requested_deadline.isoformat()},
    )
    return extension
