"""What the board keeps in the database: indexes on other features' tables, and the board's version.

The board pages through a plan's tasks in outline order; with the outline index PostgreSQL walks the
plan's items in `position` order and stops after one page, instead of sorting every task of the
plan. Every board request also counts the plan's tasks by light (deadline ranges of open tasks): the
lights index holds all three columns, so the count reads the index alone, not the table.
"""

from sqlalchemy import BigInteger, Index
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base
from tracker.plans.models import PlanItem
from tracker.tasks.models import Task

plan_outline_index = Index("ix_plan_items_plan_id_position", PlanItem.plan_id, PlanItem.position)
task_lights_index = Index("ix_tasks_plan_id_deadline_status", Task.plan_id, Task.deadline, Task.status)

BOARD_TABLES = (
    "tasks",
    "task_support_departments",
    "plan_items",
    "plans",
    "departments",
    "users",
    "progress_entries",
    "indicators",
    "holiday_years",
    "holiday_days",
)
"""Every table the board and the dashboard show something of: progress entries (the board searches
them), indicators (the dashboard's charts), and the entered holiday schedules (working days decide
the lights)."""


class BoardVersion(Base):
    """One row whose `version` moves whenever one of `BOARD_TABLES` changes, in the same transaction.

    Database triggers move it (migrations 0007 and 0010), not the application: a change made by the
    pages, the API, a worker, a command or plain SQL all count, and none can forget to. On
    PostgreSQL they are deferred to the commit, so the row is locked only while a writer commits.
    The board's cache (`tracker.board.cache`) keys its pages on it, the dashboard's too, and each web
    process reloads the entered holiday schedules when it moves (`tracker.holidays.loading`).
    """

    __tablename__ = "board_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
