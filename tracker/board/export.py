"""The board as a spreadsheet: every task that passes the board's filters, not just one page.

A town keeps its own tallies in Excel (or WPS) and sends lists upward; the export gives them the
board as filtered, one row per task, with what a list of tasks needs: 牵头单位, 配合单位, 责任人,
截止, 状态, 进度 and the latest progress entry. The 台账 index (`tracker.ledger.export`) carries the
same task columns, taken from `task_cells` here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from tracker.board.lights import LIGHT_WORDS, Thresholds
from tracker.board.queries import OUTLINE_ORDER, BoardRow, board_row_values, group_headings, row_columns
from tracker.spreadsheets import Cell, Column, xlsx_bytes
from tracker.tasks.models import STATUS_WORDS, ProgressEntry, Task


@dataclass(frozen=True)
class TaskLine(BoardRow):
    """One task as a line of a sheet: a board row with its group and its latest progress entry."""

    heading: str = ""
    """The top-level plan item it is grouped under on the board."""
    latest_on: date | None = None
    latest_text: str | None = None


TASK_COLUMNS = (
    Column("牵头单位", 14, wrap=True),
    Column("配合单位", 18, wrap=True),
    Column("责任人", 10),
    Column("截止", 12, "yyyy-mm-dd"),
    Column("状态", 8),
    Column("进度（%）", 9),
    Column("最新进展", 50, wrap=True),
)
"""The columns every task sheet has, in this order (`task_cells`)."""


def task_cells(line: TaskLine) -> tuple[Cell, ...]:
    """`line` under `TASK_COLUMNS`; the latest progress says its date first."""
    latest = ""
    if line.latest_on and line.latest_text:
        latest = f"{line.latest_on.isoformat()}：{line.latest_text}"
    return (
        line.lead_unit or "",
        line.support_units or "",
        line.owner or "",
        "长期" if line.ongoing else line.deadline,
        STATUS_WORDS[line.status],
        line.percent,
        latest,
    )


_LATEST = aliased(ProgressEntry)


def _latest_entry_id() -> ColumnElement[int]:
    """The task's latest progress entry: by its date, then by when it was filed."""
    return (
        select(ProgressEntry.id)
        .where(ProgressEntry.task_id == Task.id)
        .order_by(ProgressEntry.entry_date.desc(), ProgressEntry.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def task_lines(
    session: Session, conditions: Sequence[ColumnElement[bool]], today: date, thresholds: Thresholds
) -> list[TaskLine]:
    """Every task that passes `conditions`, in the board's order, in two queries (plus one per level
    of a hand-made outline deeper than three)."""
    statement = (
        row_columns(session.get_bind().dialect.name)
        .add_columns(_LATEST.entry_date.label("latest_on"), _LATEST.text.label("latest_text"))
        .outerjoin(_LATEST, _LATEST.id == _latest_entry_id())
        .where(*conditions)
        .order_by(*OUTLINE_ORDER)
    )
    rows = session.execute(statement).all()
    return [
        TaskLine(
            *board_row_values(row, today, thresholds),
            heading=heading,
            latest_on=row.latest_on,
            latest_text=row.latest_text,
        )
        for row, (_top, heading) in zip(rows, group_headings(session, rows), strict=True)
    ]


BOARD_COLUMNS = (
    Column("计划事项", 24, wrap=True),
    Column("任务", 40, wrap=True),
    *TASK_COLUMNS[:6],
    Column("督办", 9),
    TASK_COLUMNS[6],
)


def board_workbook(lines: Sequence[TaskLine]) -> bytes:
    """The .xlsx of the board: one row per task, the light in words (临期, 逾期, 严重逾期)."""
    rows = []
    for line in lines:
        *first, latest = task_cells(line)
        rows.append((line.heading, line.title, *first, LIGHT_WORDS[line.light], latest))
    return xlsx_bytes("任务清单", BOARD_COLUMNS, rows)
