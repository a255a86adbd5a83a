"""One register line: a date, a kind and one sentence."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.audit import Audited
from tracker.db import Base, enum_column


class DutyKind(enum.StrEnum):
    STUDY = "study"  # 常务会议学法
    RESEARCH = "research"  # 专题研究
    STATEMENT = "statement"  # 述法
    INSPECTION = "inspection"  # 督察
    OTHER_DUTY = "other_duty"  # 其他履职
    OTHER_MATTER = "other_matter"  # 其他需要报告的情况 (the report's 五、)


DUTY_KIND_WORDS = {
    DutyKind.STUDY: "常务会议学法",
    DutyKind.RESEARCH: "专题研究",
    DutyKind.STATEMENT: "述法",
    DutyKind.INSPECTION: "督察",
    DutyKind.OTHER_DUTY: "其他履职",
    DutyKind.OTHER_MATTER: "其他需要报告的情况",
}
FIRST_RESPONSIBLE_KINDS = tuple(kind for kind in DutyKind if kind is not DutyKind.OTHER_MATTER)
"""The kinds that tell how the 第一责任人 did the duty (the report's 二、)."""


class DutyRecord(Audited, Base):
    __tablename__ = "duty_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    held_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[DutyKind] = mapped_column(enum_column(DutyKind))
    text: Mapped[str] = mapped_column(String(300))
    """One line: 镇政府常务会议集体学习《行政复议法》."""
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
