"""A trial clock set just before 09:00 gets the day's reminder cycle at 09:00, with beat and the worker
in processes of their own (as compose and the embedded default run them): the worker reads beat's
trial clock, not one of its own that started later and would still say 08:59 when beat's 09:00 run
reaches it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.integration.conftest import WorkerProcess
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.reminders.models import Delivery, ReminderCycle

pytestmark = pytest.mark.integration

MONDAY = date(2026, 3, 2)
TRIAL = "2026-03-02T08:59:40"
CELERY = Path(sys.executable).with_name("celery")


def _cycle(database_url: str) -> ReminderCycle | None:
    database = Database(database_url)
    with database.unit_of_work() as session:
        found = session.get(ReminderCycle, MONDAY)
        sent = session.scalars(select(Delivery)).all()
    database.dispose()
    return found if found is not None and sent else None


@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)
def test_the_0900_cycle_runs_at_0900_on_a_trial_clock(
    fresh_database_url: str, private_redis: Any, start_worker, wait_for, seed_reminder_town, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    seed_reminder_town(fresh_database_url, 2)
    env = {
        "TRACKER_DATABASE_URL": fresh_database_url,
        "TRACKER_BROKER_URL": private_redis.url,
        "TRACKER_VAR_DIR": str(tmp_path / "var"),
        "TRACKER_TODAY": TRIAL,
        "TRACKER_LOG_LEVEL": "INFO",
    }
    log_path = tmp_path / "beat.log"
    with log_path.open("wb") as log_file:
        beat = WorkerProcess(
            "beat",
            subprocess.Popen(
                [str(CELERY), "-A", "workers", "beat", "-l", "INFO"],
                cwd=PROJECT_ROOT,
                env={**os.environ, **env},
                stdout=log_file,
                stderr=subprocess.STDOUT,
            ),
            log_path,
        )
    try:
        wait_for(
            lambda: "beat: Starting" in beat.log() or beat.process.poll() is not None, 60, "beat to start"
        )
        assert beat.process.poll() is None, beat.log()
        worker = start_worker(env)  # after beat, as its clock would have started later
        cycle = wait_for(lambda: _cycle(fresh_database_url), 90, "the 09:00 cycle to run")
    finally:
        beat.stop()
    assert "before 09:00" not in worker.log()
    decided = cycle.started_at.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    nine = datetime(2026, 3, 2, 9, 0)
    assert nine <= decided < nine + timedelta(seconds=30), decided
