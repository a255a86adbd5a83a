"""Migration 0008 carries a shortcoming rectified before 整改 had a state into the state 已整改, on its
day, with its note as the measures — and back again on downgrade."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import text

from tracker.db import Database
from tracker.migrate import alembic_config, upgrade

BEFORE = "0008_plan_skipped"


def test_a_shortcoming_rectified_before_the_states_is_rectified_after(fresh_database_url: str) -> None:
    command.downgrade(alembic_config(fresh_database_url), BEFORE)
    database = Database(fresh_database_url)
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plans (id, year, title, status, source_filename, source_bytes, "
                "source_sha256, source_text, warnings, created_at) VALUES "
                "(1, 2026, '计划', 'confirmed', 'a.txt', :b, :sha, 'x', '[]', :at)"
            ),
            {"b": b"x", "sha": "0" * 64, "at": "2026-01-02 00:00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO shortcomings (id, plan_id, position, text, rectified_at, rectification_note) "
                "VALUES (1, 1, 0, '执法监督机制有待细化', :at, '制定执法监督办法'), "
                "(2, 1, 1, '普法形式单一', NULL, NULL)"
            ),
            {"at": "2026-05-01 08:00:00"},
        )
    upgrade(fresh_database_url)
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, rectification_state, rectification_date, rectification_measures "
                "FROM shortcomings ORDER BY id"
            )
        ).all()
    assert [(r[0], r[1], str(r[2]), r[3]) for r in rows] == [
        (1, "done", str(date(2026, 5, 1)), "制定执法监督办法"),
        (2, "open", "None", None),
    ]
    command.downgrade(alembic_config(fresh_database_url), BEFORE)
    with database.engine.connect() as connection:
        back = connection.execute(
            text("SELECT rectification_note, rectified_at FROM shortcomings ORDER BY id")
        ).all()
    assert back[0][0] == "制定执法监督办法" and str(back[0][1]).startswith("2026-05-01")
    assert tuple(back[1]) == (None, None)
    database.dispose()
