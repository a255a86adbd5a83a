"""三色督办 lights: 蓝 due soon, 橙 overdue, 红 long overdue. Pure, with thresholds from the settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.config import Settings
from tracker.tasks.models import TaskStatus


class Light(enum.StrEnum):
    NONE = "none"
    BLUE = "blue"  # 蓝: due within `due_soon_days`
    ORANGE = "orange"  # 橙: overdue
    RED = "red"  # 红: overdue by more than `red_overdue_days`


LIGHT_WORDS = {Light.NONE: "", Light.BLUE: "临期", Light.ORANGE: "逾期", Light.RED: "严重逾期"}


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: int = 7
    red_overdue_days: int = 15

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(settings.light_due_soon_days, settings.light_red_overdue_days)

    def bounds(self, today: date) -> tuple[date, date]:
        """(last day that is 蓝, last deadline that is already 红 rather than 橙)."""
        return today + timedelta(days=self.due_soon_days), today - timedelta(days=self.red_overdue_days + 1)


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
    overdue_days = (today - deadline).days
    if overdue_days > thresholds.red_overdue_days:
        return Light.RED
    if overdue_days > 0:
        return Light.ORANGE
    if -overdue_days <= thresholds.due_soon_days:
        return Light.BLUE
    return Light.NONE
