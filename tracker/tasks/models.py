"""Tasks and what happens to them: progress entries (进展) with indicator increments and evidence
(佐证材料), and extension requests (延期申请)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from tracker.accounts.models import Department, User
from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base, enum_column
from tracker.organisations.models import copied_organisation
from tracker.plans.models import PlanItem


class TaskStatus(enum.StrEnum):
    PENDING = "pending"  # 未开始
    IN_PROGRESS = "in_progress"  # 推进中
    DONE = "done"  # 办结


STATUS_WORDS = {TaskStatus.PENDING: "未开始", TaskStatus.IN_PROGRESS: "推进中", TaskStatus.DONE: "已办结"}
"""How a status reads on pages and in exported sheets."""


task_support_departments = Table(
    "task_support_departments",
    Base.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)
"""配合单位: units that are reminded, copied and may add progress, but do not close the task."""


class Task(Audited, Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = copied_organisation("plans", "plan_id")
    """The plan's organisation, copied: scope filters and the reminder cycle read it without a join."""
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(Text)
    lead_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    """责任人: the named person in the lead unit who answers for the task."""
    deadline: Mapped[date | None] = mapped_column(index=True)
    recurrence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ongoing: Mapped[bool] = mapped_column(default=False)
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus), default=TaskStatus.PENDING)
    percent: Mapped[int] = mapped_column(default=0)
    requires_evidence: Mapped[bool] = mapped_column(default=False)
    """When set, 办结 needs at least one evidence file."""
    unfinished_reason: Mapped[str | None] = mapped_column(Text)
    """Why the work is not finished (未完成原因): the report's 存在的不足和原因 takes its causes from it."""
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version_id: Mapped[int] = mapped_column(default=1)
    """Optimistic lock: an edit made from a stale form fails instead of overwriting."""

    __mapper_args__ = {"version_id_col": version_id}

    plan_item: Mapped[PlanItem] = relationship()
    lead_department: Mapped[Department | None] = relationship(foreign_keys=[lead_department_id])
    support_departments: Mapped[list[Department]] = relationship(
        secondary=task_support_departments, order_by=Department.id
    )
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    progress_entries: Mapped[list[ProgressEntry]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="ProgressEntry.id"
    )
    extension_requests: Mapped[list[ExtensionRequest]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="ExtensionRequest.id"
    )

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": self.plan_id, "task_id": self.id}


class IndicatorKind(enum.StrEnum):
    """What an indicator's figure is, which decides what a progress entry records and how the year's
    figure is compared with last year's."""

    CUMULATIVE = "cumulative"  # 累计: a count of the year (场, 人次, 件), the sum of each entry's increment
    STOCK = "stock"  # 现有: a standing total (全镇现有法律明白人32名), the latest total an entry states
    RATE = "rate"  # 比率: a rate (97.9%), the latest or full-year value, compared in 百分点


INDICATOR_KIND_WORDS = {
    IndicatorKind.CUMULATIVE: "累计",
    IndicatorKind.STOCK: "现有",
    IndicatorKind.RATE: "比率",
}


class Indicator(Audited, Base):
    """指标: a measurable target of a plan item (讲座 12 场), against last year's baseline."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[IndicatorKind] = mapped_column(
        enum_column(IndicatorKind),
        default=IndicatorKind.CUMULATIVE,
        server_default=IndicatorKind.CUMULATIVE.value,
    )
    baseline_value: Mapped[Decimal | None]
    baseline_qualifier: Mapped[str | None] = mapped_column(String(10))
    baseline_year: Mapped[int | None]
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("baselines.id", ondelete="SET NULL"))
    """The report figure the baseline was prefilled from, if any."""
    target: Mapped[Decimal | None]
    actual: Mapped[Decimal] = mapped_column(default=Decimal(0))
    """The figure so far, kept with each progress entry for the dashboard: the sum of the increments
    (累计), or the value of the latest entry (现有, 比率)."""

    plan_item: Mapped[PlanItem] = relationship()


class ProgressEntry(Audited, Base):
    """进展: a dated account of work done on a task, with increments and evidence."""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    entry_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    task: Mapped[Task] = relationship(back_populates="progress_entries")
    author: Mapped[User | None] = relationship()
    increments: Mapped[list[IndicatorIncrement]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="IndicatorIncrement.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="entry", order_by="Evidence.id")


class IndicatorIncrement(Audited, Base):
    """What one progress entry records for one indicator: how much it adds (累计: 讲座 2 场, 150
    人次), or the figure as of the entry's date (现有: 41 名; 比率: 97.5%)."""

    __tablename__ = "indicator_increments"
    __table_args__ = (UniqueConstraint("progress_entry_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal]
    qualifier: Mapped[str | None] = mapped_column(String(10))
    """An approximate figure's word (余, 多, 近, 约, 以上): 10余场 is not 10场."""
    full_year: Mapped[bool] = mapped_column(default=False, server_default=false())
    """A rate stated for the whole year (全年): the report prefers it to a later partial value."""

    entry: Mapped[ProgressEntry] = relationship(back_populates="increments")
    indicator: Mapped[Indicator] = relationship()


class StoredFile:
    """The columns of a file kept in the evidence folder (`tracker.tasks.evidence.EvidenceStore`):
    shared by task evidence and 整改 evidence, which the same store writes and serves."""

    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    uploaded_at: Mapped[datetime] = mapped_column(default=stamp)

    @declared_attr
    def uploaded_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @declared_attr
    def uploaded_by(cls) -> Mapped[User | None]:
        return relationship(foreign_keys=lambda: [cls.uploaded_by_id])  # type: ignore[list-item]


class Evidence(StoredFile, Audited, Base):
    """佐证材料: a file stored under `var/` with a random name, shown only to those who may see the task."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    progress_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_entries.id", ondelete="SET NULL"), index=True
    )

    entry: Mapped[ProgressEntry | None] = relationship(back_populates="evidence")


class ExtensionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class ExtensionRequest(Audited, Base):
    """延期申请: filed by the owner before the deadline, decided by the unit's 分管领导, kept on record."""

    __tablename__ = "extension_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    previous_deadline: Mapped[date | None]
    requested_deadline: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        enum_column(ExtensionStatus), default=ExtensionStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    task: Mapped[Task] = relationship(back_populates="extension_requests")
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
