"""A 督办 (supervision order) of a county and the task it became in each town it went to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base
from tracker.organisations.models import Organisation
from tracker.tasks.models import Task

AREA_TITLE = "上级交办"
"""The plan area (a top-level plan item) under which a town's plan holds what its county handed it."""


class Duban(Audited, Base):
    """What the county asked, once, whatever towns it went to: the towns' tasks copy it."""

    __tablename__ = "duban_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    """The county that issued it."""
    year: Mapped[int]
    """The plan year the towns' tasks were put in."""
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date]
    requires_evidence: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    towns: Mapped[list[DubanTask]] = relationship(
        back_populates="duban", cascade="all, delete-orphan", order_by="DubanTask.organisation_id"
    )

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": None, "task_id": None}


class DubanTask(Audited, Base):
    """One town's copy of a 督办: the task made for it in its plan. The town is kept on the row itself,
    so a task removed later (a demo plan taken away) leaves the town listed as such, never dropped."""

    __tablename__ = "duban_tasks"
    __table_args__ = (UniqueConstraint("duban_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    duban_id: Mapped[int] = mapped_column(ForeignKey("duban_orders.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    """The town it went to: the scope rule reads it, as it reads a task's."""
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), unique=True)

    duban: Mapped[Duban] = relationship(back_populates="towns")
    organisation: Mapped[Organisation] = relationship()
    task: Mapped[Task | None] = relationship()

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": None, "task_id": self.task_id}
