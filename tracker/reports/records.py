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
    unfinished_reason: str | None = None

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def continuing(self) -> bool:
        """长期/常态化 or recurring work: check-ins, never overdue (`tracker.tasks.overdue`)."""
        return self.ongoing or self.recurring


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
    kind: str = "cumulative"
    """`cumulative` (累计), `stock` (现有) or `rate` (比率): see `tracker.tasks.models.IndicatorKind`."""
    target: Decimal | None = None


@dataclass(frozen=True, slots=True)
class IncrementRecord:
    """What one entry records for an indicator: an increment (累计) or the figure then (现有, 比率)."""

    id: int
    entry_id: int
    indicator_id: int
    amount: Decimal
    qualifier: str | None = None
    full_year: bool = False


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
    """A shortcoming named in last year's report (存在的问题), and its 整改 this year."""

    id: int
    text: str
    state: str = "open"
    """`open` (未整改), `in_progress` (整改中) or `done` (已整改)."""
    measures: str | None = None
    on: date | None = None
    cause: str | None = None
    plan_item_id: int | None = None
    evidence_count: int = 0

    @property
    def rectified(self) -> bool:
        return self.state == "done"


@dataclass(frozen=True, slots=True)
class DutyLine:
    """A line of the 第一责任人 register (or another matter to report) dated in the plan year."""

    id: int
    held_on: date
    kind: str
    """See `tracker.duties.models.DutyKind`."""
    text: str


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
    duties: tuple[DutyLine, ...] = ()
