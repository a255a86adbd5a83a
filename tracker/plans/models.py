"""A plan as imported: the source document kept verbatim, its items as a tree, and what the report
said about last year (baselines, shortcomings) that the plan's work is measured against."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base, enum_column
from tracker.organisations.models import Organisation

if TYPE_CHECKING:
    from tracker.accounts.models import User


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"  # imported, under review; items may still be edited
    CONFIRMED = "confirmed"  # tasks created from its leaf items


class Plan(Audited, Base):
    __tablename__ = "plans"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"source_bytes", "source_text"})
    __table_args__ = (UniqueConstraint("organisation_id", "source_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus), default=PlanStatus.DRAFT)
    source_filename: Mapped[str] = mapped_column(String(255))
    source_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    """The uploaded document exactly as received."""
    source_sha256: Mapped[str] = mapped_column(String(64))
    """Unique within the organisation: two towns may import the same county document."""
    source_text: Mapped[str] = mapped_column(Text)
    """The decoded, look-alike-mapped text that every item's span indexes into."""
    section_heading: Mapped[str | None] = mapped_column(String(300))
    section_start: Mapped[int | None]
    section_end: Mapped[int | None]
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    """The stretches of the plan part no item holds, `{"span": [s, e], "reason": …}` as the parser gave
    them; the review page shows them greyed, and one added as an item leaves this list."""
    rolled_over_from_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    """The previous year's plan this draft was carried over from (rollover)."""
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None]
    """Set when the coordinator archives a confirmed plan: out of boards, 待我处理 and reminders, kept
    whole for the record and the 台账 (`tracker.plans.lifecycle`)."""
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The shipped demo plan (`tracker.demo.plan`): its tasks never reach a real person's mail, and
    `tracker demo remove` removes it."""

    organisation: Mapped[Organisation] = relationship()
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.position"
    )
    baselines: Mapped[list[Baseline]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Baseline.position"
    )
    shortcomings: Mapped[list[Shortcoming]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Shortcoming.position"
    )

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": self.id, "task_id": None}

    @property
    def top_items(self) -> list[PlanItem]:
        return [item for item in self.items if item.parent_id is None]


plan_item_owners = Table(
    "plan_item_owners",
    Base.metadata,
    Column("plan_item_id", ForeignKey("plan_items.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
)
"""责任人 chosen during review, at most one per item, copied to the item's Task on confirmation. A table of
its own rather than a column: SQLite can add a foreign-key column to plan_items only by rebuilding the
table, which would cascade-delete the tasks that point at it."""


class PlanItem(Audited, Base):
    """One arrangement (一是…, （二）…, a table row) or one action/area split out of it."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    """Order within the whole plan, depth-first, so one ORDER BY gives the outline."""
    marker: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    category: Mapped[str | None] = mapped_column(String(50))
    lead_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    owners_suggested: Mapped[bool] = mapped_column(default=False)
    """The units were suggested from keywords, not stated by the text; shown as such until accepted."""
    deadline: Mapped[date | None]
    deadline_phrase: Mapped[str | None] = mapped_column(String(50))
    recurrence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ongoing: Mapped[bool] = mapped_column(default=False)
    deadline_suggested: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The deadline is the plan year's end by default, not a date the text gave; shown as a suggestion
    until a person accepts or changes it."""
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("plan_items.id", ondelete="SET NULL"))
    """The item of last year's plan this one carries over (rollover), for its history."""

    plan: Mapped[Plan] = relationship(back_populates="items")
    parent: Mapped[PlanItem | None] = relationship(
        remote_side=[id], back_populates="children", foreign_keys=[parent_id]
    )
    children: Mapped[list[PlanItem]] = relationship(
        back_populates="parent", order_by="PlanItem.position", foreign_keys=[parent_id]
    )
    owner: Mapped[User | None] = relationship(secondary=plan_item_owners, uselist=False)
    """责任人 assigned during review (see `plan_item_owners`)."""

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": self.plan_id, "task_id": None}


class Baseline(Audited, Base):
    """A figure the report gives for its year (32 名法律明白人, 10余场), the baseline of next year's work."""

    __tablename__ = "baselines"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    value: Mapped[Decimal]
    qualifier: Mapped[str | None] = mapped_column(String(10))
    """"余" when the report says "more than" (10余场)."""
    unit: Mapped[str] = mapped_column(String(20))
    year: Mapped[int | None]
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]

    plan: Mapped[Plan] = relationship(back_populates="baselines")


class RectificationState(enum.StrEnum):
    OPEN = "open"  # 未整改
    IN_PROGRESS = "in_progress"  # 整改中
    DONE = "done"  # 已整改


RECTIFICATION_WORDS = {
    RectificationState.OPEN: "未整改",
    RectificationState.IN_PROGRESS: "整改中",
    RectificationState.DONE: "已整改",
}


class Shortcoming(Audited, Base):
    """A named problem (存在的问题/短板) from the report, to be rectified (整改) during the plan year.

    Its 整改 is kept on the row itself (`tracker.rectification` changes it): the measures taken, the
    state, the date that state was reached, why it is not rectified yet, and evidence files
    (`RectificationEvidence`). `plan_item_id` is the plan area it belongs to when a coordinator said so;
    otherwise the report relates it to an area by its words."""

    __tablename__ = "shortcomings"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_items.id", ondelete="SET NULL"), index=True
    )
    rectification_state: Mapped[RectificationState] = mapped_column(
        enum_column(RectificationState),
        default=RectificationState.OPEN,
        server_default=RectificationState.OPEN.value,
    )
    rectification_measures: Mapped[str | None] = mapped_column(Text)
    """整改措施: what was (or is being) done about it."""
    rectification_date: Mapped[date | None]
    """The day the state was reached: rectified on, or rectification begun on."""
    rectification_cause: Mapped[str | None] = mapped_column(Text)
    """Why it is not rectified yet (the report's 原因)."""

    plan: Mapped[Plan] = relationship(back_populates="shortcomings")
    plan_item: Mapped[PlanItem | None] = relationship()

    @property
    def rectified(self) -> bool:
        return self.rectification_state is RectificationState.DONE
