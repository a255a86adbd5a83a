"""`tracker plan parse|import|show|confirm` and `tracker quickstart`, as a person at a terminal uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.plans.hostile_files import (
    claims_encryption,
    corrupt_deflate,
    lying_sizes,
    plan_docx,
    unknown_method,
)
from tracker.cli import Runtime
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.plans.cli import plan as plan_group
from tracker.plans.models import Plan, PlanStatus
from tracker.tasks.models import Task


@pytest.fixture
def runtime(settings: Settings, database: Database) -> Runtime:
    """A runtime whose database is the test's (commits become savepoints, rolled back afterwards)."""
    runtime = Runtime(settings)
    runtime.__dict__["database"] = database
    return runtime


@pytest.fixture
def run(runtime: Runtime):  # type: ignore[no-untyped-def]
    def invoke(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(plan_group, list(args), obj=runtime, input=stdin)

    return invoke


def plans_stored(database: Database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Plan)) or 0


def test_parse_prints_the_documented_json_without_a_database(run, seed_report_path: Path) -> None:
    result = run("parse", str(seed_report_path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan_year"] == 2026 and len(data["items"]) == 3
    assert len(data["items"][1]["children"]) == 8


def test_parse_reads_stdin_and_prints_text(run, document) -> None:
    result = run("parse", "-", "--format", "text", stdin=document("gbk_mixed_summary_and_plan.txt"))
    assert result.exit_code == 0, result.output
    assert "计划部分：三、2026年工作打算" in result.output
    assert "1. 深化法治宣传" in result.output and "牵头：司法所" in result.output


def test_import_prints_the_id_and_show_lists_the_plan(run, database, seed_report_path) -> None:
    imported = run("import", str(seed_report_path))
    assert imported.exit_code == 0, imported.output
    plan_id = int(imported.stdout.splitlines()[0])
    shown = run("show", str(plan_id))
    assert shown.exit_code == 0, shown.output
    assert "状态：草稿（待审核）" in shown.output
    assert "二是 进一步加强政务公开" in shown.output and "    - 环境保护与治理" in shown.output
    assert "法律明白人：32名（2025年）" in shown.output


def test_parse_and_import_show_the_words_left_out_and_the_warnings(run, seed_report_path, tmp_path) -> None:
    parsed = run("parse", str(seed_report_path), "--format", "text")
    assert "未作为事项的文字（请核对是否遗漏）：" in parsed.stdout
    assert "计划部分的标题：六、2026年度推进法治政府建设的主要安排" in parsed.stdout
    assert "引导语：说明计划的背景、要求或目标，没有具体任务：上义镇将继续认真贯彻" in parsed.stdout
    as_json = run("parse", str(seed_report_path))
    assert "网页附属信息（导航、页脚、版权等）：粤公网安备" in as_json.stderr
    assert len(json.loads(as_json.stdout)["skipped"]) == 3
    undated = tmp_path / "要点.txt"
    undated.write_text("工作要点\n一是开展普法宣传。\n二是做好矛盾纠纷排查。\n", encoding="utf-8")
    imported = run("import", str(undated))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.strip().isdigit()
    assert "提示：" in imported.stderr and "未写明计划年度" in imported.stderr
    assert "文件标题：工作要点" in imported.stderr


def test_confirm_makes_the_tasks_once(run, database, seed_report_path) -> None:
    plan_id = run("import", str(seed_report_path)).stdout.splitlines()[0]
    confirmed = run("confirm", plan_id)
    assert confirmed.exit_code == 0, confirmed.output
    assert "生成 12 项任务" in confirmed.output
    again = run("confirm", plan_id)
    assert again.exit_code == 2 and "错误：" in again.output and "已经确认过" in again.output
    with database.unit_of_work() as session:
        assert session.get(Plan, int(plan_id)).status is PlanStatus.CONFIRMED
        assert session.scalar(select(func.count()).select_from(Task)) == 12


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.txt", b"", "文件是空的"),
        ("blob.txt", bytes(range(256)) * 8, "二进制"),
        ("latin.txt", "Ça ne se décode pas".encode("latin-1"), "编码"),
        ("summary.txt", "南川镇2025年工作总结\n全年开展讲座12场。".encode(), "未找到计划部分"),
        ("broken.docx", b"PK\x03\x04" + bytes(100), "损坏"),
        ("lying.docx", lying_sizes(20 * 1024 * 1024), "损坏"),
        ("deflate.docx", corrupt_deflate(plan_docx()), "损坏"),
        ("method.docx", unknown_method(plan_docx()), "不支持的压缩方式"),
        ("locked.docx", claims_encryption(plan_docx()), "已加密"),
    ],
)
def test_bad_input_says_why_exits_non_zero_and_stores_nothing(
    run, database, tmp_path, name, content, cause
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("parse", "import"):
        result = run(command, str(path))
        assert result.exit_code == 2
        assert result.output.startswith("错误：") and cause in result.output
    assert plans_stored(database) == 0


def test_importing_the_same_file_twice_is_refused(run, database, seed_report_path) -> None:
    first = run("import", str(seed_report_path))
    second = run("import", str(seed_report_path))
    assert second.exit_code == 2 and "已经导入过" in second.output
    assert f"#{first.stdout.splitlines()[0]}" in second.output
    assert plans_stored(database) == 1


def test_missing_file_and_unknown_plan(run) -> None:
    assert "找不到文件" in run("parse", "/no/such/plan.txt").output
    assert "找不到计划 #999" in run("show", "999").output


def tracker(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_quickstart_sets_up_the_demo_plan_and_runs_again(fresh_database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    first = tracker("quickstart", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    assert "青禾镇2025年法治政府建设年度报告" in first.stdout and "共 8 项任务" in first.stdout
    second = tracker("quickstart", "--no-serve", env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_the_console_command_refuses_bad_input_on_stderr(fresh_database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = tracker("plan", "import", str(empty), env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "错误：文件是空的，没有可导入的内容。"
