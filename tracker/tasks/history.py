"""A task's full history in words: who changed what, when, read back from the audit trail.

Three queries whatever the length of the history: the events, then the names of the people and
units their changes mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, User
from tracker.audit import AuditEvent
from tracker.tasks.models import Task

FIELD_LABELS = {
    "title": "标题",
    "lead_department_id": "牵头单位",
    "owner_id": "责任人",
    "deadline": "截止日期",
    "ongoing": "长期任务",
    "status": "状态",
    "percent": "完成比例",
    "requires_evidence": "办结须佐证材料",
    "closed_at": "办结时间",
    "closed_by_id": "办结人",
    "recurrence": "周期",
}
STATUS_WORDS = {
    "pending": "未开始",
    "in_progress": "推进中",
    "done": "办结",
    "approved": "已批准",
    "refused": "未批准",
}
ACTION_WORDS = {
    "tasks.created": "创建了任务",
    "tasks.updated": "修改了任务",
    "progress_entries.created": "填报了进展",
    "evidence.created": "上传了佐证材料",
    "extension_requests.created": "提交了延期申请",
    "extension_requests.updated": "处理了延期申请",
    "task.closed": "办结了任务",
    "task.reopened": "重新打开了任务",
    "task.support_changed": "调整了配合单位",
    "extension.approved": "批准了延期申请",
    "extension.refused": "未批准延期申请",
    "duban_tasks.created": "下发了县级督办（列入“上级交办”）",
}
_USER_FIELDS = {"owner_id", "closed_by_id"}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    details: list[str]


def _names(session: Session, events: list[AuditEvent]) -> tuple[dict[int, str], dict[int, str]]:
    user_ids: set[int] = set()
    department_ids: set[int] = set()
    for event in events:
        if event.actor_id is not None:
            user_ids.add(event.actor_id)
        for key, value in event.changes.items():
            values = value if isinstance(value, list) else [value]
            ids = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
            if key in _USER_FIELDS:
                user_ids |= ids
            elif key == "lead_department_id":
                department_ids |= ids
    users = {
        i: n for i, n in session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    }
    departments = {
        i: n
        for i, n in session.execute(
            select(Department.id, Department.name).where(Department.id.in_(department_ids))
        )
    }
    return users, departments


def _say(key: str, value: Any, users: dict[int, str], departments: dict[int, str]) -> str:
    if value is None or value == []:
        return "（空）"
    if key in _USER_FIELDS:
        return users.get(value, f"#{value}")
    if key == "lead_department_id":
        return departments.get(value, f"#{value}")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return STATUS_WORDS.get(str(value), str(value))


def _details(event: AuditEvent, users: dict[int, str], departments: dict[int, str]) -> list[str]:
    lines = []
    if event.action.endswith(".updated") or event.action == "task.support_changed":
        for key, (old, new) in event.changes.items():
            label = FIELD_LABELS.get(key, "配合单位" if key == "support_units" else key)
            lines.append(
                f"{label}：{_say(key, old, users, departments)} → {_say(key, new, users, departments)}"
            )
    elif event.action == "evidence.created":
        lines.append(str(event.changes.get("original_name", "")))
    elif event.action == "extension_requests.created":
        lines.append(
            f"申请延期至 {event.changes.get('requested_deadline')}：{event.changes.get('reason', '')}"
        )
    elif event.action == "progress_entries.created":
        lines.append(str(event.changes.get("text", "")))
    if event.note:
        lines.append(f"{'原因' if event.action == 'task.reopened' else '说明'}：{event.note}")
    return lines


def task_history(session: Session, task: Task) -> list[HistoryLine]:
    """Every recorded change on the task and its entries, evidence and extension requests, oldest first."""
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(
                or_(
                    AuditEvent.task_id == task.id,
                    (AuditEvent.entity_type == "Task") & (AuditEvent.entity_id == task.id),
                )
            )
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    users, departments = _names(session, events)
    return [
        HistoryLine(
            at=event.at,
            actor=users.get(event.actor_id, event.actor_label) if event.actor_id else event.actor_label,
            action=ACTION_WORDS.get(event.action, event.action),
            details=_details(event, users, departments),
        )
        for event in events
    ]
