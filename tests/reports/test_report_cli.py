"""`tracker report draft`: the year's draft as Markdown or Word from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tracker.cli import main
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import confirm_plan, import_plan
from tracker.reports.sample import add_sample_year


@pytest.fixture
def run_cli(fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRACKER_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("TRACKER_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-26")

    def run(*arguments: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(arguments))

    return run


@pytest.fixture
def year_2026(fresh_database_url: str) -> None:
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        add_sample_year(
            session, organisation_id=sole_organisation(session).id, tasks=6, entries_per_task=2, items=2
        )
    database.dispose()


def test_markdown_and_word_drafts_are_written_to_the_given_file(year_2026, run_cli, tmp_path: Path) -> None:
    markdown = tmp_path / "draft.md"
    result = run_cli("report", "draft", "--year", "2026", "--format", "md", "-o", str(markdown))
    assert result.exit_code == 0, result.output
    assert markdown.read_text(encoding="utf-8").startswith("# 示例镇2026年法治政府建设年度报告（草稿）")
    word = tmp_path / "draft.docx"
    result = run_cli("report", "draft", "--year", "2026", "--format", "docx", "-o", str(word))
    assert result.exit_code == 0, result.output
    assert Document(io.BytesIO(word.read_bytes())).paragraphs[0].style.name == "Title"
    printed = run_cli("report", "draft", "--year", "2026", "-o", "-")
    assert printed.exit_code == 0
    assert "## 四、2027年度推进法治政府建设的主要安排" in printed.output


def test_the_draft_command_prints_what_the_preview_warns_of(year_2026, run_cli, tmp_path: Path) -> None:
    result = run_cli("report", "draft", "--year", "2026", "-o", str(tmp_path / "draft.md"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("已生成 2026 年度报告草稿")
    counted = next(line for line in lines if "处【待补充】" in line)
    gaps = [line.strip() for line in lines if line.startswith("  【待补充：")]
    assert counted == f"草稿中有 {len(gaps)} 处【待补充】，提交前请补齐：" and len(gaps) >= 2
    assert "【待补充：党政主要负责人履行推进法治建设第一责任人职责的情况" in gaps[0] or any(
        "第一责任人" in gap for gap in gaps
    )
    assert all(gap in (tmp_path / "draft.md").read_text(encoding="utf-8") for gap in gaps)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--year", "2019", "-o", "x.md"), "错误：没有2019年度已确认的计划"),
        (("--year", "2026", "--format", "docx", "-o", "-"), "错误：Word 文件不能输出到屏幕"),
        (("--year", "2026", "-o", "/nonexistent-folder/x.md"), "错误：无法写入文件"),
    ],
)
def test_mistakes_get_a_clear_message_and_a_nonzero_exit(year_2026, run_cli, arguments, message: str) -> None:
    result = run_cli("report", "draft", *arguments)
    assert result.exit_code == 2
    assert message in result.output


@pytest.fixture
def seed_plan_2026(fresh_database_url: str, seed_report_path: Path) -> None:
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        plan = import_plan(
            session,
            organisation_id=sole_organisation(session).id,
            data=seed_report_path.read_bytes(),
            filename=seed_report_path.name,
        )
        confirm_plan(session, plan)
    database.dispose()


def test_rollover_prints_the_new_plans_id_and_refuses_a_second_time(seed_plan_2026, run_cli) -> None:
    first = run_cli("plan", "rollover", "--from", "2026")
    assert first.exit_code == 0, first.output
    plan_id = int(first.stdout.strip())
    assert "已生成 2027 年度计划草稿" in first.stderr
    shown = run_cli("plan", "show", str(plan_id))
    assert shown.exit_code == 0 and "2027" in shown.output
    again = run_cli("plan", "rollover", "--from", "2026")
    assert again.exit_code == 2
    assert "不能重复结转" in again.output
