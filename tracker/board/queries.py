"""The board's questions to the database: which tasks, on which page, grouped under which plan item.

The number of queries does not depend on the number of tasks: one for the page of tasks (with their
units, 责任人 and plan item joined), one for the co-operating units, one per level of the plan outline
for the group headings, one for the counts by light.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload, load_only, selectinload
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import Department, User
from tracker.board.lights import Light, Thresholds, light_for
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import Task, TaskStatus, task_support_departments

PER_PAGE = 50
DUE_WINDOWS = {"overdue": "已逾期", "7": "7 天内到期", "30": "30 天内到期", "none": "无截止日期"}


@dataclass(frozen=True)
class BoardFilters:
    plan_id: int | None = None
    department_id: int | None = None
    person_id: int | None = None
    status: TaskStatus | None = None
    due: str | None = None
    light: Light | None = None
    mine: bool = False
    page: int = 1


@dataclass(frozen=True)
class BoardRow:
    """One task as a board row: plain values, safe to keep between requests."""

    id: int
    title: str
    lead_unit: str | None
    support_units: tuple[str, ...]
    owner: str | None
    deadline: date | None
    ongoing: bool
    status: TaskStatus
    percent: int
    light: Light


@dataclass
class BoardGroup:
    label: str
    item_id: int
    rows: list[BoardRow] = field(default_factory=list)


@dataclass
class BoardPage:
    plan_label: str | None
    groups: list[BoardGroup]
    total: int
    page: int
    pages: int
    light_counts: dict[Light, int]


def default_plan(session: Session) -> Plan | None:
    """The newest confirmed plan (or the newest draft when nothing is confirmed yet), without its
    source document, which pages that show figures never need."""
    return session.scalar(
        select(Plan)
        .options(load_only(Plan.id, Plan.year, Plan.title, Plan.status))
        .order_by((Plan.status == PlanStatus.CONFIRMED).desc(), Plan.year.desc(), Plan.id.desc())
    )


def mine_condition(me: User) -> ColumnElement[bool]:
    """My tasks: I am the 责任人, my unit leads or co-operates, or I supervise the lead unit."""
    conditions: list[ColumnElement[bool]] = [
        Task.owner_id == me.id,
        Task.lead_department_id.in_(select(Department.id).where(Department.leader_id == me.id)),
    ]
    if me.department_id is not None:
        conditions.append(Task.lead_department_id == me.department_id)
        conditions.append(_supported_by(me.department_id))
    return or_(*conditions)


def _supported_by(department_id: int) -> ColumnElement[bool]:
    return exists().where(
        task_support_departments.c.task_id == Task.id,
        task_support_departments.c.department_id == department_id,
    )


def light_condition(light: Light, today: date, thresholds: Thresholds) -> ColumnElement[bool]:
    soon, red = thresholds.bounds(today)
    open_task = and_(Task.status != TaskStatus.DONE, Task.deadline.is_not(None))
    return {
        Light.BLUE: and_(open_task, Task.deadline >= today, Task.deadline <= soon),
        Light.ORANGE: and_(open_task, Task.deadline < today, Task.deadline > red),
        Light.RED: and_(open_task, Task.deadline <= red),
        Light.NONE: or_(Task.status == TaskStatus.DONE, Task.deadline.is_(None), Task.deadline > soon),
    }[light]


def _due_condition(due: str, today: date) -> ColumnElement[bool]:
    if due == "none":
        return Task.deadline.is_(None)
    if due == "overdue":
        return and_(Task.status != TaskStatus.DONE, Task.deadline < today)
    return and_(Task.deadline >= today, Task.deadline <= today + timedelta(days=int(due)))


def task_conditions(
    filters: BoardFilters, me: User | None, today: date, thresholds: Thresholds
) -> list[ColumnElement[bool]]:
    """The WHERE clause shared by the board, the calendar, the feed and the API."""
    conditions: list[ColumnElement[bool]] = []
    if filters.plan_id is not None:
        conditions.append(Task.plan_id == filters.plan_id)
    if filters.department_id is not None:
        conditions.append(
            or_(Task.lead_department_id == filters.department_id, _supported_by(filters.department_id))
        )
    if filters.person_id is not None:
        conditions.append(Task.owner_id == filters.person_id)
    if filters.status is not None:
        conditions.append(Task.status == filters.status)
    if filters.due in DUE_WINDOWS:
        conditions.append(_due_condition(filters.due, today))
    if filters.light is not None:
        conditions.append(light_condition(filters.light, today, thresholds))
    if filters.mine and me is not None:
        conditions.append(mine_condition(me))
    return conditions


def tasks_with_people() -> Select[tuple[Task]]:
    """Tasks with everything a row shows loaded up front (no lazy loads while rendering)."""
    return select(Task).options(
        joinedload(Task.lead_department),
        joinedload(Task.owner),
        joinedload(Task.plan_item),
        selectinload(Task.support_departments),
    )


def top_items(session: Session, items: list[PlanItem]) -> dict[int, PlanItem]:
    """Each item's top-level ancestor, walking up one outline level per query."""
    known = {item.id: item for item in items}
    while missing := {i.parent_id for i in known.values() if i.parent_id and i.parent_id not in known}:
        known.update({p.id: p for p in session.scalars(select(PlanItem).where(PlanItem.id.in_(missing)))})

    def top(item: PlanItem) -> PlanItem:
        while item.parent_id is not None:
            item = known[item.parent_id]
        return item

    return {item.id: top(item) for item in items}


def light_counts(
    session: Session, conditions: list[ColumnElement[bool]], today: date, thresholds: Thresholds
) -> tuple[int, dict[Light, int]]:
    columns = [
        func.count().label("total"),
        *(
            func.coalesce(func.sum(case((light_condition(light, today, thresholds), 1), else_=0)), 0)
            for light in (Light.BLUE, Light.ORANGE, Light.RED)
        ),
    ]
    total, blue, orange, red = session.execute(select(*columns).select_from(Task).where(*conditions)).one()
    return int(total), {Light.BLUE: int(blue), Light.ORANGE: int(orange), Light.RED: int(red)}


def _row(task: Task, today: date, thresholds: Thresholds) -> BoardRow:
    return BoardRow(
        id=task.id,
        title=task.title,
        lead_unit=task.lead_department.name if task.lead_department else None,
        support_units=tuple(d.name for d in task.support_departments),
        owner=task.owner.display_name if task.owner else None,
        deadline=task.deadline,
        ongoing=task.ongoing,
        status=task.status,
        percent=task.percent,
        light=light_for(task.deadline, task.status, today, thresholds),
    )


def board_page(
    session: Session, filters: BoardFilters, *, me: User | None, today: date, thresholds: Thresholds
) -> BoardPage:
    plan = (
        session.get(Plan, filters.plan_id, options=[load_only(Plan.id, Plan.year, Plan.title, Plan.status)])
        if filters.plan_id
        else None
    )
    conditions = task_conditions(filters, me, today, thresholds)
    total, counts = light_counts(session, conditions, today, thresholds)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(filters.page, 1), pages)
    tasks = list(
        session.scalars(
            tasks_with_people()
            .join(PlanItem, Task.plan_item_id == PlanItem.id)
            .where(*conditions)
            .order_by(PlanItem.plan_id, PlanItem.position, PlanItem.id)
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        ).unique()
    )
    tops = top_items(session, [task.plan_item for task in tasks])
    groups: list[BoardGroup] = []
    for task in tasks:
        top = tops[task.plan_item.id]
        if not groups or groups[-1].item_id != top.id:
            groups.append(BoardGroup(f"{top.marker or ''} {top.title}".strip(), top.id))
        groups[-1].rows.append(_row(task, today, thresholds))
    plan_label = f"{plan.year} · {plan.title}" if plan else None
    return BoardPage(plan_label, groups, total, page, pages, counts)
