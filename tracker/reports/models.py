"""What the report feature stores: each generation run with its progress and result file, and the
coordinator's own sentence patterns."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base, enum_column
from tracker.organisations.models import copied_organisation


class ReportFormat(enum.StrEnum):
    MARKDOWN = "md"
    DOCX = "docx"


class ReportRunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReportRun(Base):
    """One generation of a draft file, by the worker; the page shows `percent` as a progress bar.

    Not audited column by column: its progress changes several times a second while it runs. Who
    asked for it and when is in its own columns.
    """

    __tablename__ = "report_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = copied_organisation("plans", "plan_id")
    """The plan's organisation, copied (as on tasks): the runs list is filtered without a join."""
    format: Mapped[ReportFormat] = mapped_column(enum_column(ReportFormat, 10))
    status: Mapped[ReportRunStatus] = mapped_column(
        enum_column(ReportRunStatus), default=ReportRunStatus.QUEUED
    )
    percent: Mapped[int] = mapped_column(default=0)
    result_path: Mapped[str | None] = mapped_column(String(255))
    """The result file, relative to the var directory (reports/<random>.docx)."""
    result_name: Mapped[str | None] = mapped_column(String(255))
    """The file name offered on download."""
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    started_at: Mapped[datetime | None]
    progressed_at: Mapped[datetime | None]
    """When the worker last recorded progress: a run silent for long has lost its worker."""
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status in (ReportRunStatus.DONE, ReportRunStatus.FAILED)

    @property
    def last_progress(self) -> datetime:
        return self.progressed_at or self.created_at

    def is_stale(self, cutoff: datetime) -> bool:
        """Still queued or running, with no progress since `cutoff`."""
        return not self.finished and self.last_progress < cutoff


class ReportPattern(Audited, Base):
    """A coordinator's replacement for one shipped sentence pattern (`tracker.reports.patterns`)."""

    __tablename__ = "report_patterns"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    """Unique within the organisation: each town words its own report."""
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


_CURRENT = text("withdrawn_at IS NULL")


class ReportSubmission(Audited, Base):
    """A town's draft submitted to its county (已提交): the file of one finished generation run, so the
    county reads exactly what the town sent. The town may withdraw it, with a reason, until someone
    of the county has read it; a withdrawn submission stays on record, and at most one per plan is
    current (the partial unique key)."""

    __tablename__ = "report_submissions"
    __table_args__ = (
        Index(
            "uq_report_submissions_current",
            "plan_id",
            unique=True,
            sqlite_where=_CURRENT,
            postgresql_where=_CURRENT,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = copied_organisation("plans", "plan_id")
    """The plan's town, copied (as on runs): the county's list is filtered without a join."""
    run_id: Mapped[int] = mapped_column(ForeignKey("report_runs.id", ondelete="CASCADE"))
    """The generated draft file that was submitted."""
    submitted_at: Mapped[datetime] = mapped_column(default=stamp)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    read_at: Mapped[datetime | None]
    """When someone of the county first opened the submitted draft: from then on it stays submitted."""
    read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)

    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    read_by: Mapped[User | None] = relationship(foreign_keys=[read_by_id])
