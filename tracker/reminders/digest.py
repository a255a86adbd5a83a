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
from tracker.reminders.rules import PAUSABLE_KINDS, Colour, Reminder, TaskFacts
from tracker.reminders.weekly import WeeklySummary

COLOUR_ORDER = {Colour.RED: 0, Colour.ORANGE: 1, Colour.BLUE: 2, Colour.NOTICE: 3}


def _item(reminder: Reminder, task: TaskFacts) -> dict[str, Any]:
    return {
        "kind": reminder.kind.value,
        "colour": reminder.colour.value,
        "capacity": reminder.capacity.value,
        "task_id": task.id,
        "title": task.title,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "workdays": reminder.workdays,
        "detail": dict(reminder.detail),
    }


def _sort_key(item: dict[str, Any]) -> tuple[int, int, int]:
    """Worst first: red before orange before blue before notices; longest overdue / soonest due first."""
    colour = COLOUR_ORDER[item["colour"]]  # a StrEnum member looks up as its value
    days = item["workdays"] or 0
    return colour, -days if item["kind"] == "overdue" else days, item["task_id"]


def daily_payloads(
    day: date,
    reminders: Iterable[Reminder],
    tasks_by_id: Mapping[int, TaskFacts],
    people: Mapping[int, Person],
) -> dict[int, dict[str, Any]]:
    """Recipient id → digest payload, leaving out what the recipient has paused and anyone who has
    nothing left, is inactive or unknown."""
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for reminder in reminders:
        person = people.get(reminder.recipient_id)
        if person is None or (person.pause_due_soon and reminder.kind in PAUSABLE_KINDS):
            continue
        items[reminder.recipient_id].append(_item(reminder, tasks_by_id[reminder.task_id]))
    return {
        recipient_id: {
            "day": day.isoformat(),
            "recipient": {"id": recipient_id, "name": people[recipient_id].name},
            "items": sorted(recipient_items, key=_sort_key),
        }
        for recipient_id, recipient_items in items.items()
    }


def _listed(pairs: list[tuple[TaskFacts, int]]) -> list[dict[str, Any]]:
    return [
        {
            "task_id": task.id,
            "title": task.title,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "workdays": days,
        }
        for task, days in pairs
    ]


def weekly_payload(day: date, person: Person, summary: WeeklySummary) -> dict[str, Any]:
    return {
        "day": day.isoformat(),
        "recipient": {"id": person.id, "name": person.name},
        "totals": {
            "total": summary.total,
            "done": summary.done,
            "in_progress": summary.in_progress,
            "pending": summary.pending,
            "overdue": summary.overdue,
            "red": summary.red,
            "due_this_week": summary.due_this_week,
            "unassigned": summary.unassigned,
        },
        "overdue": _listed(summary.overdue_tasks),
        "due": _listed(summary.due_tasks),
    }
