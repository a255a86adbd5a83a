"""A generation run goes queued → running → done with its file, or failed with the reason, and its
progress is committed as it goes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from docx import Document
from sqlalchemy.orm import Session

from tracker.db import Database
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus, ReportWording
from tracker.reports.runs import execute_run, request_run, result_file
from tracker.reports.sample import add_sample_year

AS_OF = date(2026, 11, 26)


def run_to_end(database: Database, run_id: int, var_dir: Path) -> ReportRun:
    execute_run(run_id, units=database.unit_of_work, var_dir=var_dir, as_of=AS_OF)
    with database.unit_of_work() as session:
        run = session.get_one(ReportRun, run_id)
        session.expunge(run)
    return run


def queued_run(database: Database, report_format: ReportFormat) -> int:
    with database.unit_of_work() as session:
        plan = add_sample_year(session, tasks=6, entries_per_task=2, items=2)
        return request_run(session, plan, report_format, user_id=None).id


def test_a_docx_run_ends_done_with_its_file(database: Database, tmp_path: Path) -> None:
    run = run_to_end(database, queued_run(database, ReportFormat.DOCX), tmp_path)
    assert (run.status, run.percent, run.error) == (ReportRunStatus.DONE, 100, None)
    assert run.result_name == "2026年法治政府建设年度报告（草稿）.docx"
    path = result_file(run, tmp_path)
    assert path is not None and path.parent == (tmp_path / "reports").resolve()
    assert (
        Document(io.BytesIO(path.read_bytes())).paragraphs[0].text
        == "示例镇2026年法治政府建设年度报告（草稿）"
    )
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

    execute_run(run_id, units=watching_units, var_dir=tmp_path, as_of=AS_OF)
    percents = [percent for _status, percent in seen]
    assert percents == sorted(percents) and {5, 40, 70, 90} <= set(percents)
    assert seen[0] == ("queued", 0)


def test_a_template_that_fails_ends_the_run_as_failed_with_the_reason(
    database: Database, tmp_path: Path
) -> None:
    run_id = queued_run(database, ReportFormat.DOCX)
    with database.unit_of_work() as unit:
        unit.add(ReportWording(name="title", category="", body="{{ 未知变量 }}"))
    run = run_to_end(database, run_id, tmp_path)
    assert run.status is ReportRunStatus.FAILED
    assert "报告标题" in run.error and "无法生成" in run.error
    assert result_file(run, tmp_path) is None
    assert not (tmp_path / "reports").exists()


def test_a_finished_run_is_not_done_again(database: Database, tmp_path: Path) -> None:
    run_id = queued_run(database, ReportFormat.MARKDOWN)
    first = run_to_end(database, run_id, tmp_path)
    again = run_to_end(database, run_id, tmp_path)
    assert again.result_path == first.result_path
    assert len(list((tmp_path / "reports").iterdir())) == 1


def test_a_missing_run_is_ignored(database: Database, tmp_path: Path) -> None:
    execute_run(987654, units=database.unit_of_work, var_dir=tmp_path, as_of=AS_OF)
    assert not (tmp_path / "reports").exists()


def test_a_result_path_outside_the_results_folder_is_never_served(database: Database, tmp_path: Path) -> None:
    run = run_to_end(database, queued_run(database, ReportFormat.MARKDOWN), tmp_path)
    (tmp_path / "secret.txt").write_text("x")
    run.result_path = "reports/../secret.txt"
    assert result_file(run, tmp_path) is None
