"""The coordinator's weekly summary, sent on the first working day of each week (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.reminders.rules import DayRules, TaskFacts

LISTED_TASKS = 30
"""How many overdue and due tasks the summary names; the totals count them all."""


@dataclass
class WeeklySummary:
    total: int = 0
    done: int = 0
    """已办结"""
    in_progress: int = 0
    """推进中"""
    pending: int = 0
    """未开始"""
    overdue: int = 0
    red: int = 0
    due_this_week: int = 0
    unassigned: int = 0
    overdue_tasks: list[tuple[TaskFacts, int]] = field(default_factory=list)
    """The longest overdue first, with their working days overdue."""
    due_tasks: list[tuple[TaskFacts, int]] = field(default_factory=list)
    """Due within the next five working days, soonest first, with their working days left."""


def is_summary_day(rules: DayRules) -> bool:
    return rules.index.first_workday_of_week(rules.day) == rules.day


def summarise_week(rules: DayRules, tasks: Sequence[TaskFacts]) -> WeeklySummary:
    summary = WeeklySummary(total=len(tasks))
    overdue: list[tuple[TaskFacts, int]] = []
    due: list[tuple[TaskFacts, int]] = []
    for task in tasks:
        if task.done:
            summary.done += 1
            continue
        if task.started:
            summary.in_progress += 1
        else:
            summary.pending += 1
        if task.owner_id is None:
            summary.unassigned += 1
        if task.deadline is None or task.continuing:
            continue
        if task.deadline < rules.day:
            late = rules.overdue_workdays(task.deadline)
            if late > 0:
                overdue.append((task, late))
                summary.red += late > rules.th.top_after_days
            continue
        if task.deadline <= rules.index.last:
            left = rules.index.between(rules.day, rules.index.last_workday_on_or_before(task.deadline))
            if left <= 5:
                due.append((task, left))
    summary.overdue = len(overdue)
    summary.due_this_week = len(due)
    summary.overdue_tasks = sorted(overdue, key=lambda pair: (-pair[1], pair[0].id))[:LISTED_TASKS]
    summary.due_tasks = sorted(due, key=lambda pair: (pair[1], pair[0].id))[:LISTED_TASKS]
    return summary
