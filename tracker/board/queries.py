"""The board's questions to the database: which tasks, on which page, grouped under which plan item.

A board page costs three queries whatever the number of tasks: the counts by light (one aggregate
over the filtered tasks), the keys of the page's tasks in outline order, and those tasks with their
units, 责任人 and the two outline levels above each item, as plain columns. An outline deeper than
the parser's three levels costs one more query per extra level. The filter menus are
`tracker.board.menus`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    ScalarSelect,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session, aliased, joinedload, selectinload
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from tracker.accounts.models import Department, User
from tracker.board.lights import Light, Thresholds, light_for
from tracker.organisations.scope import in_scope
from tracker.plans.lifecycle import active_plan_ids
from tracker.plans.models import PlanItem
from tracker.tasks.models import ProgressEntry, Task, TaskStatus, task_support_departments
from tracker.tasks.overdue import deadline_applies_clause, is_continuing, overdue_clause

PER_PAGE = 50
DUE_WINDOWS = {"overdue": "已逾期", "7": "7 天内到期", "30": "30 天内到期", "none": "无截止日期"}


@dataclass(frozen=True)
class BoardFilters:
    organisation_id: int | None = None
    """One organisation's tasks (a county's people drilling into a town); None: those of every
    organisation the person sees (`tracker.organisations.scope`)."""
    plan_id: int | None = None
    """One plan's tasks; None: every active plan's."""
    department_id: int | None = None
    person_id: int | None = None
    status: TaskStatus | None = None
    due: str | None = None
    light: Light | None = None
    mine: bool = False
    page: int = 1
    search: str = ""
    """Words that must each appear in the task's title or text, a unit's name, the 责任人's name or a
    progress entry (`search_condition`)."""


@dataclass(frozen=True)
class BoardRow:
    """One task as a board row: plain values, safe to keep between requests."""

    id: int
    title: str
    lead_unit: str | None
    support_units: str | None
    """The co-operating units' names joined with 、, in the order they were added as units."""
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
    plan_id: int
    rows: list[BoardRow] = field(default_factory=list)


@dataclass
class BoardPage:
    groups: list[BoardGroup]
    total: int
    page: int
    pages: int
    light_counts: dict[Light, int]


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


Bound = date | BindParameter[date]


def _lit(light: Light, today: Bound, soon_before: Bound, red_before: Bound) -> ColumnElement[bool]:
    """Tasks lit `light` by a day's `Bounds` (`Thresholds.bounds`): dates, or parameters bound when
    the statement runs."""
    # The date comparisons come first: they are cheap, and a task without a deadline fails them.
    # Continuing work is never lit (`tracker.tasks.overdue`).
    applies = deadline_applies_clause()
    return {
        Light.BLUE: and_(Task.deadline >= today, Task.deadline < soon_before, applies),
        Light.ORANGE: and_(Task.deadline < today, Task.deadline >= red_before, applies),
        Light.RED: and_(Task.deadline < red_before, applies),
        Light.NONE: or_(Task.deadline.is_(None), Task.deadline >= soon_before, ~applies),
    }[light]


def light_condition(light: Light, today: date, thresholds: Thresholds) -> ColumnElement[bool]:
    bounds = thresholds.bounds(today)
    return _lit(light, bounds.today, bounds.soon_before, bounds.red_before)


LIT = (Light.BLUE, Light.ORANGE, Light.RED)
_COUNTS = (
    func.count(),
    *(
        func.count().filter(
            _lit(
                light,
                bindparam("today", type_=Date),
                bindparam("soon_before", type_=Date),
                bindparam("red_before", type_=Date),
            )
        )
        for light in LIT
    ),
)
"""The board's counts, built once: only the filters and the three dates change between requests."""


def _due_condition(due: str, today: date) -> ColumnElement[bool]:
    if due == "none":
        return Task.deadline.is_(None)
    if due == "overdue":
        return overdue_clause(today)
    return and_(Task.deadline >= today, Task.deadline <= today + timedelta(days=int(due)))


def task_conditions(
    filters: BoardFilters, me: User | None, today: date, thresholds: Thresholds
) -> list[ColumnElement[bool]]:
    """The WHERE clause shared by the board, the calendar, the feed and the API: only the tasks of
    the organisations `me` sees (`tracker.organisations.scope`). Without a plan named,
    the tasks of every active plan (`tracker.plans.lifecycle`: an archived plan's tasks leave daily
    work); a plan named explicitly is shown whatever its state, so a link to its tasks keeps working."""
    conditions: list[ColumnElement[bool]] = []
    if me is not None:
        conditions.append(in_scope(Task.organisation_id, me))
    if filters.organisation_id is not None:
        conditions.append(Task.organisation_id == filters.organisation_id)
    if filters.plan_id is not None:
        conditions.append(Task.plan_id == filters.plan_id)
    else:
        conditions.append(Task.plan_id.in_(active_plan_ids()))
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
    if filters.search.strip():
        conditions.append(search_condition(filters.search))
    return conditions


SEARCH_LENGTH = 100
"""Characters of a search that are read (the board and the API cut what is longer)."""
SEARCH_WORDS = 8
"""At most this many words of a search are used (each one is a few index lookups and a text scan)."""


def search_condition(text: str) -> ColumnElement[bool]:
    """Tasks where every word of `text` appears somewhere a person would look for it: the title, the
    plan item's text, the lead or a co-operating unit, the 责任人 (name or user name) or the text of a
    progress entry. Case does not matter; `%` and `_` are searched as themselves."""
    return and_(*(_mentions(word) for word in text.split()[:SEARCH_WORDS]))


_FOUND_ITEM, _FOUND_UNIT, _FOUND_PERSON = aliased(PlanItem), aliased(Department), aliased(User)
"""Aliases of the search's own, so its subqueries never correlate with a query that joins the same
tables (the calendar joins units, the board plan items)."""


def _mentions(word: str) -> ColumnElement[bool]:
    def has(column: Any) -> ColumnElement[bool]:
        return column.icontains(word, autoescape=True)  # type: ignore[no-any-return]

    units = select(_FOUND_UNIT.id).where(has(_FOUND_UNIT.name))
    people = select(_FOUND_PERSON.id).where(or_(has(_FOUND_PERSON.display_name), has(_FOUND_PERSON.username)))
    return or_(
        has(Task.title),
        exists().where(_FOUND_ITEM.id == Task.plan_item_id, has(_FOUND_ITEM.text)),
        Task.lead_department_id.in_(units),
        exists().where(
            task_support_departments.c.task_id == Task.id,
            task_support_departments.c.department_id.in_(units),
        ),
        Task.owner_id.in_(people),
        exists().where(ProgressEntry.task_id == Task.id, has(ProgressEntry.text)),
    )


def tasks_with_people() -> Select[tuple[Task]]:
    """Tasks with their units, 责任人 and plan item loaded up front, for the API's task list (the
    board reads plain columns instead, see `board_page`)."""
    return select(Task).options(
        joinedload(Task.lead_department),
        joinedload(Task.owner),
        joinedload(Task.plan_item),
        selectinload(Task.support_departments),
    )


def light_counts(
    session: Session, conditions: list[ColumnElement[bool]], today: date, thresholds: Thresholds
) -> tuple[int, dict[Light, int]]:
    """The number of tasks that pass the filters and how many of them are lit each colour, counted by
    the database in one pass over the index on (plan, deadline, status)."""
    bounds = thresholds.bounds(today)
    statement = select(*_COUNTS).select_from(Task).where(*conditions)
    total, *counts = session.execute(statement, vars(bounds)).one()
    return int(total), {light: int(count) for light, count in zip(LIT, counts, strict=True)}


def _page_keys(session: Session, conditions: list[ColumnElement[bool]], page: int) -> list[tuple[int, int]]:
    """(task id, plan item id) of the page's tasks in outline order, chosen from narrow rows: a deep
    page of a filtered board sorts little, and the first page walks the outline index and stops."""
    keys = session.execute(
        select(Task.id, PlanItem.id)
        .join(PlanItem, Task.plan_item_id == PlanItem.id)
        .where(*conditions)
        .order_by(PlanItem.plan_id, PlanItem.position, PlanItem.id)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    return [(task_id, item_id) for task_id, item_id in keys]


_LEAF, _PARENT, _GRAND = aliased(PlanItem), aliased(PlanItem), aliased(PlanItem)
_LEAD, _OWNER = aliased(Department), aliased(User)


def _support_units(dialect: str) -> ScalarSelect[str]:
    """The task's co-operating units as one text, joined by the database (its own aggregate)."""
    link = task_support_departments.c
    if dialect == "postgresql":
        joined = func.string_agg(Department.name, aggregate_order_by(literal_column("'、'"), Department.id))
    else:  # SQLite concatenates in the order it reads the link table's key: by unit id as well
        joined = func.group_concat(Department.name, "、")
    return (
        select(joined)
        .select_from(task_support_departments)
        .join(Department, Department.id == link.department_id)
        .where(link.task_id == Task.id)
        .scalar_subquery()
    )


def _highest(column: str) -> ColumnElement[Any]:
    """`column` of the highest of the item, its parent and its grandparent: the group heading."""
    return case(
        (_GRAND.id.is_not(None), getattr(_GRAND, column)),
        (_PARENT.id.is_not(None), getattr(_PARENT, column)),
        else_=getattr(_LEAF, column),
    )


@cache
def _rows_statement(dialect: str) -> Select[Any]:
    """The board's rows, built once per backend so SQLAlchemy compiles it once; it takes the page's
    task and item ids (both, so that PostgreSQL looks the fifty items up by key instead of reading the
    whole outline)."""
    return row_columns(dialect).where(
        Task.id.in_(bindparam("task_ids", expanding=True)),
        _LEAF.id.in_(bindparam("item_ids", expanding=True)),
    )


OUTLINE_ORDER = (_LEAF.plan_id, _LEAF.position, _LEAF.id)
"""`row_columns` in the board's order: plan, then outline."""


def row_columns(dialect: str) -> Select[Any]:
    """What a board row shows, with its group heading, as plain columns (no ORM objects): the board
    and the spreadsheet export read the same."""
    return (
        select(
            Task.id,
            Task.plan_id,
            Task.title,
            _LEAD.name.label("lead_unit"),
            _support_units(dialect).label("support_units"),
            _OWNER.display_name.label("owner"),
            Task.deadline,
            Task.ongoing,
            Task.recurrence,
            Task.status,
            Task.percent,
            func.coalesce(_GRAND.id, _PARENT.id, _LEAF.id).label("top_id"),
            _highest("marker").label("top_marker"),
            _highest("title").label("top_title"),
            _GRAND.parent_id.label("deeper_id"),
        )
        .join(_LEAF, Task.plan_item_id == _LEAF.id)
        .outerjoin(_PARENT, _LEAF.parent_id == _PARENT.id)
        .outerjoin(_GRAND, _PARENT.parent_id == _GRAND.id)
        .outerjoin(_LEAD, Task.lead_department_id == _LEAD.id)
        .outerjoin(_OWNER, Task.owner_id == _OWNER.id)
    )


Top = tuple[int, str | None, str]
"""A top-level plan item as a group heading needs it: (id, marker, title)."""


def _deeper_tops(session: Session, item_ids: set[int]) -> dict[int, Top]:
    """Each item's top-level ancestor, walking up one level per query: only for outlines deeper than
    the three levels the parser makes (items added by hand under a child)."""
    known: dict[int, tuple[int | None, str | None, str]] = {}
    wanted = set(item_ids)
    while wanted:
        rows = session.execute(
            select(PlanItem.id, PlanItem.parent_id, PlanItem.marker, PlanItem.title).where(
                PlanItem.id.in_(wanted)
            )
        )
        known.update({item_id: (parent_id, marker, title) for item_id, parent_id, marker, title in rows})
        wanted = {parent for parent, _marker, _title in known.values() if parent and parent not in known}
    tops: dict[int, Top] = {}
    for item_id in item_ids:
        current = item_id
        while (parent := known[current][0]) is not None:
            current = parent
        tops[item_id] = (current, known[current][1], known[current][2])
    return tops


def board_row_values(row: Any, today: date, thresholds: Thresholds) -> tuple[Any, ...]:
    """The fields of a `BoardRow`, in order, from a row of `row_columns`."""
    return (
        row.id,
        row.title,
        row.lead_unit,
        row.support_units,
        row.owner,
        row.deadline,
        row.ongoing,
        row.status,
        row.percent,
        row_light(row, today, thresholds),
    )


def row_light(row: Any, today: date, thresholds: Thresholds) -> Light:
    """The light of a row with a task's deadline, status, ongoing and recurrence columns."""
    continuing = is_continuing(ongoing=row.ongoing, recurrence=row.recurrence)
    return light_for(row.deadline, row.status, today, thresholds, continuing=continuing)


def group_headings(session: Session, rows: Sequence[Any]) -> list[tuple[int, str]]:
    """(top-level item id, heading) of each of `rows` (from `row_columns`): its group on the board."""
    deeper = _deeper_tops(session, {row.top_id for row in rows if row.deeper_id is not None})
    headings = []
    for row in rows:
        top_id, marker, title = deeper.get(row.top_id) or (row.top_id, row.top_marker, row.top_title)
        headings.append((top_id, f"{marker or ''} {title}".strip()))
    return headings


def board_page(
    session: Session, filters: BoardFilters, *, me: User | None, today: date, thresholds: Thresholds
) -> BoardPage:
    conditions = task_conditions(filters, me, today, thresholds)
    total, counts = light_counts(session, conditions, today, thresholds)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(filters.page, 1), pages)
    keys = _page_keys(session, conditions, page) if total else []
    rows = []
    if keys:
        task_ids, item_ids = (list(ids) for ids in zip(*keys, strict=True))
        found = session.execute(
            _rows_statement(session.get_bind().dialect.name), {"task_ids": task_ids, "item_ids": item_ids}
        )
        by_id = {row.id: row for row in found}
        rows = [by_id[task_id] for task_id in task_ids]
    groups: list[BoardGroup] = []
    for row, (top_id, heading) in zip(rows, group_headings(session, rows), strict=True):
        if not groups or groups[-1].item_id != top_id:
            groups.append(BoardGroup(heading, top_id, row.plan_id))
        groups[-1].rows.append(BoardRow(*board_row_values(row, today, thresholds)))
    return BoardPage(groups, total, page, pages, counts)
