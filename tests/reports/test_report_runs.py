"""A generation run goes queued → running → done with its file, or failed with the reason, and its
progress is committed as it goes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan
from tracker.reports.composition import compose_draft
from tracker.reports.loading import ReportError, load_year
from tracker.reports.models import ReportFormat, ReportPattern, ReportRun, ReportRunStatus
from tracker.reports.pattern_store import load_patterns
from tracker.reports.runs import (
    execute_run,
    give_up_stale_runs,
    request_run,
    result_file,
    retry_run,
    stale_before,
)
from tracker.reports.sample import add_sample_year

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def run_to_end(database: Database, run_id: int, var_dir: Path) -> ReportRun:
    execute_run(run_id, units=database.unit_of_work, var_dir=var_dir, now=NOW)
    with database.unit_of_work() as session:
        run = session.get_one(ReportRun, run_id)
        session.expunge(run)
    return run


def queued_run(database: Database, report_format: ReportFormat) -> int:
    with database.unit_of_work() as session:
        plan = add_sample_year(
            session, organisation_id=sole_organisation(session).id, tasks=6, entries_per_task=2, items=2
        )
        return request_run(session, plan, report_format, user_id=None).id


def test_a_docx_run_ends_done_with_its_file(database: Database, tmp_path: Path) -> None:
    run = run_to_end(database, queued_run(database, ReportFormat.DOCX), tmp_path)
    assert (run.status, run.percent, run.error) == (ReportRunStatus.DONE, 100, None)
    assert run.result_name == "2026年法治政府建设年度报告（草稿）.docx"
    path = result_file(run, tmp_path)
    assert path is not None and path.parent == (tmp_path / "reports").resolve()
    document = Document(io.BytesIO(path.read_bytes()))
    assert [paragraph.text for paragraph in document.paragraphs[:2]] == [
        "示例镇2026年法治政府建设年度报告",
        "（草稿）",
    ]
    assert run.started_at is not None and run.finished_at >= run.started_at


def test_a_markdown_run_writes_utf8_markdown(database: Database, tmp_path: Path) -> None:
    run = run_to_end(database, queued_run(database, ReportFormat.MARKDOWN), tmp_path)
    text = result_file(run, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("# 示例镇2026年法治政府建设年度报告（草稿）\n")


def test_progress_is_committed_step_by_step(database: Database, tmp_path: Path) -> None:
    run_id = queued_run(database, ReportFormat.MARKDOWN)
    seen: list[tuple[str, int]] = []

    @contextmanager
    def watching_units() -> Iterator[Session]:
        """Each unit of work the run opens first notes what is committed so far."""
        with database.unit_of_work() as reader:
            run = reader.get_one(ReportRun, run_id)
            seen.append((run.status.value, run.percent))
        with database.unit_of_work() as session:
            yield session

    execute_run(run_id, units=watching_units, var_dir=tmp_path, now=NOW)
    percents = [percent for _status, percent in seen]
    assert percents == sorted(percents) and {5, 40, 70, 90} <= set(percents)
    assert seen[0] == ("queued", 0)


def test_a_stored_pattern_that_no_longer_works_gives_way_to_the_shipped_one_and_says_so(
    database: Database, tmp_path: Path
) -> None:
    run_id = queued_run(database, ReportFormat.MARKDOWN)
    with database.unit_of_work() as unit:
        unit.add(
            ReportPattern(
                organisation_id=sole_organisation(unit).id,
                name="title",
                body="〔报告单位〕年度报告",
                updated_at=NOW,
            )
        )
        plan = unit.get_one(ReportRun, run_id).plan_id
    run = run_to_end(database, run_id, tmp_path)
    assert run.status is ReportRunStatus.DONE
    assert (
        result_file(run, tmp_path)
        .read_text(encoding="utf-8")
        .startswith("# 示例镇2026年法治政府建设年度报告")
    )
    with database.unit_of_work() as session:
        draft = compose_draft(
            load_year(session, session.get_one(Plan, plan), NOW.date()),
            load_patterns(session, sole_organisation(session).id),
        )
    assert any("已保存的句式“title”不能再用" in warning for warning in draft.warnings)


def test_a_finished_run_is_not_done_again(database: Database, tmp_path: Path) -> None:
    run_id = queued_run(database, ReportFormat.MARKDOWN)
    first = run_to_end(database, run_id, tmp_path)
    again = run_to_end(database, run_id, tmp_path)
    assert again.result_path == first.result_path
    assert len(list((tmp_path / "reports").iterdir())) == 1


def test_a_missing_run_is_ignored(database: Database, tmp_path: Path) -> None:
    execute_run(987654, units=database.unit_of_work, var_dir=tmp_path, now=NOW)
    assert not (tmp_path / "reports").exists()


def test_a_result_path_outside_the_results_folder_is_never_served(database: Database, tmp_path: Path) -> None:
    run = run_to_end(database, queued_run(database, ReportFormat.MARKDOWN), tmp_path)
    (tmp_path / "secret.txt").write_text("x")
    run.result_path = "reports/../secret.txt"
    assert result_file(run, tmp_path) is None


STALE_SETTINGS = Settings(report_stale_minutes=10)


def test_a_run_whose_worker_died_is_given_up_and_can_be_generated_again(
    session: Session, database: Database, tmp_path: Path
) -> None:
    """A worker killed mid-run leaves its run `running`; one whose message was lost leaves it `queued`.
    After ten minutes without progress the sweep records both as failed, saying so; fresh and
    finished runs are left alone."""
    plan = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=4, entries_per_task=1, items=2
    )
    now = stamp()
    dead, lost, busy, done = (request_run(session, plan, ReportFormat.DOCX, user_id=None) for _ in range(4))
    dead.status, dead.percent, dead.progressed_at = ReportRunStatus.RUNNING, 40, now - timedelta(minutes=11)
    lost.created_at = now - timedelta(minutes=30)
    busy.status, busy.progressed_at = ReportRunStatus.RUNNING, now - timedelta(minutes=2)
    done.status, done.created_at = ReportRunStatus.DONE, now - timedelta(days=1)
    session.flush()

    assert dead.is_stale(stale_before(now, STALE_SETTINGS)) and not busy.is_stale(
        stale_before(now, STALE_SETTINGS)
    )
    given_up = give_up_stale_runs(session, now, STALE_SETTINGS)

    assert {run.id for run in given_up} == {dead.id, lost.id}
    assert (dead.status, dead.finished_at) == (ReportRunStatus.FAILED, now)
    assert dead.error == "生成中断：超过 10 分钟没有进展（后台任务可能已停止），请重新生成。"
    assert (busy.status, done.status) == (ReportRunStatus.RUNNING, ReportRunStatus.DONE)
    again = retry_run(session, dead, now, STALE_SETTINGS, user_id=None)
    assert (again.status, again.format, again.plan_id) == (ReportRunStatus.QUEUED, ReportFormat.DOCX, plan.id)
    with pytest.raises(ReportError, match="只有失败或已中断的生成任务可以重新生成"):
        retry_run(session, done, now, STALE_SETTINGS, user_id=None)


def test_a_stalled_run_is_given_up_when_it_is_generated_again(session: Session) -> None:
    plan = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=4, entries_per_task=1, items=2
    )
    stalled = request_run(session, plan, ReportFormat.MARKDOWN, user_id=None)
    stalled.status, stalled.progressed_at = ReportRunStatus.RUNNING, stamp() - timedelta(hours=1)
    session.flush()
    again = retry_run(session, stalled, stamp(), STALE_SETTINGS, user_id=None)
    assert stalled.status is ReportRunStatus.FAILED and again.id != stalled.id


def test_a_worker_back_after_its_run_was_given_up_keeps_the_failure(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Committed for real: the sweep and the worker are separate transactions, as in production."""
    database = Database(fresh_database_url)
    run_id = queued_run(database, ReportFormat.DOCX)
    opened = 0

    @contextmanager
    def sweep_meanwhile() -> Iterator[Session]:
        """The third unit of work the run opens finds the sweep has given it up in between."""
        nonlocal opened
        opened += 1
        if opened == 3:
            with database.unit_of_work() as sweeper:
                later = stamp() + timedelta(hours=1)
                assert [run.id for run in give_up_stale_runs(sweeper, later, STALE_SETTINGS)] == [run_id]
        with database.unit_of_work() as session:
            yield session

    execute_run(run_id, units=sweep_meanwhile, var_dir=tmp_path, now=NOW)
    with database.unit_of_work() as session:
        run = session.get_one(ReportRun, run_id)
        assert (run.status, run.result_path) == (ReportRunStatus.FAILED, None)
        assert "生成中断" in run.error
    assert not (tmp_path / "reports").exists() or list((tmp_path / "reports").iterdir()) == []
    database.dispose()
