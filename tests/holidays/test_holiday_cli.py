"""`tracker holidays show|set|remove` and what `tracker reminders due` says about an unknown year."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.holidays.notices import NOTICE_2027
from tracker.audit import AuditEvent
from tracker.cli import Runtime, main
from tracker.config import Settings
from tracker.db import Database


@pytest.fixture
def run(settings: Settings, database: Database, monkeypatch):  # type: ignore[no-untyped-def]
    """`tracker …` on the test's database (its commits are savepoints, rolled back afterwards). The
    reminder commands dispose of their database when they end: here that is the suite's engine,
    which must stay."""
    runtime = Runtime(settings)
    runtime.__dict__["database"] = database
    monkeypatch.setattr(database, "dispose", lambda: None)

    def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        command = main.commands[args[0]]
        return CliRunner().invoke(command, list(args[1:]), obj=runtime, input=stdin)

    return invoke


def test_show_names_each_years_source_and_why_a_year_counts_monday_to_friday(run) -> None:  # type: ignore[no-untyped-def]
    result = run("holidays", "show")
    assert result.exit_code == 0, result.output
    assert "2026年：官方安排（chinesecalendar" in result.output
    assert "2027年：未知，按周一至周五计算" in result.output
    assert "注意：2027年的法定节假日和调休安排尚未录入（所用的 chinesecalendar" in result.output


def test_set_enters_a_year_from_a_file_and_the_reminders_follow_it(run, tmp_path: Path, session) -> None:  # type: ignore[no-untyped-def]
    before = run("reminders", "due", "--on", "2027-01-01")
    assert "注意：2027年的法定节假日和调休安排尚未录入" in before.output
    assert "2027-01-01：" in before.output  # a working day, by the fallback
    notice = tmp_path / "2027.txt"
    notice.write_text("国务院办公厅通知\n" + NOTICE_2027, encoding="utf-8")
    result = run("holidays", "set", "2027", "--notice", "国办发明电〔2026〕X号", "--file", str(notice))
    assert result.exit_code == 0, result.output
    assert "- 春节：2027-02-05 至 2027-02-13 放假 9 天；2027-02-20 上班" in result.output
    assert "共放假 29 天，调休上班 5 天。" in result.output
    assert "未读取（不是节日安排）：国务院办公厅通知" in result.output
    after = run("reminders", "due", "--on", "2027-01-01")
    assert "2027-01-01 不是工作日（元旦），不发送提醒。" in after.output and "注意" not in after.output
    shown = run("holidays", "show", "--year", "2027")
    assert "2027年：人工录入（国办发明电〔2026〕X号；系统录入）" in shown.output
    assert "2027-02-20 周六 调休上班 春节" in shown.output
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "holidays.entered")).one()
    assert event.actor_label.startswith("cli:")


def test_a_wrong_notice_is_refused_with_every_problem_and_nothing_saved(run) -> None:  # type: ignore[no-untyped-def]
    wrong = NOTICE_2027.replace("共9天", "共8天").replace("4月25日（周日）", "4月26日（周日）")
    result = run("holidays", "set", "2027", "--notice", "通知", stdin=wrong)
    assert result.exit_code == 2
    assert "错误：节假日安排未保存：" in result.output
    assert "- 第2行（春节）：原文写共8天，2月5日至2月13日是9天" in result.output
    assert "- 第4行（劳动节）：4月26日是周一，原文写的是周日：请核对年份和日期" in result.output
    assert "2027年：未知" in run("holidays", "show", "--year", "2027").output


def test_a_year_the_package_knows_is_refused_and_removal_needs_an_entry(run) -> None:  # type: ignore[no-untyped-def]
    known = run("holidays", "set", "2026", "--notice", "通知", stdin=NOTICE_2027)
    assert known.exit_code == 2 and "已包含2026年的官方安排，无需录入" in known.output
    far = run("holidays", "set", "2030", "--notice", "通知", stdin=NOTICE_2027)
    assert far.exit_code == 2 and "只能录入2025年至2027年的节假日安排" in far.output
    assert "2027年没有录入过节假日安排" in run("holidays", "remove", "2027").output
    assert run("holidays", "set", "2027", "--notice", "通知", stdin=NOTICE_2027).exit_code == 0
    removed = run("holidays", "remove", "2027")
    assert removed.exit_code == 0 and "改按周一至周五计算" in removed.output
