"""The system's clock: real by default; `TRACKER_TODAY` moves it to a day, or to a moment from
which a trial clock runs, and beat's schedule follows that clock rather than the real hour."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


def test_a_moment_starts_a_trial_clock_that_runs_at_real_speed(tmp_path: Path) -> None:
    settings = Settings(today="2026-12-01T09:59:50", var_dir=tmp_path)
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


def test_processes_of_one_installation_read_one_trial_clock(tmp_path: Path) -> None:
    """A worker started after beat reads beat's clock, not a clock of its own that starts later."""
    settings = Settings(today="2026-12-01T08:59:40", var_dir=tmp_path)
    beat_now = clock.now(settings)
    time.sleep(1.5)
    worker = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tracker import clock; from tracker.config import Settings; "
            "print(clock.now(Settings.from_env()).isoformat())",
        ],
        env={**os.environ, "TRACKER_TODAY": settings.today or "", "TRACKER_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    worker_now = datetime.fromisoformat(worker.stdout.strip())
    assert timedelta(seconds=1.4) <= worker_now - beat_now < timedelta(seconds=5)
    assert worker_now > datetime(2026, 12, 1, 8, 59, 41, tzinfo=worker_now.tzinfo)


def test_starting_the_trial_again_resets_it(tmp_path: Path) -> None:
    settings = Settings(today="2026-12-01T08:59:40", var_dir=tmp_path)
    clock.now(settings)
    time.sleep(1.2)
    assert clock.now(settings) - datetime(2026, 12, 1, 8, 59, 40, tzinfo=clock.zone(settings)) >= timedelta(
        seconds=1
    )
    clock.start_trial_clock(settings)
    assert clock.now(settings) - datetime(2026, 12, 1, 8, 59, 40, tzinfo=clock.zone(settings)) < timedelta(
        seconds=1
    )


def test_stamps_follow_the_clock_of_the_boundary_in_force(tmp_path: Path) -> None:
    trial = Settings(today="2026-12-01T08:59:40", var_dir=tmp_path)
    with clock.following(trial):
        stamped = clock.stamp()
        assert clock.current_date() == date(2026, 12, 1)
    assert stamped.tzinfo == UTC
    assert datetime(2026, 12, 1, 0, 59, 40, tzinfo=UTC) <= stamped < datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert abs(clock.stamp() - datetime.now(UTC)) < timedelta(seconds=5)  # outside any boundary: real


def _cycle_delay(settings: Settings) -> timedelta:
    entry = beat_schedule(settings)["reminders-daily-cycle"]["schedule"]
    return entry.remaining_estimate(clock.now(settings))


def test_the_reminder_cycle_s_schedule_follows_the_trial_clock_not_the_real_hour(tmp_path: Path) -> None:
    assert _cycle_delay(Settings(today="2026-12-02T09:59:52", var_dir=tmp_path)) <= timedelta(seconds=8)
    assert _cycle_delay(Settings(today="2026-12-02T08:59:40", var_dir=tmp_path)) <= timedelta(seconds=20)
    # At 18:00 on the trial day the next cycle is at 09:00 the next morning.
    late = _cycle_delay(Settings(today="2026-12-01T18:00:00", var_dir=tmp_path))
    assert timedelta(hours=14, minutes=59) <= late <= timedelta(hours=15)


def test_every_beat_entry_reads_the_same_picklable_clock() -> None:
    settings = Settings(today="2026-12-01T09:00:00")
    entries = beat_schedule(settings)
    assert {entry["schedule"].nowfun for entry in entries.values()} == {clock.Clock(settings)}
    assert pickle.loads(pickle.dumps(clock.Clock(settings))) == clock.Clock(settings)
