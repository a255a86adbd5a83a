"""The product's idea of "today" and "now", in the town's time zone, with an override for trials.

Reminders, lights and deadlines all ask this module, never `date.today()`, so that setting
`TRACKER_TODAY` moves the clock for the web, the worker, beat and the CLI alike.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tracker.config import Settings


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone)


def today(settings: Settings) -> date:
    if settings.today:
        return date.fromisoformat(settings.today)
    return datetime.now(zone(settings)).date()


def now(settings: Settings) -> datetime:
    """The current instant; with an override, the same wall-clock time on the overridden day."""
    real = datetime.now(zone(settings))
    if not settings.today:
        return real
    return datetime.combine(date.fromisoformat(settings.today), real.time(), real.tzinfo)


def at_local(day: date, clock_time: time, settings: Settings) -> datetime:
    """A local wall-clock moment (such as 09:00 on a working day) as an aware datetime."""
    return datetime.combine(day, clock_time, zone(settings))
