"""The plain records a report is composed from: one year's plan, its items, tasks and what happened
to them, read out of the database once (see `tracker.reports.loading`) or built by hand in tests.

They are frozen values without any session behind them, so composition is a pure function and the
same draft comes out of the same records every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: int
    year: int
    title: str


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """A plan item (一是…, （二）…, or an action split out of one), in the plan's depth-first order."""

    id: int
    parent_id: int | None
    position: int
    marker: str | None
    title: str
    text: str
    category: str | None = None
    lead_units: tuple[str, ...] = ()
    support_units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: int
    plan_item_id: int
    title: str
    status: str
    """`pending`, `in_progress` or `done` (see `tracker.tasks.models.TaskStatus`)."""
    deadline: date | None
    percent: int = 0
    ongoing: bool = False
    recurring: bool = False
    lead_unit: str | None = None

    @property
    def done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A progress entry (进展)."""

    id: int
    task_id: int
    entry_date: date
    text: str
    percent: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    id: int
    plan_item_id: int
    name: str
    unit: str
    baseline_value: Decimal | None = None
    baseline_qualifier: str | None = None
    baseline_year: int | None = None


@dataclass(frozen=True, slots=True)
class IncrementRecord:
    id: int
    entry_id: int
    indicator_id: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ExtensionRecord:
    """An extension request (延期申请); only approved ones count in the draft."""

    id: int
    task_id: int
    status: str
    previous_deadline: date | None
    requested_deadline: date
    reason: str


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    id: int
    task_id: int
    entry_id: int | None
    name: str


@dataclass(frozen=True, slots=True)
class ShortcomingRecord:
    """A shortcoming named in last year's report (存在的问题), to be rectified this year."""

    id: int
    text: str
    rectified: bool = False


@dataclass(frozen=True, slots=True)
class YearRecords:
    """Everything the draft of one plan year may say, and the day it is written on."""

    plan: PlanRecord
    as_of: date
    items: tuple[ItemRecord, ...] = ()
    tasks: tuple[TaskRecord, ...] = ()
    entries: tuple[EntryRecord, ...] = ()
    indicators: tuple[IndicatorRecord, ...] = ()
    increments: tuple[IncrementRecord, ...] = ()
    extensions: tuple[ExtensionRecord, ...] = ()
    evidence: tuple[EvidenceRecord, ...] = ()
    shortcomings: tuple[ShortcomingRecord, ...] = ()
