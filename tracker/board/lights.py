"""三色督办 lights: 蓝 due soon, 橙 overdue, 红 long overdue. Pure, with thresholds from the settings.

The lights say what the reminder mail says, counted the same way: in working days (法定节假日 off,
调休 on: `tracker.calendar`), with the reminder settings' numbers. 蓝 when the deadline is at most
the first due-soon reminder's working days away (`TRACKER_REMINDER_DUE_SOON_DAYS`, 7); 橙 once the
deadline has passed; 红 when overdue by more than the working days after which the mail turns red
and goes to the 主要负责人 (`TRACKER_REMINDER_TOP_AFTER_DAYS`, 10). A deadline on a non-working day
counts as the working day before it, as in the mail. When a task is overdue at all, and that
continuing work never is, is `tracker.tasks.overdue`'s rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tracker import calendar
from tracker.config import Settings
from tracker.tasks.models import TaskStatus


class Light(enum.StrEnum):
    NONE = "none"
    BLUE = "blue"  # 蓝: due within `due_soon_days` working days
    ORANGE = "orange"  # 橙: overdue
    RED = "red"  # 红: overdue by more than `red_overdue_days` working days


LIGHT_WORDS = {Light.NONE: "", Light.BLUE: "临期", Light.ORANGE: "逾期", Light.RED: "严重逾期"}


@dataclass(frozen=True)
class Bounds:
    """A day's lights as deadline ranges, so the database can count and filter them: 蓝 from
    `today` up to (not including) `soon_before`, 橙 before `today` and from `red_before` on, 红
    before `red_before`."""

    today: date
    soon_before: date
    red_before: date


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int = 7
    """Working days: the first due-soon reminder."""
    red_overdue_days: int = 10
    """Working days overdue after which the mail turns 红."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(max(settings.reminder_due_soon_days, default=0), settings.reminder_top_after_days)

    def bounds(self, today: date) -> Bounds:
        return _bounds(self, today, calendar.generation())


@lru_cache(maxsize=64)
def _bounds(thresholds: Thresholds, today: date, _calendar: int) -> Bounds:
    """蓝 ends before the (N+1)-th working day after today; 红 is a deadline before the (R+1)-th
    working day counted back from the last working day on or before today, i.e. more than R working
    days ago (`calendar.workdays_between` > R). Cached per day and state of the calendar: a board of
    fifty rows asks fifty times."""
    last_workday = calendar.last_workday_on_or_before(today)
    return Bounds(
        today,
        soon_before=calendar.add_workdays(today, thresholds.due_soon_days + 1),
        red_before=calendar.add_workdays(last_workday, -thresholds.red_overdue_days),
    )


def overdue_workdays(deadline: date, today: date) -> int:
    """Working days after the deadline up to today, as the mail counts them (0 on a weekend right
    after a Friday or Saturday deadline)."""
    return max(calendar.workdays_between(deadline, today), 0)


def light_for(
    deadline: date | None,
    status: TaskStatus,
    today: date,
    thresholds: Thresholds,
    *,
    continuing: bool = False,
) -> Light:
    """The light of one task; a closed task, one without a deadline and continuing work (长期,
    常态化, recurring: see `tracker.tasks.overdue`) have none."""
    if deadline is None or status == TaskStatus.DONE or continuing:
        return Light.NONE
    bounds = thresholds.bounds(today)
    if deadline < bounds.red_before:
        return Light.RED
    if deadline < today:
        return Light.ORANGE
    if deadline < bounds.soon_before:
        return Light.BLUE
    return Light.NONE
