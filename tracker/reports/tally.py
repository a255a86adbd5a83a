"""Counts that a template may print, each cited by the records it counts.

A count of zero is cited by everything that was looked at (the tasks of the item, or the plan when
there are none), because "办结0项" is a statement about those tasks too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.reports.citing import cite
from tracker.reports.draft import SourceRef
from tracker.reports.records import TaskRecord


def cited_count(counted: Sequence[SourceRef], looked_at: Sequence[SourceRef]) -> str:
    return cite(len(counted), *(counted or looked_at))


def task_refs(tasks: Sequence[TaskRecord]) -> list[SourceRef]:
    return [SourceRef("task", task.id) for task in tasks]


@dataclass(frozen=True)
class Tally:
    """How many tasks there are and in which state, as cited text and as plain numbers."""

    total: str
    done: str
    in_progress: str
    pending: str
    total_count: int
    done_count: int
    in_progress_count: int
    pending_count: int

    @classmethod
    def of(cls, tasks: Sequence[TaskRecord], fallback: SourceRef) -> Tally:
        every = task_refs(tasks) or [fallback]
        groups = {
            state: task_refs([task for task in tasks if task.status == state])
            for state in ("done", "in_progress", "pending")
        }
        return cls(
            total=cited_count(task_refs(tasks), [fallback]),
            done=cited_count(groups["done"], every),
            in_progress=cited_count(groups["in_progress"], every),
            pending=cited_count(groups["pending"], every),
            total_count=len(tasks),
            done_count=len(groups["done"]),
            in_progress_count=len(groups["in_progress"]),
            pending_count=len(groups["pending"]),
        )
