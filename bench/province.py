"""The reminder cycle's decision at province size (1,000 towns, 150,000 tasks) on PostgreSQL.

Fills a scratch PostgreSQL database with 50 counties × 20 towns × 150 tasks (`bench/county_data.py`,
each town staffed, a year's plan, a few progress entries per task), vacuums it, then times the
day's decision as the beat runs it (`tracker.reminders.cycle.plan_day`: read the tasks, people and
changes, decide per town, group into digests), best of `--rounds`. Target: at most 2 s.

The baseline of the same run is the floor of that work: the same task columns read by one raw
psycopg `SELECT … FROM tasks` (no SQLAlchemy, no rules); the ratio says how far above reading the
rows the whole decision is. Rendering the digests and writing the outbox come after the decision
and are timed apart (information: they scale with the mail, not the tasks).

    .venv/bin/python bench/province.py [--counties 50] [--towns 20] [--tasks 150] [--entries 4] [--keep NAME]

The fill takes minutes at full size: `--keep NAME` fills database NAME the first time and leaves it
in place, and later runs with the same NAME time the decision on it without filling again (to
compare two versions of the code on the same rows; drop it by hand when done).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from county_data import fill_counties
from web import ADMIN_URL, scratch_database

from tracker import clock
from tracker.config import Settings
from tracker.db import Database
from tracker.migrate import upgrade
from tracker.reminders import facts
from tracker.reminders.cycle import plan_day, write_outbox

DAYS = {
    "tuesday": date(2026, 12, 1),  # a working day with most deadlines of the year behind it
    "monday": date(2026, 11, 30),  # the same, with every coordinator's weekly summary
}


def raw_read(url: str) -> float:
    """The baseline: the rules' task columns in one plain psycopg query, fetched into tuples."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        started = time.perf_counter()
        rows = conn.execute(
            "SELECT id, title, deadline, owner_id, lead_department_id, recurrence, ongoing, status, "
            "organisation_id FROM tasks ORDER BY id"
        ).fetchall()
        elapsed = time.perf_counter() - started
    assert rows
    return elapsed


@contextmanager
def kept_database(name: str) -> Iterator[str]:
    """Database `name`, created and migrated if it does not exist yet, never dropped."""
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    if not exists:
        upgrade(url)
    yield url


def kept_towns(url: str) -> int:
    """How many towns an earlier `--keep` run filled (0 while the database is still empty)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        towns = conn.scalar(text("SELECT count(DISTINCT organisation_id) FROM tasks"))
    engine.dispose()
    return int(towns or 0)


def time_decision(
    database: Database, settings: Settings, day: date
) -> tuple[float, float, dict[str, float], int, int]:
    """One decision: wall seconds, this process's CPU seconds, the wall seconds of reading the open
    tasks alone (as the decision reads them), open tasks and mails. The CPU figure leaves out
    PostgreSQL's own work and the time spent waiting for a core on a machine shared with other work."""
    parts: dict[str, float] = {}
    with database.unit_of_work() as session:
        started = time.perf_counter()
        tasks = facts.load_tasks(session, open_and=())
        parts["read open tasks"] = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        plan = plan_day(session, settings, day)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        session.rollback()
    return total, cpu, parts, len(tasks), len(plan.mails)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=50)
    parser.add_argument("--towns", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=150)
    parser.add_argument("--entries", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--render", type=int, default=2000, help="digests rendered and written, timed apart")
    parser.add_argument("--keep", metavar="NAME", help="fill database NAME once, keep it and reuse it later")
    parser.add_argument("--day", choices=sorted(DAYS), default="tuesday", help="monday: weekly summaries too")
    arguments = parser.parse_args()
    database_of_run = kept_database(arguments.keep) if arguments.keep else scratch_database("luoshi_province")
    with database_of_run as url:
        towns = kept_towns(url) if arguments.keep else 0
        if towns:
            print(f"reused {arguments.keep}: {towns:,} towns, filled by an earlier run")
        else:
            filled = fill_counties(
                url,
                counties=arguments.counties,
                towns=arguments.towns,
                tasks=arguments.tasks,
                entries=arguments.entries,
            )
            print(filled)
            towns = filled.towns
            vacuum = create_engine(url, isolation_level="AUTOCOMMIT")
            with vacuum.connect() as conn:
                conn.execute(text("VACUUM ANALYZE"))
            vacuum.dispose()
        day = DAYS[arguments.day]
        settings = Settings(var_dir=Path("/tmp"), database_url=url, today=day.isoformat())
        database = Database(url)
        with clock.following(settings):
            baseline = min(raw_read(url) for _ in range(arguments.rounds))
            runs = [time_decision(database, settings, day) for _ in range(arguments.rounds)]
            best = min(runs, key=lambda run: run[0])
            total, cpu, parts, tasks, mails = best
            print(f"load average before the rounds: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
            print(f"decision of {day} ({arguments.day}): {tasks:,} open tasks of {towns:,} towns")
            print(f"  -> {mails:,} mails")
            print(f"  raw psycopg read of the tasks (baseline)  {baseline * 1000:8.1f} ms")
            for name, seconds in parts.items():
                print(f"  {name:<41} {seconds * 1000:8.1f} ms (measured apart)")
            print(
                f"  plan_day (read, decide, group), best of {arguments.rounds} {total * 1000:8.1f} ms"
                f"   {total / baseline:5.1f}× the baseline, {total / 2.0:.0%} of the 2 s target"
            )
            print(f"  of which CPU of this process                {cpu * 1000:8.1f} ms")
            print(f"  all rounds: {', '.join(f'{run[0] * 1000:.0f}' for run in runs)} ms")
            with database.unit_of_work() as session:
                plan = plan_day(session, settings, day)
                sample = plan.mails[: arguments.render]
                started = time.perf_counter()
                written, _ = write_outbox(session, settings, day, sample)
                elapsed = time.perf_counter() - started
                session.rollback()
            print(
                f"  render + write {written:,} digests (after the decision)  {elapsed * 1000:8.1f} ms "
                f"({elapsed * 1000 / max(written, 1):.2f} ms each)"
            )
        database.dispose()


if __name__ == "__main__":
    main()
