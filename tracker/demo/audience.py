"""Who hears of the shipped demo: its own accounts only. A real person — a coordinator or 主要负责人
added while the demo is still there — never gets its tasks in mail, in the weekly figures or in
待我处理. Said once here, over plain values (the reminder rules use it as is); the WHERE clause the
inbox needs is derived from it, so the two cannot drift apart.
"""

from __future__ import annotations

from sqlalchemy.sql.elements import ColumnElement

from tracker.plans.models import Plan


def hears_of(person_is_demo: bool, task_is_demo: bool) -> bool:
    """Whether a person hears of a task: real work reaches everyone, the demo's only the demo accounts."""
    return person_is_demo or not task_is_demo


def heard_plans(person_is_demo: bool) -> ColumnElement[bool]:
    """`hears_of` over `Plan`: the plans (by their demo flag) whose tasks the person hears of."""
    return Plan.is_demo.in_([flag for flag in (False, True) if hears_of(person_is_demo, flag)])
