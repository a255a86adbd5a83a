"""Synthetic counties for the benches: towns of 150 tasks with a year of progress, bulk-loaded.

`fill_counties(url, counties=1, towns=20, tasks=150, entries=12)` adds, to a migrated database,
`counties` counties of `towns` towns each (a county of 20 towns; a province-sized install is 50 × 20 =
1,000 towns). Every town is staffed as a town hall is: 8 units (each with two owners), two 分管领导
sharing the units, a 主要负责人 and a coordinator, all with addresses; one confirmed plan of
`year` (10 areas, `tasks` tasks) whose deadlines are spread over the year, a tenth of them
recurring monthly and a tenth ongoing, some with co-operating units; and `entries` progress entries
per task spread over the year up to `today` (a year of entries: one a month).

Rows go in through Core `insert`s with explicit ids and every column given (the ORM, or a column
default that reads another row, would take minutes for 150,000 tasks). Used by `bench/province.py`
(reminders at province size) and the county dashboard bench; run alone it fills a database:

    .venv/bin/python bench/county_data.py DATABASE_URL [--counties 1] [--towns 20] [--tasks 150]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.accounts.models import Department, User
from tracker.clock import stamp
from tracker.organisations.models import Organisation
from tracker.plans.models import Plan, PlanItem
from tracker.tasks.models import ProgressEntry, Task, task_support_departments

UNITS = (
    "司法所",
    "党政办",
    "综合行政执法办",
    "社会事务办",
    "经济发展办",
    "自然资源所",
    "应急管理办",
    "财政所",
)
PEOPLE_PER_TOWN = 4 + 2 * len(UNITS)
"""Coordinator, 主要负责人, two 分管领导, two owners per unit."""
AREAS = 10
CHUNK = 20_000


@dataclass(frozen=True)
class Filled:
    towns: int
    tasks: int
    entries: int
    people: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"filled {self.towns:,} towns, {self.tasks:,} tasks, {self.entries:,} entries, "
            f"{self.people:,} people in {self.seconds:.1f} s"
        )


def _next_id(conn: Connection, table: Any) -> int:
    return int(conn.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def _insert(conn: Connection, model: Any, rows: Iterator[dict[str, Any]]) -> int:
    """Insert `rows` in chunks (one statement per chunk, executemany): the count inserted."""
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            conn.execute(insert(model), chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        conn.execute(insert(model), chunk)
    return count + len(chunk)


def fill_counties(
    url: str,
    *,
    counties: int = 1,
    towns: int = 20,
    tasks: int = 150,
    entries: int = 12,
    year: int = 2026,
    today: date = date(2026, 12, 1),
    seed: int = 13,
) -> Filled:
    started = time.perf_counter()
    rng = random.Random(seed)
    engine = create_engine(url)
    now = stamp()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # No per-row triggers during the bulk load: the board-version triggers (deferred to the
            # commit) would bump one row once per inserted row, minutes at province size. Nothing
            # is serving this fresh database yet, so no board cache can go stale.
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        first_org = _next_id(conn, Organisation.__table__)
        org_rows, town_ids, county_ids = [], [], []
        next_org = first_org
        for county in range(counties):
            county_id = next_org
            county_ids.append(county_id)
            org_rows.append(_org(county_id, f"基准县{county + 1:03d}", "county", None, now))
            next_org += 1
            for town in range(towns):
                org_rows.append(
                    _org(next_org, f"基准县{county + 1:03d}第{town + 1:02d}镇", "town", county_id, now)
                )
                town_ids.append(next_org)
                next_org += 1
        _insert(conn, Organisation, iter(org_rows))
        first_dept, first_user = _next_id(conn, Department.__table__), _next_id(conn, User.__table__)
        first_plan, first_item = _next_id(conn, Plan.__table__), _next_id(conn, PlanItem.__table__)
        first_task = _next_id(conn, Task.__table__)
        units = len(UNITS)

        def dept_id(town: int, unit: int) -> int:
            return first_dept + town * units + unit

        def user_id(town: int, slot: int) -> int:
            return first_user + town * PEOPLE_PER_TOWN + slot

        def owner_slot(unit: int, which: int) -> int:
            return 4 + unit * 2 + which

        _insert(conn, Department, _departments(town_ids, first_dept, now))
        people = _insert(conn, User, _people(town_ids, first_user, dept_id, owner_slot, now))
        county_staff = first_user + len(town_ids) * PEOPLE_PER_TOWN
        people += _insert(conn, User, _county_coordinators(county_ids, county_staff, now))
        conn.execute(
            Department.__table__.update()
            .where(Department.id >= first_dept)
            .values(
                leader_id=first_user
                + (Department.id - first_dept) // units * PEOPLE_PER_TOWN
                + 2
                + (Department.id - first_dept) % units % 2
            )
        )
        _insert(conn, Plan, _plans(town_ids, first_plan, year, now))
        per_plan = AREAS + tasks
        _insert(conn, PlanItem, _items(len(town_ids), first_plan, first_item, tasks))
        task_rows, links = [], []
        for town, org_id in enumerate(town_ids):
            for n in range(tasks):
                task_id = first_task + town * tasks + n
                unit = rng.randrange(units)
                deadline = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                kind = rng.random()
                done = deadline < today and rng.random() < 0.7
                task_rows.append(
                    {
                        "id": task_id,
                        "plan_id": first_plan + town,
                        "organisation_id": org_id,
                        "plan_item_id": first_item + town * per_plan + AREAS + n,
                        "title": f"任务{n + 1}：开展{UNITS[unit]}专项工作",
                        "lead_department_id": dept_id(town, unit),
                        "owner_id": user_id(town, owner_slot(unit, n % 2)) if rng.random() < 0.9 else None,
                        "deadline": None if kind < 0.2 else deadline,
                        "recurrence": {"every": "month"} if kind < 0.1 else None,
                        "ongoing": 0.1 <= kind < 0.2,
                        "status": "done" if done else rng.choice(("pending", "in_progress")),
                        "percent": 100 if done else rng.randrange(0, 90, 10),
                        "requires_evidence": False,
                        "created_at": now,
                        "closed_at": now if done else None,
                        "version_id": 1,
                    }
                )
                for other in rng.sample(range(units), rng.randrange(3)):
                    if other != unit:
                        links.append({"task_id": task_id, "department_id": dept_id(town, other)})
        count = _insert(conn, Task, iter(task_rows))
        _insert(conn, task_support_departments, iter(links))
        written = _insert(conn, ProgressEntry, _entries(task_rows, entries, year, today, first_user))
        if conn.dialect.name == "postgresql":  # explicit ids leave the sequences behind: catch them up
            for table in ("organisations", "departments", "users", "plans", "plan_items", "tasks"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    engine.dispose()
    return Filled(len(town_ids), count, written, people, time.perf_counter() - started)


def _org(org_id: int, name: str, kind: str, parent: int | None, now: datetime) -> dict[str, Any]:
    return {"id": org_id, "name": name, "kind": kind, "parent_id": parent, "created_at": now}


def _departments(town_ids: list[int], first: int, now: datetime) -> Iterator[dict[str, Any]]:
    for town, org_id in enumerate(town_ids):
        for unit, name in enumerate(UNITS):
            yield {
                "id": first + town * len(UNITS) + unit,
                "organisation_id": org_id,
                "name": name,
                "created_at": now,
            }


def _person(
    person_id: int, org: int, username: str, role: str, department: int | None, principal: bool, now: datetime
) -> dict[str, Any]:
    return {
        "id": person_id,
        "organisation_id": org,
        "username": username,
        "display_name": username,
        "email": f"{username}@bench.example",
        "password_hash": None,
        "role": role,
        "department_id": department,
        "is_principal": principal,
        "is_active": True,
        "is_demo": False,
        "created_at": now,
    }


def _county_coordinators(county_ids: list[int], first: int, now: datetime) -> Iterator[dict[str, Any]]:
    """Each county's 依法治县办 coordinator: the weekly summary of its towns on Mondays."""
    for n, org_id in enumerate(county_ids):
        yield _person(first + n, org_id, f"c{org_id}_fzb", "coordinator", None, False, now)


def _people(
    town_ids: list[int], first: int, dept_id: Any, owner_slot: Any, now: datetime
) -> Iterator[dict[str, Any]]:
    for town, org_id in enumerate(town_ids):
        staff = [("fzb", "coordinator", None, False), ("shuji", "leader", None, True)]
        staff += [(f"fenguan{n}", "leader", None, False) for n in range(2)]
        for unit in range(len(UNITS)):
            staff += [(f"zr{unit}_{which}", "owner", dept_id(town, unit), False) for which in range(2)]
        for slot, (name, role, department, principal) in enumerate(staff):
            person_id = first + town * PEOPLE_PER_TOWN + slot
            yield _person(person_id, org_id, f"t{org_id}_{name}", role, department, principal, now)


def _plans(town_ids: list[int], first: int, year: int, now: datetime) -> Iterator[dict[str, Any]]:
    for town, org_id in enumerate(town_ids):
        yield {
            "id": first + town,
            "organisation_id": org_id,
            "year": year,
            "title": f"{year}年度法治政府建设工作要点",
            "status": "confirmed",
            "source_filename": "bench.txt",
            "source_bytes": b"",
            "source_sha256": f"{org_id:064x}",
            "source_text": "",
            "warnings": [],
            "skipped": [],
            "is_demo": False,
            "created_at": now,
        }


def _items(plans: int, first_plan: int, first: int, tasks: int) -> Iterator[dict[str, Any]]:
    per_plan = AREAS + tasks
    blank = {"lead_units": [], "support_units": [], "owners_suggested": False, "ongoing": False, "text": "…"}
    for town in range(plans):
        base = first + town * per_plan
        for area in range(AREAS):
            yield {
                "id": base + area,
                "plan_id": first_plan + town,
                "parent_id": None,
                "position": area * (tasks + 1),
                "marker": f"{area + 1}.",
                "title": f"第{area + 1}方面",
                **blank,
            }
        for n in range(tasks):
            area = n % AREAS
            yield {
                "id": base + AREAS + n,
                "plan_id": first_plan + town,
                "parent_id": base + area,
                "position": area * (tasks + 1) + n // AREAS + 1,
                "marker": None,
                "title": f"任务{n + 1}",
                **blank,
            }


def _entries(
    tasks: list[dict[str, Any]], per_task: int, year: int, today: date, author: int
) -> Iterator[dict[str, Any]]:
    span = (min(today, date(year, 12, 31)) - date(year, 1, 1)).days
    for task in tasks:
        for n in range(per_task):
            on = date(year, 1, 1) + timedelta(days=span * (n + 1) // (per_task + 1))
            yield {
                "task_id": task["id"],
                "author_id": task["owner_id"] or author,
                "entry_date": on,
                "text": "按计划推进，完成阶段性工作",
                "percent": min(100, (n + 1) * 100 // per_task),
                "created_at": task["created_at"],
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--counties", type=int, default=1)
    parser.add_argument("--towns", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=150)
    parser.add_argument("--entries", type=int, default=12)
    arguments = parser.parse_args()
    filled = fill_counties(
        arguments.url,
        counties=arguments.counties,
        towns=arguments.towns,
        tasks=arguments.tasks,
        entries=arguments.entries,
    )
    print(filled)


if __name__ == "__main__":
    main()
