"""One email per recipient per day: the day's reminders grouped into digest payloads (pure).

A payload is plain JSON (stored in the outbox row), so what a mail says is fixed when the cycle
decides it, and rendering it later, or again after a crash, gives the same message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from tracker.reminders.facts import Person
from tracker.reminders.rules import (
    OVERDUE,
    PAUSABLE_KINDS,
    Capacity,
    Colour,
    Reminder,
    ReminderKind,
    TaskFacts,
)
from tracker.reminders.weekly import WeeklySummary

COLOUR_ORDER = {Colour.RED: 0, Colour.ORANGE: 1, Colour.BLUE: 2, Colour.NOTICE: 3}
VALUES = {member: member.value for enum in (ReminderKind, Colour, Capacity) for member in enum}
"""Each member's stored string, looked up (an enum's `.value` is a descriptor call in Python 3.11)."""


def _sort_key(reminder: Reminder) -> tuple[int, int, int]:
    """Worst first: red before orange before blue before notices; longest overdue / soonest due first."""
    days = reminder.workdays or 0
    return COLOUR_ORDER[reminder.colour], -days if reminder.kind is OVERDUE else days, reminder.task_id


def daily_payloads(
    day: date,
    reminders: Iterable[Reminder],
    tasks_by_id: Mapping[int, TaskFacts],
    people: Mapping[int, Person],
) -> dict[int, dict[str, Any]]:
    """Recipient id → digest payload, leaving out what the recipient has paused and anyone who has
    nothing left, is inactive or unknown."""
    kept: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        person = people.get(reminder.recipient_id)
        if person is None or (person.pause_due_soon and reminder.kind in PAUSABLE_KINDS):
            continue
        kept[reminder.recipient_id].append(reminder)
    # a task's own part of an item, once per task: a red task is in four people's digests
    about: dict[int, tuple[str, str | None]] = {}
    for task_id in {reminder.task_id for ones in kept.values() for reminder in ones}:
        task = tasks_by_id[task_id]
        about[task_id] = task.title, task.deadline.isoformat() if task.deadline else None
    return {
        recipient_id: {
            "day": day.isoformat(),
            "recipient": {"id": recipient_id, "name": people[recipient_id].name},
            "items": [
                {
                    "kind": VALUES[reminder.kind],
                    "colour": VALUES[reminder.colour],
                    "capacity": VALUES[reminder.capacity],
                    "task_id": reminder.task_id,
                    "title": about[reminder.task_id][0],
                    "deadline": about[reminder.task_id][1],
                    "workdays": reminder.workdays,
                    "detail": dict(reminder.detail),
                }
                for reminder in sorted(ones, key=_sort_key)
            ],
        }
        for recipient_id, ones in kept.items()
    }


def _listed(pairs: list[tuple[TaskFacts, int]], names: Mapping[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "task_id": task.id,
            "title": task.title,
            "town": names.get(task.organisation_id) if task.organisation_id is not None else None,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "workdays": days,
        }
        for task, days in pairs
    ]


def _totals(summary: WeeklySummary) -> dict[str, int]:
    return {
        "total": summary.total,
        "done": summary.done,
        "in_progress": summary.in_progress,
        "pending": summary.pending,
        "overdue": summary.overdue,
        "red": summary.red,
        "due_this_week": summary.due_this_week,
        "unassigned": summary.unassigned,
    }


def weekly_payload(
    day: date, person: Person, summary: WeeklySummary, names: Mapping[int, str]
) -> dict[str, Any]:
    """The summary as stored; a county's carries each town's totals (`towns`), and its listed tasks
    name their town (`names`: organisation id → name)."""
    return {
        "day": day.isoformat(),
        "recipient": {"id": person.id, "name": person.name},
        "totals": _totals(summary),
        "towns": [{"name": names.get(town, ""), **_totals(line)} for town, line in summary.towns],
        "overdue": _listed(summary.overdue_tasks, names),
        "due": _listed(summary.due_tasks, names),
    }
