"""The product's idea of "today" and "now", in the town's time zone, with an override for trials.

Reminders, lights and deadlines ask `today(settings)` / `now(settings)`; every stored moment
(`created_at`, `closed_at`, `decided_at`, audit events, outbox rows…) is `stamp()`, and no code reads
the machine's clock itself, so that setting `TRACKER_TODAY` moves the clock for the web, the worker,
beat and the CLI alike. The boundaries that run code (a web request, a Celery task, a command, beat's
ticks) declare their settings with `following(settings)`; outside any boundary (a test calling a
service) the clock is the real one.

The override is either a date (`2026-12-01`: that day, at the real time of day) or a moment
(`2026-12-01T08:59:40`: a trial clock that runs at real speed from that local time). The moment form
exists because the reminder cycle runs at 09:00–17:50 local time: a trial or a test that must see the
cycle run cannot depend on the real hour. Every process of one installation reads the same trial
clock: the real instant at which it started is kept in `var/trial-clock-<digest>` by the first
process that asks, and read by the others (web, worker and beat share `var/`). Otherwise a worker
started a few seconds after beat would read 08:59:55 when beat's 09:00 run reached it, and skip it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time as _time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.config import Settings

log = logging.getLogger(__name__)
TRIAL_CLOCK_FILE = "trial-clock-{digest}"
_current: ContextVar[Settings | None] = ContextVar("tracker_clock_settings", default=None)


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.timezone)


def parse_override(text: str) -> date | datetime:
    """`TRACKER_TODAY` as a date, or as a naive local moment when it carries a time of day."""
    if "T" in text or " " in text:
        return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=None)
    return date.fromisoformat(text)


def trial_clock_file(settings: Settings) -> Path:
    digest = hashlib.sha256((settings.today or "").encode()).hexdigest()[:12]
    return settings.var_dir / TRIAL_CLOCK_FILE.format(digest=digest)


@cache
def _started(var_dir: Path, override: str, path: Path) -> float:
    """The real Unix time at which the trial clock `override` read its moment: written by the first
    process to ask (exclusively, so two starting at once cannot both win), read by the others."""
    now = _time.time()
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        try:
            return float(path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            log.warning("trial clock file %s unreadable; this process starts its own trial clock", path)
            return now
    except OSError as error:
        log.warning("cannot keep the trial clock in %s (%s); this process starts its own", var_dir, error)
        return now
    with os.fdopen(descriptor, "w") as handle:
        handle.write(f"{now!r} {override}\n")
    return now


def start_trial_clock(settings: Settings) -> None:
    """Make the trial clock start again at its moment (the embedded default does this on each start,
    so Ctrl-C and running it again begins the trial again, as before it was shared)."""
    if settings.today and isinstance(parse_override(settings.today), datetime):
        trial_clock_file(settings).unlink(missing_ok=True)
        _started.cache_clear()


def today(settings: Settings) -> date:
    return now(settings).date() if settings.today else datetime.now(zone(settings)).date()


def now(settings: Settings) -> datetime:
    """The current instant in the town's zone; with a date override, the real wall-clock time on that
    day; with a moment override, that moment plus the real time elapsed since the trial clock started."""
    real = datetime.now(zone(settings))
    if not settings.today:
        return real
    override = parse_override(settings.today)
    if isinstance(override, datetime):
        started = _started(settings.var_dir, settings.today, trial_clock_file(settings))
        elapsed = timedelta(seconds=_time.time() - started)
        return override.replace(tzinfo=real.tzinfo) + elapsed
    return datetime.combine(override, real.time(), real.tzinfo)


def at_local(day: date, clock_time: time, settings: Settings) -> datetime:
    """A local wall-clock moment (such as 09:00 on a working day) as an aware datetime."""
    return datetime.combine(day, clock_time, zone(settings))


@contextmanager
def following(settings: Settings) -> Iterator[Settings]:
    """Within the block, `stamp()` and `current_date()` read the clock of `settings`."""
    token = _current.set(settings)
    try:
        yield settings
    finally:
        _current.reset(token)


def stamp() -> datetime:
    """Now, as an aware UTC moment, for a stored timestamp: the clock of the boundary in force."""
    settings = _current.get()
    return (now(settings) if settings is not None else datetime.now(UTC)).astimezone(UTC)


def current_date() -> date:
    """Today in the town's zone by the clock of the boundary in force (for code without settings)."""
    settings = _current.get() or Settings()
    return today(settings)


@dataclass(frozen=True)
class Clock:
    """`now(settings)` as a picklable callable, for Celery schedules (`nowfun`) that must follow
    the trial clock rather than the real one."""

    settings: Settings

    def __call__(self) -> datetime:
        return now(self.settings)
