"""The board, a task page and the dashboard run the same number of SQL queries for 3 tasks as for 40."""

import secrets
from datetime import date, timedelta

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def _grow(town, make_task, make_indicator, session, n: int) -> None:  # type: ignore[no-untyped-def]
    from tracker.tasks.models import Evidence, IndicatorIncrement, ProgressEntry

    for index in range(n):
        task = make_task(
            town.plan,
            f"任务{index}",
            lead_department=town.lead,
            owner=town.owner,
            deadline=date(2026, 1, 1) + timedelta(days=index * 9),
        )
        task.support_departments.append(town.support)
        indicator = make_indicator(task, f"指标{index}")
        for _ in range(2):
            entry = ProgressEntry(
                task=task, author_id=town.owner.id, entry_date=date(2026, 2, 1), text="进展"
            )
            entry.increments.append(IndicatorIncrement(indicator_id=indicator.id, amount=1))
            session.add(entry)
    town.task.support_departments.append(town.unrelated)
    for index in range(n):
        entry = ProgressEntry(
            task=town.task, author_id=town.helper.id, entry_date=date(2026, 2, 2), text=f"第{index}次"
        )
        session.add(entry)
        session.flush()
        session.add(
            Evidence(
                task_id=town.task.id,
                entry=entry,
                original_name=f"{index}.png",
                stored_name=secrets.token_hex(16),
                content_type="image/png",
                size_bytes=8,
                sha256="0" * 64,
                uploaded_by_id=town.helper.id,
            )
        )
    session.flush()


def _queries(client, engine, paths: list[str], count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for path in paths:
        with count_queries(engine) as statements:
            assert client.get(path).status_code == 200
        counts[path] = len(statements)
    return counts


def test_query_counts_do_not_grow_with_tasks(
    town, session, make_task, make_indicator, sign_in, engine_database, count_queries
) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    paths = ["/", f"/tasks/{town.task.id}", "/dashboard", "/?mine=1&dept=1"]
    client.get("/account")  # the beat banner's verdict is read once a minute per process, here
    _grow(town, make_task, make_indicator, session, 2)
    small = _queries(client, engine_database.engine, paths, count_queries)
    _grow(town, make_task, make_indicator, session, 38)
    large = _queries(client, engine_database.engine, paths, count_queries)
    assert small == large
    assert max(large.values()) <= 25, large  # savepoint statements of the test harness included
