"""Report draft speed: a year of 1,000 tasks with 10,000 progress entries (20,000 increments).

Targets: loading and composing the draft in at most 0.5 s on SQLite, the .docx in at most 1 s, and
SQL queries that do not grow with the number of tasks. Each step is timed in this run (best of
`--repeat`) on the full year and on a tenth of it, and printed with its ratio to the target and its
growth from the small to the large year (about 10 means linear). Usage:

    .venv/bin/python bench/report.py [--tasks 1000] [--entries 10] [--database-url URL] [--cpu]

Without `--database-url` it builds a fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from tracker.db import Database
from tracker.migrate import upgrade
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.loading import load_year
from tracker.reports.markdown import render_markdown
from tracker.reports.sample import add_sample_year

TARGETS = {"load + compose": 0.5, "docx": 1.0}
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


CLOCK = time.perf_counter
"""Wall time by default; `--cpu` measures this process's CPU time instead, which other work on a
shared machine does not inflate (SQLite runs in this process, so its work is counted)."""


def best_of(repeat: int, step: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = CLOCK()
        result = step()
        best = min(best, CLOCK() - started)
    return best, result


def measure(database: Database, plan_id: int, repeat: int) -> dict[str, float | int]:
    queries: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    with database.unit_of_work() as session:
        plan = session.get_one(Plan, plan_id)
        queries.clear()
        load, records = best_of(repeat, lambda: load_year(session, plan, NOW.date()))
        query_count = len(queries) // repeat
    compose, draft = best_of(repeat, lambda: compose_draft(records))
    docx, data = best_of(repeat, lambda: render_docx(draft, NOW))
    markdown, _ = best_of(repeat, lambda: render_markdown(draft))
    return {
        "load": load,
        "compose": compose,
        "load + compose": load + compose,
        "docx": docx,
        "markdown": markdown,
        "queries": query_count,
        "sentences": sum(1 for _ in draft.sentences()),
        "docx bytes": len(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=10, help="progress entries per task")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--cpu", action="store_true", help="time CPU use instead of the wall clock")
    arguments = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if arguments.cpu else time.perf_counter
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        database = Database(url)
        sizes = {"small": max(arguments.tasks // 10, 1), "large": arguments.tasks}
        plans = {}
        for name, tasks in sizes.items():
            with database.unit_of_work() as session:
                plans[name] = add_sample_year(
                    session,
                    organisation_id=sole_organisation(session).id,
                    tasks=tasks,
                    entries_per_task=arguments.entries,
                    year=2026 if name == "large" else 2025,
                ).id
        results = {name: measure(database, plans[name], arguments.repeat) for name in sizes}
        database.dispose()
    print(
        f"report draft: {sizes['large']} tasks, {sizes['large'] * arguments.entries} entries "
        f"(small: {sizes['small']} tasks) on {url.split(':')[0]}, {'CPU' if arguments.cpu else 'wall'} time"
    )
    print(f"{'step':<16}{'small s':>10}{'large s':>10}{'growth':>9}{'target s':>10}{'ratio':>8}")
    for step in ("load", "compose", "load + compose", "docx", "markdown"):
        small, large = results["small"][step], results["large"][step]
        target = TARGETS.get(step)
        ratio = f"{large / target:.2f}" if target else ""
        print(f"{step:<16}{small:>10.3f}{large:>10.3f}{large / small:>9.1f}{target or '':>10}{ratio:>8}")
    print(f"{'queries':<16}{results['small']['queries']:>10}{results['large']['queries']:>10}")
    print(f"sentences {results['large']['sentences']}, docx {results['large']['docx bytes']} bytes")


if __name__ == "__main__":
    main()
