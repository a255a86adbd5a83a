"""Evidence of a rectification (整改佐证材料): files kept in the same store as task evidence."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.audit import Audited
from tracker.db import Base
from tracker.plans.models import Shortcoming
from tracker.tasks.models import StoredFile


class RectificationEvidence(StoredFile, Audited, Base):
    __tablename__ = "rectification_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    shortcoming_id: Mapped[int] = mapped_column(ForeignKey("shortcomings.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    """The shortcoming's plan, kept here so that the audit trail files the upload under it."""

    shortcoming: Mapped[Shortcoming] = relationship()
