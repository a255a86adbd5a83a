"""Working days in mainland China: 法定节假日 off, 调休 weekend days on.

`chinesecalendar` knows the State Council's schedule only for the years it ships (up to 2026 in the
version pinned here) and raises for later ones. Outside them we fall back to Monday–Friday and log a
warning once per year, so reminders keep going out instead of the whole cycle failing.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import cache

import chinese_calendar

log = logging.getLogger(__name__)


@cache
def covers(year: int) -> bool:
    """Whether the official holiday schedule for `year` is known."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@cache
def _warn_uncovered(year: int) -> None:
    log.warning("no official holiday schedule for %s: treating Monday to Friday as working days", year)


@cache
def is_workday(day: date) -> bool:
    """Cached: parsing and the reminder cycle ask about the same few hundred days again and again."""
    if covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    _warn_uncovered(day.year)
    return day.weekday() < 5


def holiday_name(day: date) -> str | None:
    """The Chinese name of the statutory holiday on `day` (春节, 国庆节…), if it is one."""
    if not covers(day.year):
        return None
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not on_holiday or name is None:
        return None
    return chinese_calendar.Holiday(name).chinese


def next_workday(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_workdays(day: date, count: int) -> date:
    """The working day `count` working days after (count > 0) or before (count < 0) `day`."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days in the half-open interval (start, end]; negative when end is before start."""
    if end < start:
        return -workdays_between(end, start)
    return sum(1 for offset in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=offset)))
