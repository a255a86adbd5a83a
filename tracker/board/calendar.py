"""The deadline calendar: a month grid of the tasks due on each day, and the personal iCal feed."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import Department
from tracker.tasks.models import Task, TaskStatus
from tracker.tasks.overdue import continuing_clause

SHOWN_PER_DAY = 4


@dataclass(frozen=True)
class DueTask:
    id: int
    title: str
    deadline: date
    status: TaskStatus
    lead_unit: str | None
    continuing: bool = False
    """长期/常态化 or recurring work: never lit (`tracker.tasks.overdue`)."""


def month_weeks(year: int, month: int) -> list[list[date]]:
    """The weeks (Monday first) that cover the month, as the grid shows them."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def due_tasks(
    session: Session, conditions: list[ColumnElement[bool]], start: date, end: date
) -> list[DueTask]:
    """Tasks with a deadline in [start, end], with just what a calendar entry shows."""
    rows = session.execute(
        select(Task.id, Task.title, Task.deadline, Task.status, Department.name, continuing_clause())
        .outerjoin(Department, Task.lead_department_id == Department.id)
        .where(*conditions, Task.deadline >= start, Task.deadline <= end)
        .order_by(Task.deadline, Task.id)
    )
    return [DueTask(*row[:-1], continuing=bool(row[-1])) for row in rows]


def by_day(tasks: list[DueTask]) -> dict[date, list[DueTask]]:
    days: dict[date, list[DueTask]] = {}
    for task in tasks:
        days.setdefault(task.deadline, []).append(task)
    return days


def ical_feed(tasks: list[DueTask], base_url: str, owner_label: str) -> bytes:
    """One all-day event per open deadline, linking back to the task page."""
    feed = Calendar()
    feed.add("prodid", "-//Luoshi//落实 任务截止日期//ZH")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"落实 · {owner_label}的任务截止日期")
    host = base_url.split("//", 1)[-1].split("/", 1)[0]
    for task in tasks:
        if task.status == TaskStatus.DONE:
            continue
        event = Event()
        event.add("uid", f"task-{task.id}@{host}")
        event.add("summary", f"【截止】{task.title[:80]}")
        event.add("dtstart", task.deadline)
        event.add("dtend", task.deadline + timedelta(days=1))
        event.add("url", f"{base_url.rstrip('/')}/tasks/{task.id}")
        if task.lead_unit:
            event.add("description", f"牵头单位：{task.lead_unit}")
        feed.add_component(event)
    return feed.to_ical()
