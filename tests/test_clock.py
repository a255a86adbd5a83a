"""The system's clock: real by default; `TRACKER_TODAY` moves it to a day, or to a moment from
which a trial clock runs, and beat's schedule follows that clock rather than the real hour."""

from __future__ import annotations

import pickle
import time
from datetime import date, datetime, timedelta

import pytest

from tracker import clock
from tracker.config import Settings
from workers.schedule import beat_schedule


def test_without_an_override_the_clock_is_real_in_the_town_s_zone() -> None:
    settings = Settings()
    now = clock.now(settings)
    assert now.utcoffset() == timedelta(hours=8)
    assert abs((now - datetime.now(now.tzinfo)).total_seconds()) < 5


def test_a_date_moves_the_day_and_keeps_the_real_time_of_day() -> None:
    settings = Settings(today="2026-12-01")
    assert clock.today(settings) == date(2026, 12, 1)
    real = datetime.now(clock.zone(settings))
    assert (
        abs(clock.now(settings).hour * 60 + clock.now(settings).minute - (real.hour * 60 + real.minute)) <= 1
    )


def test_a_moment_starts_a_trial_clock_that_runs_at_real_speed() -> None:
    settings = Settings(today="2026-12-01T09:59:50")
    first = clock.now(settings)
    assert first.replace(tzinfo=None) >= datetime(2026, 12, 1, 9, 59, 50)
    assert first - datetime(2026, 12, 1, 9, 59, 50, tzinfo=first.tzinfo) < timedelta(seconds=2)
    time.sleep(0.2)
    assert timedelta(seconds=0.2) <= clock.now(settings) - first < timedelta(seconds=2)
    assert clock.today(settings) == date(2026, 12, 1)


@pytest.mark.parametrize("bad", ["2026-13-01", "tomorrow", "2026-12-01T25:00"])
def test_a_malformed_override_is_refused_at_start_naming_the_variable(bad: str) -> None:
    with pytest.raises(ValueError, match="TRACKER_TODAY"):
        Settings.from_env({"TRACKER_TODAY": bad})


def _cycle_delay(settings: Settings) -> timedelta:
    entry = beat_schedule(settings)["reminders-daily-cycle"]["schedule"]
    return entry.remaining_estimate(clock.now(settings))


def test_the_reminder_cycle_s_schedule_follows_the_trial_clock_not_the_real_hour() -> None:
    assert _cycle_delay(Settings(today="2026-12-02T09:59:52")) <= timedelta(seconds=8)
    # At 18:00 on the trial day the next cycle is at 09:00 the next morning.
    late = _cycle_delay(Settings(today="2026-12-01T18:00:00"))
    assert timedelta(hours=14, minutes=59) <= late <= timedelta(hours=15)


def test_every_beat_entry_reads_the_same_picklable_clock() -> None:
    settings = Settings(today="2026-12-01T09:00:00")
    entries = beat_schedule(settings)
    assert {entry["schedule"].nowfun for entry in entries.values()} == {clock.Clock(settings)}
    assert pickle.loads(pickle.dumps(clock.Clock(settings))) == clock.Clock(settings)
