"""Working days in mainland China: 法定节假日 off, 调休 weekend days on. The one place that says which
day is a working day, for reminders, lights, deadlines and the plan parser alike.

Three sources, in this order:
1. `chinesecalendar` knows the State Council's schedule for the years it ships (up to 2026 in the
   version pinned here) and raises for later ones;
2. a schedule a coordinator entered from the State Council's notice for a year the package lacks
   (`tracker.holidays`, stored in the database and installed here with `install_entered`);
3. otherwise Monday–Friday. That fallback is never silent: `fallback_reason` says it in Chinese for
   pages and commands (for every year in view, `years_in_view`), and it is logged once per year in
   Chinese with the English cause, so reminders keep going out instead of the whole cycle failing.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.metadata import version

import chinese_calendar

log = logging.getLogger(__name__)


class Source(enum.StrEnum):
    PACKAGE = "package"  # chinesecalendar
    ENTERED = "entered"  # entered by a coordinator from the State Council's notice
    FALLBACK = "fallback"  # unknown: Monday to Friday


@dataclass(frozen=True)
class EnteredYear:
    """One year's schedule as the State Council's notice gives it."""

    year: int
    off: Mapping[date, str] = field(default_factory=dict)
    """放假: every day off, weekends inside a holiday included, with the holiday's name."""
    work: Mapping[date, str] = field(default_factory=dict)
    """调休上班: the weekend days that are working days, with the holiday they make up for."""


_entered: dict[int, EnteredYear] = {}
_loaded_at: list[Hashable] = [None]
_generation = [0]


def install_entered(years: Iterable[EnteredYear], loaded_at: Hashable = None) -> None:
    """Use these entered schedules from now on in this process (replacing the ones installed
    before); every cached answer is forgotten. `loaded_at` says which state of the database they
    were read from (`loaded_at()` tells it back), so a caller can skip reading an unchanged state."""
    _loaded_at[0] = loaded_at
    fresh = {entry.year: entry for entry in years}
    if fresh == _entered:
        return
    _entered.clear()
    _entered.update(fresh)
    _generation[0] += 1
    for cached in (covers, is_workday, _warn_uncovered):
        cached.cache_clear()


def generation() -> int:
    """Moves whenever the working days change in this process: a key for caches built on them."""
    return _generation[0]


def loaded_at() -> Hashable:
    return _loaded_at[0]


@cache
def package_covers(year: int) -> bool:
    """Whether `chinesecalendar` itself knows the schedule of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def source(year: int) -> Source:
    if package_covers(year):
        return Source.PACKAGE
    return Source.ENTERED if year in _entered else Source.FALLBACK


def entered(year: int) -> EnteredYear | None:
    """The schedule entered for `year`, when it is the one in use."""
    return _entered.get(year) if source(year) == Source.ENTERED else None


@cache
def covers(year: int) -> bool:
    """Whether the official holiday schedule for `year` is known (from the package or entered)."""
    return source(year) != Source.FALLBACK


def package_version() -> str:
    return version("chinesecalendar")


def fallback_reason(year: int) -> str | None:
    """Why `year`'s working days are Monday to Friday, in Chinese, or None when its schedule is known."""
    if covers(year):
        return None
    return (
        f"{year}年的法定节假日和调休安排尚未录入（所用的 chinesecalendar {package_version()} 不含该年），"
        f"{year}年的工作日暂按周一至周五计算：元旦、春节等假日会被当作工作日，调休上班的周末不会。"
        "协调人可在“管理 › 节假日”或用命令 tracker holidays set 按国务院办公厅的通知录入。"
    )


def years_in_view(day: date) -> tuple[int, ...]:
    """The years whose working days matter on `day`: its own, and from December on the next one too
    (deadlines, lights and reminders then count days into January). Pages and commands warn about
    each of them whose schedule is unknown."""
    return (day.year, day.year + 1) if day.month == 12 else (day.year,)


@cache
def _warn_uncovered(year: int) -> None:
    log.warning(
        "%s年的法定节假日安排未知，工作日暂按周一至周五计算"
        " (no official holiday schedule for %s: treating Monday to Friday as working days)",
        year,
        year,
    )


@cache
def is_workday(day: date) -> bool:
    """Cached: parsing and the reminder cycle ask about the same few hundred days again and again."""
    kind = source(day.year)
    if kind == Source.PACKAGE:
        return bool(chinese_calendar.is_workday(day))
    if kind == Source.ENTERED:
        schedule = _entered[day.year]
        if day in schedule.work:
            return True
        return day not in schedule.off and day.weekday() < 5
    _warn_uncovered(day.year)
    return day.weekday() < 5


def holiday_name(day: date) -> str | None:
    """The Chinese name of the statutory holiday on `day` (春节, 国庆节…), if it is one."""
    kind = source(day.year)
    if kind == Source.ENTERED:
        return _entered[day.year].off.get(day)
    if kind == Source.FALLBACK:
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


def last_workday_on_or_before(day: date) -> date:
    """The working day a deadline really falls on: a Sunday deadline means Friday's work."""
    while not is_workday(day):
        day -= timedelta(days=1)
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
