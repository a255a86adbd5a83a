"""The product's idea of "today" and "now", in the town's time zone, with an override for trials.

Reminders, lights and deadlines all ask this module, never `date.today()`, so that setting
`TRACKER_TODAY` moves the clock for the web, the worker, beat and the CLI alike.

The override is either a date (`2026-12-01`: that day, at the real time of day) or a moment
(`2026-12-01T09:59:50`: a trial clock that starts at that local time when the process first asks and
then runs at real speed). The moment form exists because the reminder cycle runs between 09:00 and
17:50 local time: a trial or a test that must see the cycle run cannot depend on the real hour.
"""

from __future__ import annotations

import time as _time
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from tracker.config import Settings


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone)


def parse_override(text: str) -> date | datetime:
    """`TRACKER_TODAY` as a date, or as a naive local moment when it carries a time of day."""
    if "T" in text or " " in text:
        return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=None)
    return date.fromisoformat(text)


@cache
def _first_asked(override: str) -> float:
    """When this process first read the trial clock `override` (monotonic seconds): its start."""
    return _time.monotonic()


def today(settings: Settings) -> date:
    return now(settings).date() if settings.today else datetime.now(zone(settings)).date()


def now(settings: Settings) -> datetime:
    """The current instant; with a date override, the real wall-clock time on that day; with a
    moment override, that moment plus the real time elapsed since this process first asked."""
    real = datetime.now(zone(settings))
    if not settings.today:
        return real
    override = parse_override(settings.today)
    if isinstance(override, datetime):
        started = _first_asked(settings.today)
        elapsed = timedelta(seconds=_time.monotonic() - started)
        return override.replace(tzinfo=real.tzinfo) + elapsed
    return datetime.combine(override, real.time(), real.tzinfo)


def at_local(day: date, clock_time: time, settings: Settings) -> datetime:
    """A local wall-clock moment (such as 09:00 on a working day) as an aware datetime."""
    return datetime.combine(day, clock_time, zone(settings))


@dataclass(frozen=True)
class Clock:
    """`now(settings)` as a picklable callable, for Celery schedules (`nowfun`) that must follow
    the trial clock rather than the real one."""

    settings: Settings

    def __call__(self) -> datetime:
        return now(self.settings)
