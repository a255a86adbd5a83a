"""The plan year, corrected on review before confirming: every date of the plan follows it.

The parser says when it guessed the year; the coordinator may know better. Deadlines the text stated
(`6月底前`) are read again for the new year, unless the phrase names its own year (`2027年3月底前`);
the default (the year's last day) moves to the new year's end; a date the reviewer set inside the old
year moves to the same day of the new year; recurring work gets the new year's due dates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tracker import audit
from tracker.plans.errors import PlanInputError
from tracker.plans.models import Plan, PlanItem
from tracker.plans.parsing.deadlines import due_dates, find_timing
from tracker.plans.review import editable

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _same_day(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 2月29日 in a year without it
        return day.replace(year=year, day=28)


def _follow(item: PlanItem, old: int, new: int) -> None:
    stated = find_timing(item.deadline_phrase, new) if item.deadline_phrase else None
    if stated is not None:
        item.deadline = stated.deadline
    elif item.deadline_suggested or (item.deadline is not None and item.deadline.year == old):
        item.deadline = _same_day(item.deadline, new) if item.deadline else date(new, 12, 31)
    if item.recurrence:
        every = item.recurrence["every"]
        due = stated.recurrence.due if stated and stated.recurrence else due_dates(every, new)
        item.recurrence = {**item.recurrence, "due": [day.isoformat() for day in due]}


def change_plan_year(session: Session, plan: Plan, year: int) -> int:
    """Set the plan's year and move its items' dates with it; returns how many items changed."""
    editable(plan)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlanInputError(f"计划年度须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间。", field="year")
    old = plan.year
    if year == old:
        return 0
    before = {item.id: (item.deadline, item.recurrence) for item in plan.items}
    for item in plan.items:
        _follow(item, old, year)
    plan.year = year
    session.flush()
    moved = sum(1 for item in plan.items if before[item.id] != (item.deadline, item.recurrence))
    audit.record(session, "plan.year_changed", plan, changes={"year": [old, year], "items": moved})
    return moved
