"""`tracker reminders due|send --on DAY`: preview a day's cycle without writing, or run it now."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from tracker.accounts.models import User
from tracker.cli import main
from tracker.db import Database
from tracker.reminders.models import Delivery


@pytest.fixture
def run_cli(fresh_database_url: str, tmp_path: Path) -> Callable[..., object]:
    def run(*args: str) -> object:
        env = {"TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path / "var")}
        return CliRunner().invoke(main, ["reminders", *args], env=env)

    return run


def delivery_count(database_url: str) -> int:
    database = Database(database_url)
    with database.unit_of_work() as session:
        count = session.scalar(select(func.count()).select_from(Delivery)) or 0
    database.dispose()
    return count


def test_due_prints_recipients_kinds_and_tasks_as_json_without_writing(
    run_cli, fresh_database_url: str, seed_reminder_town
) -> None:
    seed_reminder_town(fresh_database_url, 2)
    result = run_cli("due", "--on", "2026-03-02", "--format", "json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["day"] == "2026-03-02" and plan["workday"] is True
    mails = {(mail["recipient"]["email"], mail["kind"]): mail for mail in plan["mails"]}
    assert set(mails) == {
        ("owner0@town.example", "daily"),
        ("owner1@town.example", "daily"),
        ("coord@town.example", "weekly"),
    }
    items = mails[("owner0@town.example", "daily")]["items"]
    assert [(item["kind"], item["title"]) for item in items] == [
        ("due_soon", "普法任务0"),
        ("assignment", "普法任务0"),
    ]
    assert mails[("coord@town.example", "weekly")]["totals"]["due_this_week"] == 2
    assert delivery_count(fresh_database_url) == 0


def test_due_on_a_holiday_says_so(run_cli, fresh_database_url: str, seed_reminder_town) -> None:
    seed_reminder_town(fresh_database_url, 1)
    result = run_cli("due", "--on", "2026-10-01")
    assert result.exit_code == 0
    assert "不是工作日（国庆节）" in result.output
    assert json.loads(run_cli("due", "--on", "2026-10-01", "--format", "json").output)["mails"] == []


def test_send_runs_the_cycle_into_the_file_outbox_once(
    run_cli, fresh_database_url: str, seed_reminder_town, tmp_path: Path
) -> None:
    seed_reminder_town(fresh_database_url, 2)
    first = run_cli("send", "--on", "2026-03-02")
    assert first.exit_code == 0, first.output
    assert "新增 3 封待发邮件" in first.output and "已发送 3 封" in first.output
    assert len(list((tmp_path / "var" / "outbox").glob("*.eml"))) == 3
    again = run_cli("send", "--on", "2026-03-02")
    assert "当天的提醒已经决定过" in again.output and "已发送 0 封" in again.output
    assert delivery_count(fresh_database_url) == 3


def test_send_again_sends_the_extension_notices_since_the_digest(
    run_cli, fresh_database_url: str, seed_reminder_town, tmp_path: Path
) -> None:
    from datetime import date

    from tracker.tasks.extensions import request_extension
    from tracker.tasks.models import Task

    seed_reminder_town(fresh_database_url, 1)
    assert run_cli("send", "--on", "2026-03-02").exit_code == 0
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:  # 司法所 has no 分管领导: the coordinator decides
        task = session.scalars(select(Task)).one()
        request_extension(
            session,
            task,
            by=task.owner,
            new_deadline=date(2026, 3, 31),
            reason="等待批复",
            today=date(2026, 3, 2),
        )
    database.dispose()
    again = run_cli("send", "--on", "2026-03-02")
    assert again.exit_code == 0, again.output
    assert "新增 1 封延期申请通知" in again.output and "已发送 1 封" in again.output
    assert len(list((tmp_path / "var" / "outbox").glob("luoshi.extension_request.*.eml"))) == 1


def test_a_malformed_day_is_refused_in_chinese(run_cli, fresh_database_url: str) -> None:
    result = run_cli("due", "--on", "2026-02-30")
    assert result.exit_code == 2
    assert "日期“2026-02-30”无效" in result.output


def test_send_names_in_chinese_whom_it_could_not_mail_and_why(
    run_cli, fresh_database_url: str, seed_reminder_town
) -> None:
    seed_reminder_town(fresh_database_url, 2)
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        session.execute(update(User).where(User.username == "owner1").values(email=None))
    database.dispose()
    result = run_cli("send", "--on", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert "未发送：责任人1没有邮箱" in result.output
    assert "no email" not in result.output


def test_in_december_the_commands_say_next_years_schedule_is_unknown(
    run_cli, fresh_database_url: str, seed_reminder_town
) -> None:
    seed_reminder_town(fresh_database_url, 1)
    result = run_cli("due", "--on", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "注意：2027年的法定节假日和调休安排尚未录入" in result.output
    assert "注意：" not in run_cli("due", "--on", "2026-11-30").output


def test_due_as_text_names_each_mail_and_reminder_in_chinese(
    run_cli, fresh_database_url: str, seed_reminder_town
) -> None:
    seed_reminder_town(fresh_database_url, 1)
    result = run_cli("due", "--on", "2026-03-02")
    assert result.exit_code == 0, result.output
    assert "- 责任人0 <owner0@town.example>【每日提醒】" in result.output
    assert "蓝色  即将到期  任务" in result.output and "【每周汇总】" in result.output
    assert not any(word in result.output for word in ("daily", "weekly", "due_soon", "blue"))
