"""When a task is 逾期 (overdue): the one rule the board's lights, the dashboard, the reminder mail
and the report draft all follow.

Continuing work — 长期坚持/常态化/持续推进 (`Task.ongoing`) and recurring work (每月, 每季度, 每学期…:
`Task.recurrence`) — has periodic check-ins (进度填报) instead of one deadline, so it is never
overdue and never "due soon", whatever date it carries (a recurring task keeps the plan year's end as
its last due date, and a draft written in January must not call it late). Everything else is overdue
once the day after its deadline has come and it is not 办结.

The rule is written twice, as Python for values in hand and as SQL for queries that count or filter
in the database; a test holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from tracker.tasks.models import Task, TaskStatus


def is_continuing(*, ongoing: bool, recurrence: Mapping[str, Any] | None) -> bool:
    """长期/常态化/持续 or recurring work: check-ins, not a deadline."""
    return bool(ongoing) or bool(recurrence and recurrence.get("every"))


def overdue_days(*, deadline: date | None, done: bool, continuing: bool, today: date) -> int | None:
    """Calendar days past the deadline, or None when the task is not overdue."""
    if done or continuing or deadline is None or deadline >= today:
        return None
    return (today - deadline).days


def is_overdue(*, deadline: date | None, done: bool, continuing: bool, today: date) -> bool:
    return overdue_days(deadline=deadline, done=done, continuing=continuing, today=today) is not None


def continuing_clause() -> ColumnElement[bool]:
    """`is_continuing` for `Task` rows, in SQL (a JSON null or a missing `every` is not recurring)."""
    return or_(Task.ongoing.is_(True), Task.recurrence["every"].as_string().is_not(None))


def deadline_applies_clause() -> ColumnElement[bool]:
    """Tasks whose deadline can make them due soon or overdue: open and not continuing."""
    return and_(Task.status != TaskStatus.DONE, ~continuing_clause())


def overdue_clause(today: date | ColumnElement[date]) -> ColumnElement[bool]:
    """`is_overdue` for `Task` rows, in SQL."""
    return and_(Task.deadline < today, deadline_applies_clause())
