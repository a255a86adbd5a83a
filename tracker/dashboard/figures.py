"""The dashboard's figures, each one aggregate query, so their cost does not grow with the page.

Completion by plan item is grouped under each task's top-level item, found by joining up to two
parent levels (the parser's outline is at most section → item → child).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session, aliased, joinedload

from tracker.accounts.models import Department
from tracker.plans.models import PlanItem
from tracker.tasks.models import Indicator, Task, TaskStatus
from tracker.tasks.overdue import overdue_clause

OVERDUE_SHOWN = 30


@dataclass(frozen=True)
class Completion:
    label: str
    total: int
    done: int
    overdue: int
    mean_percent: float
    """The mean of its tasks' progress (进度), a closed task counting as 100%."""


@dataclass(frozen=True)
class IndicatorFigure:
    name: str
    unit: str
    item_label: str
    baseline: Decimal | None
    baseline_qualifier: str | None
    baseline_year: int | None
    target: Decimal | None
    actual: Decimal


def completion_columns(today: date) -> tuple[ColumnElement[int], ...]:
    """Tasks, 办结, overdue (the board's 橙 and 红: `tracker.tasks.overdue`) and the mean progress,
    a closed task counting as 100%: the columns of a `Completion`, for any grouping of tasks (by plan
    item, by unit, by town on the county's board)."""
    is_done = Task.status == TaskStatus.DONE
    done = func.coalesce(func.sum(case((is_done, 1), else_=0)), 0)
    overdue = func.coalesce(func.sum(case((overdue_clause(today), 1), else_=0)), 0)
    progress = func.coalesce(func.avg(case((is_done, 100), else_=Task.percent)), 0)
    return func.count(Task.id), done, overdue, progress


def joined_to_top_item(statement: Select[Any]) -> tuple[Select[Any], ColumnElement[int]]:
    """`statement` (over tasks) joined up to each task's top-level plan item, and that item's id:
    the 计划事项 (area) a task is counted under."""
    leaf, parent, grand = aliased(PlanItem), aliased(PlanItem), aliased(PlanItem)
    joined = (
        statement.join(leaf, Task.plan_item_id == leaf.id)
        .outerjoin(parent, leaf.parent_id == parent.id)
        .outerjoin(grand, parent.parent_id == grand.id)
    )
    return joined, func.coalesce(grand.id, parent.id, leaf.id)


def completion_by_item(session: Session, plan_id: int, today: date) -> list[Completion]:
    statement, top = joined_to_top_item(select().select_from(Task))
    top_id = top.label("top_id")
    grouped = (
        statement.add_columns(top_id, *completion_columns(today))
        .where(Task.plan_id == plan_id)
        .group_by(top_id)
        .subquery()
    )
    rows = session.execute(
        select(PlanItem.marker, PlanItem.title, *list(grouped.c)[1:])
        .join(grouped, grouped.c.top_id == PlanItem.id)
        .order_by(PlanItem.position)
    )
    return [
        Completion(f"{marker or ''}{title[:24]}", int(total), int(done), int(overdue), float(mean))
        for marker, title, total, done, overdue, mean in rows
    ]


def completion_by_department(session: Session, plan_id: int, today: date) -> list[Completion]:
    rows = session.execute(
        select(func.coalesce(Department.name, "（未分配）"), *completion_columns(today))
        .select_from(Task)
        .outerjoin(Department, Task.lead_department_id == Department.id)
        .where(Task.plan_id == plan_id)
        .group_by(Department.name)
        .order_by(Department.name)
    )
    return [Completion(str(name), int(t), int(d), int(o), float(m)) for name, t, d, o, m in rows]


def overdue_tasks(session: Session, plan_id: int, today: date) -> list[Task]:
    """The longest overdue first, at most `OVERDUE_SHOWN` (their number: the sum of the units' counts)."""
    return list(
        session.scalars(
            select(Task)
            .options(joinedload(Task.lead_department), joinedload(Task.owner))
            .where(Task.plan_id == plan_id, overdue_clause(today))
            .order_by(Task.deadline, Task.id)
            .limit(OVERDUE_SHOWN)
        )
    )


def indicator_figures(session: Session, plan_id: int) -> list[IndicatorFigure]:
    rows = session.execute(
        select(Indicator, PlanItem.marker, PlanItem.title)
        .join(PlanItem, Indicator.plan_item_id == PlanItem.id)
        .where(PlanItem.plan_id == plan_id)
        .order_by(PlanItem.position, Indicator.id)
    )
    return [
        IndicatorFigure(
            i.name,
            i.unit,
            f"{marker or ''}{title[:16]}",
            i.baseline_value,
            i.baseline_qualifier,
            i.baseline_year,
            i.target,
            i.actual,
        )
        for i, marker, title in rows
    ]
