"""Entering a year's holiday schedule, and where each year's working days come from.

`enter_year` is the one way in, for the page and the command alike: it refuses a year the package
already knows or one too far from today, reads the notice (`tracker.holidays.notice`), replaces the
year's days in one go and records it in the audit trail (`holidays.entered`, with every day). The
schedule reaches `tracker.calendar` through `load_entered`: the web processes reload it whenever
the board's version moves (the holiday tables move it), workers and commands before they count days.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from tracker import calendar
from tracker.accounts.models import User
from tracker.audit import record
from tracker.calendar import EnteredYear, Source
from tracker.errors import RuleError
from tracker.holidays.models import DayKind, HolidayDay, HolidayYear
from tracker.holidays.notice import Notice, read_notice

NOTICE_LENGTH = 200
TEXT_LENGTH = 20_000


class NoticeRefused(RuleError):
    """The notice could not be used: every reason, each with its line, one per line of the message."""

    def __init__(self, notice: Notice) -> None:
        self.notice = notice
        super().__init__("\n".join(notice.problems), field="text")


def enterable_years(today: date) -> range:
    """Years a schedule may be entered for: last year (to correct it), this year and next year."""
    return range(today.year - 1, today.year + 2)


def enter_year(
    session: Session, year: int, text: str, notice_name: str, *, by: User | None, now: datetime
) -> Notice:
    """Store `year`'s schedule read from `text`, replacing one entered before; all or nothing."""
    if calendar.package_covers(year):
        message = f"chinesecalendar {calendar.package_version()} 已包含{year}年的官方安排，无需录入。"
        raise RuleError(message, field="year")
    if year not in enterable_years(now.date()):
        allowed = enterable_years(now.date())
        raise RuleError(f"只能录入{allowed[0]}年至{allowed[-1]}年的节假日安排。", field="year")
    notice_name = notice_name.strip()
    if not notice_name:
        raise RuleError("请填写通知名称或文号（节假日安排从哪份通知录入）。", field="notice")
    if len(notice_name) > NOTICE_LENGTH:
        raise RuleError(f"通知名称不超过 {NOTICE_LENGTH} 字。", field="notice")
    if len(text) > TEXT_LENGTH:
        raise RuleError(f"通知内容不超过 {TEXT_LENGTH} 字。", field="text")
    notice = read_notice(year, text)
    if notice.problems:
        raise NoticeRefused(notice)
    entry = session.get(HolidayYear, year)
    if entry is None:
        entry = HolidayYear(year=year)
        session.add(entry)
    else:
        session.execute(delete(HolidayDay).where(HolidayDay.year == year))
        session.expire(entry, ["days"])
    entry.notice, entry.source_text = notice_name, text.strip()
    entry.entered_at, entry.entered_by = now, by
    schedule = notice.schedule()
    for kind, days in ((DayKind.OFF, schedule.off), (DayKind.WORK, schedule.work)):
        session.add_all(HolidayDay(day=day, year=year, kind=kind, holiday=name) for day, name in days.items())
    session.flush()
    record(
        session,
        "holidays.entered",
        entry,
        note=notice_name,
        changes={
            "放假": sorted(day.isoformat() for day in schedule.off),
            "调休上班": sorted(day.isoformat() for day in schedule.work),
        },
    )
    return notice


def remove_year(session: Session, year: int) -> None:
    """Forget `year`'s entered schedule (its working days fall back to Monday–Friday), on record."""
    entry = session.get(HolidayYear, year)
    if entry is None:
        raise RuleError(f"{year}年没有录入过节假日安排。")
    record(session, "holidays.removed", entry, note=entry.notice)
    session.delete(entry)
    session.flush()


def load_entered(session: Session) -> list[EnteredYear]:
    """Every entered schedule, as `tracker.calendar` takes them."""
    years = session.scalars(select(HolidayYear).options(selectinload(HolidayYear.days))).all()
    return [
        EnteredYear(
            entry.year,
            off={day.day: day.holiday for day in entry.days if day.kind == DayKind.OFF},
            work={day.day: day.holiday for day in entry.days if day.kind == DayKind.WORK},
        )
        for entry in years
    ]


def use_entered_schedules(session: Session, loaded_at: Hashable = None) -> None:
    """Make this process's calendar use what is entered now (workers and commands, before counting;
    web requests when the board's version moved: `loaded_at`)."""
    calendar.install_entered(load_entered(session), loaded_at)


@dataclass(frozen=True)
class YearStatus:
    """Where a year's working days come from, for the page and `tracker holidays show`."""

    year: int
    source: Source
    entry: HolidayYear | None
    reason: str | None
    """Why the fallback is used (None unless it is)."""

    @property
    def summary(self) -> str:
        if self.source == Source.PACKAGE:
            return f"{self.year}年：官方安排（chinesecalendar {calendar.package_version()}）"
        if self.source == Source.ENTERED and self.entry is not None:
            who = self.entry.entered_by.display_name if self.entry.entered_by else "系统"
            return f"{self.year}年：人工录入（{self.entry.notice}；{who}录入）"
        return f"{self.year}年：未知，按周一至周五计算"


def year_statuses(session: Session, years: range) -> list[YearStatus]:
    entries = {
        entry.year: entry
        for entry in session.scalars(
            select(HolidayYear)
            .where(HolidayYear.year.in_(list(years)))
            .options(selectinload(HolidayYear.days))
        )
    }
    return [
        YearStatus(year, calendar.source(year), entries.get(year), calendar.fallback_reason(year))
        for year in years
    ]


def missing_schedule_warning(today: date) -> str | None:
    """The banner's words: this year's schedule unknown (any month), or next year's from December."""
    for year in calendar.years_in_view(today):
        if not calendar.covers(year):
            return (
                f"{year}年的法定节假日安排尚未录入：{year}年的工作日暂按周一至周五计算，"
                "元旦、春节等假日会被当作工作日，提醒可能在假日发出。"
            )
    return None
