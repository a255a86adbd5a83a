"""Working-day arithmetic for one cycle, computed once over a range of dates.

`tracker.calendar` answers one day at a time; a cycle over 100,000 tasks asks the same questions for
a few hundred distinct deadlines, so the working days of the range are counted once into a prefix sum
and every later question is two lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

IsWorkday = Callable[[date], bool]


class WorkdayIndex:
    """Counts of working days between any two dates in [`first`, `last`], by a prefix sum."""

    def __init__(self, first: date, last: date, is_workday: IsWorkday) -> None:
        self.first = first
        self.last = last
        span = (last - first).days + 1
        self._workday = [is_workday(first + timedelta(days=offset)) for offset in range(span)]
        self._count_through = []
        running = 0
        for flag in self._workday:
            running += flag
            self._count_through.append(running)

    def _offset(self, day: date) -> int:
        offset = (day - self.first).days
        if not 0 <= offset < len(self._workday):
            raise ValueError(f"{day} is outside the indexed range {self.first}..{self.last}")
        return offset

    def is_workday(self, day: date) -> bool:
        return self._workday[self._offset(day)]

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end], negative when end is before start (as `tracker.calendar`)."""
        return self._count_through[self._offset(end)] - self._count_through[self._offset(start)]

    def last_workday_on_or_before(self, day: date) -> date:
        """The working day a deadline really falls on: a Sunday deadline means Friday's work."""
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def first_workday_of_week(self, day: date) -> date | None:
        """The first working day of `day`'s Monday-to-Sunday week (a 调休 weekend day counts)."""
        monday = day - timedelta(days=day.weekday())
        for offset in range(7):
            candidate = monday + timedelta(days=offset)
            if self.is_workday(candidate):
                return candidate
        return None
