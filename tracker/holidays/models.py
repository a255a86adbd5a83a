"""A year's 法定节假日 and 调休 days as a coordinator entered them from the State Council's notice, for
a year `chinesecalendar` does not know yet (`tracker.calendar` uses them in its place)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.audit import Audited
from tracker.db import Base, enum_column


class DayKind(enum.StrEnum):
    OFF = "off"  # 放假
    WORK = "work"  # 调休上班: a weekend day that is a working day


class HolidayYear(Audited, Base):
    """One year's entered schedule; replacing it replaces all its days."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    notice: Mapped[str] = mapped_column(String(200))
    """Which notice it was taken from (国办发明电〔2026〕…), as the coordinator named it."""
    source_text: Mapped[str] = mapped_column(Text)
    """The lines as entered, so the schedule can be checked against the notice later."""
    entered_at: Mapped[datetime]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    entered_by: Mapped[User | None] = relationship()
    days: Mapped[list[HolidayDay]] = relationship(
        back_populates="holiday_year", cascade="all, delete-orphan", order_by="HolidayDay.day"
    )

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": None, "task_id": None}


class HolidayDay(Base):
    """A day off (放假) or a 调休 working weekend day of an entered year. Recorded in the audit trail
    through its year (`holidays.entered` lists every day), not one event per day."""

    __tablename__ = "holiday_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("holiday_years.year", ondelete="CASCADE"), index=True)
    kind: Mapped[DayKind] = mapped_column(enum_column(DayKind, 10))
    holiday: Mapped[str] = mapped_column(String(40))
    """The holiday the day belongs to (放假) or makes up for (调休上班): 春节, 国庆节…"""

    holiday_year: Mapped[HolidayYear] = relationship(back_populates="days")
