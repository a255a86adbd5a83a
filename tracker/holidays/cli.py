"""`tracker holidays show|set|remove`: where each year's working days come from, and entering a
year's schedule from the State Council's notice (the same service as `/admin/holidays`)."""

from __future__ import annotations

from typing import TextIO

import click

from tracker import clock
from tracker.calendar import Source
from tracker.cli import Runtime, UserError, pass_runtime
from tracker.errors import RuleError
from tracker.holidays.schedule import (
    NoticeRefused,
    YearStatus,
    enter_year,
    enterable_years,
    remove_year,
    use_entered_schedules,
    year_statuses,
)


@click.group("holidays")
def holidays() -> None:
    """节假日安排：查看各年度工作日的来源，录入 chinesecalendar 尚未包含的年份。"""


def _describe(status: YearStatus) -> list[str]:
    lines = [status.summary]
    if status.source == Source.FALLBACK and status.reason:
        lines.append(f"  注意：{status.reason}")
    if status.source == Source.ENTERED and status.entry is not None:
        for day in status.entry.days:
            kind = "放假" if day.kind == "off" else "调休上班"
            weekday = "一二三四五六日"[day.day.weekday()]
            lines.append(f"  {day.day.isoformat()} 周{weekday} {kind} {day.holiday}")
    return lines


@holidays.command("show")
@click.option("--year", type=int, help="只看这一年（默认：去年、今年和明年）")
@pass_runtime
def show(runtime: Runtime, year: int | None) -> None:
    """列出各年度工作日的来源：官方安排、人工录入，或按周一至周五计算（并说明原因）。"""
    today = clock.today(runtime.settings)
    years = range(year, year + 1) if year else enterable_years(today)
    with runtime.unit_of_work() as session:
        use_entered_schedules(session)
        for status in year_statuses(session, years):
            click.echo("\n".join(_describe(status)))


@holidays.command("set")
@click.argument("year", type=int)
@click.option("--notice", "notice_name", required=True, help="通知名称或文号")
@click.option(
    "--file",
    "source",
    type=click.File("r", encoding="utf-8"),
    default="-",
    help="通知文字（UTF-8 文本，每个节日一行）；不给则从标准输入读取",
)
@pass_runtime
def set_year(runtime: Runtime, year: int, notice_name: str, source: TextIO) -> None:
    """按国务院办公厅的通知录入 YEAR 年的放假和调休安排（替换以前录入的）。"""
    try:
        text = source.read()
    except UnicodeDecodeError:
        raise UserError("通知文字须为 UTF-8 编码的文本。") from None
    now = clock.now(runtime.settings)
    try:
        with runtime.unit_of_work() as session:
            notice = enter_year(session, year, text, notice_name, by=None, now=now)
    except NoticeRefused as refused:
        problems = "\n".join(f"- {problem}" for problem in refused.notice.problems)
        raise UserError(f"节假日安排未保存：\n{problems}") from None
    except RuleError as error:  # the year or the notice's name
        raise UserError(error.message) from None
    schedule = notice.schedule()
    click.echo(f"已保存{year}年节假日安排（{notice_name}）：")
    for holiday in notice.holidays:
        work = "、".join(day.isoformat() for day in holiday.work)
        span = f"{holiday.first.isoformat()} 至 {holiday.last.isoformat()}"
        work = f"；{work} 上班" if work else ""
        click.echo(f"- {holiday.name}：{span} 放假 {len(holiday.days_off)} 天{work}")
    click.echo(f"共放假 {len(schedule.off)} 天，调休上班 {len(schedule.work)} 天。")
    for line in notice.unread:
        click.echo(f"未读取（不是节日安排）：{line}")


@holidays.command("remove")
@click.argument("year", type=int)
@pass_runtime
def remove(runtime: Runtime, year: int) -> None:
    """删除 YEAR 年录入的安排（该年的工作日改按周一至周五计算）。"""
    try:
        with runtime.unit_of_work() as session:
            remove_year(session, year)
    except RuleError as error:
        raise UserError(error.message) from None
    click.echo(f"已删除{year}年录入的节假日安排，{year}年的工作日改按周一至周五计算。")
