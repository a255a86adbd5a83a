"""A task's full history in plain sentences, read back from the audit trail.

Each line says who did what in words a town's staff read aloud ("王分管 批准了延期申请：延期至
2027年1月15日"): people and units by name, dates as 2027年1月15日, never a column name, an id or a
stored UTC stamp (the line's own time is `at`, which the page shows in TRACKER_TIMEZONE). Columns that
are bookkeeping (who closed the task and when, its version, its plan links) are left out, and a row
change that a named event beside it already tells (the status of a 办结 or a reopening, the deadline
of an approved extension, the percent and status of a progress entry) is folded into that event: one
action, one line.

Three queries whatever the length of the history: the events, then the names of the people and
units their changes mention.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, User
from tracker.audit import AuditEvent
from tracker.plans.rendering import EVERY
from tracker.reports.figures import chinese_date
from tracker.tasks.models import STATUS_WORDS, Task, TaskStatus

_USER_FIELDS = {"owner_id"}
_UNIT_FIELDS = {"lead_department_id"}

_SILENT = {"extension_requests.updated", "evidence.updated", "progress_entries.updated"}
"""Row changes that a named event tells in full (a request's decision columns, a file's link to its
entry): no line of their own."""


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    said: str
    """What the actor did, as the rest of the sentence."""

    @property
    def text(self) -> str:
        return f"{self.actor} {self.said}"


@dataclass(frozen=True)
class _Names:
    users: Mapping[int, str]
    units: Mapping[int, str]

    def of(self, key: str, value: Any) -> str | None:
        """A person's or a unit's name for an id column, None for no one."""
        if value is None:
            return None
        names = self.users if key in _USER_FIELDS else self.units
        return names.get(value, "（已删除）")


def _names(session: Session, events: list[AuditEvent]) -> _Names:
    user_ids: set[int] = set()
    unit_ids: set[int] = set()
    for event in events:
        if event.actor_id is not None:
            user_ids.add(event.actor_id)
        for key, value in event.changes.items():
            values = value if isinstance(value, list) else [value]
            ids = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
            if key in _USER_FIELDS:
                user_ids |= ids
            elif key in _UNIT_FIELDS:
                unit_ids |= ids
    users = {
        i: n for i, n in session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    }
    units = {
        i: n
        for i, n in session.execute(select(Department.id, Department.name).where(Department.id.in_(unit_ids)))
    }
    return _Names(users, units)


def _day(value: str | None) -> str | None:
    """An ISO date from the trail as people write it: 2027年1月15日."""
    return chinese_date(date.fromisoformat(str(value)[:10])) if value else None


def _changed(label: str, old: str | None, new: str | None) -> str:
    if old is None:
        return f"{label}定为{new}"
    if new is None:
        return f"取消了{label}（原为{old}）"
    return f"{label}由{old}改为{new}"


def _status(value: str | None) -> str | None:
    return STATUS_WORDS[TaskStatus(value)] if value else None


def _every(recurrence: Any) -> str | None:
    every = recurrence.get("every") if isinstance(recurrence, dict) else None
    return EVERY.get(str(every), str(every)) if every else None


_FIELD_SENTENCES: dict[str, Callable[[Any, Any, _Names], str]] = {
    "title": lambda old, new, _: f"标题改为「{new}」",
    "lead_department_id": lambda old, new, names: _changed(
        "牵头单位", names.of("lead_department_id", old), names.of("lead_department_id", new)
    ),
    "owner_id": lambda old, new, names: _changed(
        "责任人", names.of("owner_id", old), names.of("owner_id", new)
    ),
    "deadline": lambda old, new, _: _changed("截止日期", _day(old), _day(new)),
    "ongoing": lambda old, new, _: "设为长期任务" if new else "取消了长期任务",
    "status": lambda old, new, _: _changed("状态", _status(old), _status(new)),
    "percent": lambda old, new, _: f"完成比例由{old or 0}%改为{new or 0}%",
    "requires_evidence": lambda old, new, _: "设为办结须附佐证材料" if new else "设为办结无须佐证材料",
    "recurrence": lambda old, new, _: _changed("周期", _every(old), _every(new)),
    "unfinished_reason": lambda old, new, _: f"未完成原因写为「{new}」" if new else "清除了未完成原因",
}
"""Every task field a person changes, as a clause; any other column is bookkeeping and is left out."""


def _tells(named: AuditEvent, key: str, old: Any, new: Any) -> bool:
    """Whether `named` already says this change of a task field: 办结 its status and 100%, a
    reopening its status, an approved extension the new deadline, a progress entry the start of work
    and its percent."""
    match named.action:
        case "task.closed":
            return (key, new) in {("status", "done"), ("percent", 100)}
        case "task.reopened":
            return (key, old) == ("status", "done")
        case "extension.approved":
            return key == "deadline" and new == named.changes.get("requested_deadline")
        case "progress_entries.created":
            return (key, old) == ("status", "pending") or (
                key == "percent" and new == named.changes.get("percent")
            )
    return False


def _task_changes(changes: Mapping[str, Any], names: _Names, beside: list[AuditEvent]) -> list[str]:
    return [
        _FIELD_SENTENCES[key](old, new, names)
        for key, (old, new) in changes.items()
        if key in _FIELD_SENTENCES and not any(_tells(named, key, old, new) for named in beside)
    ]


def _with_note(said: str, event: AuditEvent, word: str = "说明") -> str:
    return f"{said}，{word}：{event.note}" if event.note else said


def _units(names: Any) -> str:
    return "、".join(names) if names else "无"


def _said(event: AuditEvent, names: _Names, beside: list[AuditEvent]) -> str | None:
    """The event as the rest of a sentence; None for one that tells nobody anything."""
    changes = event.changes
    match event.action:
        case "tasks.created":
            return "创建了任务"
        case "tasks.updated":
            clauses = _task_changes(changes, names, beside)
            return _with_note("修改了任务：" + "；".join(clauses), event) if clauses else None
        case "progress_entries.created":
            percent = changes.get("percent")
            shown = f"（完成比例{percent}%）" if percent is not None else ""
            return f"填报了进展{shown}：{changes.get('text', '')}"
        case "progress_entries.deleted":
            return f"删除了进展：{changes.get('text', '')}"
        case "evidence.created":
            return f"上传了佐证材料：{changes.get('original_name', '')}"
        case "evidence.deleted":
            return f"删除了佐证材料：{changes.get('original_name', '')}"
        case "extension_requests.created":
            asked = _day(changes.get("requested_deadline"))
            return f"提交了延期申请：申请延期至{asked}，原因：{changes.get('reason', '')}"
        case "extension.approved":
            return _with_note(f"批准了延期申请：延期至{_day(changes.get('requested_deadline'))}", event)
        case "extension.refused":
            asked = _day(changes.get("requested_deadline"))
            return _with_note(f"未批准延期申请（申请延期至{asked}）", event)
        case "task.closed":
            return _with_note("办结了任务", event)
        case "task.reopened":
            return _with_note("重新打开了任务", event, "原因")
        case "duban_tasks.created":
            return "下发了县级督办（列入“上级交办”）"
        case "task.support_changed":
            before, after = changes.get("support_units", [[], []])
            return f"调整了配合单位：由{_units(before)}改为{_units(after)}"
    # bookkeeping is silent; an action nobody has worded yet still shows that something happened
    return None if event.action in _SILENT else _with_note("更新了任务的记录", event)


def _actor(event: AuditEvent, names: _Names) -> str:
    """The person by name; a command run on the server or the system itself in words."""
    if event.actor_id is not None and event.actor_id in names.users:
        return names.users[event.actor_id]
    if event.actor_label.startswith("cli:"):
        return "管理员（命令行）"
    return "系统" if event.actor_label == "system" else event.actor_label


def _beside(events: list[AuditEvent], index: int) -> list[AuditEvent]:
    """The same person's events nearest before and after a task row change, over silent rows: the
    named event of the same action, when there is one."""
    found = []
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(events) and events[other].action in _SILENT:
            other += step
        if 0 <= other < len(events) and events[other].actor_label == events[index].actor_label:
            found.append(events[other])
    return found


def task_history(session: Session, task: Task) -> list[HistoryLine]:
    """Every recorded change on the task and its entries, evidence and extension requests, oldest
    first, one sentence per action."""
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
    names = _names(session, events)
    lines = []
    for index, event in enumerate(events):
        beside = _beside(events, index) if event.action == "tasks.updated" else []
        said = _said(event, names, beside)
        if said is not None:
            lines.append(HistoryLine(event.at, _actor(event, names), said))
    return lines
