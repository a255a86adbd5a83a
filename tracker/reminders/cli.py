"""`tracker reminders due|send --on YYYY-MM-DD`: preview or run a day's reminder cycle by hand."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click
from sqlalchemy import select

from tracker import calendar, clock
from tracker.accounts.models import User
from tracker.cli import CommandFailed, Runtime, UserError, pass_runtime
from tracker.reminders.compose import KIND_NAMES
from tracker.reminders.cycle import DayPlan, plan_day, run_cycle
from tracker.reminders.models import MAIL_KIND_WORDS
from tracker.reminders.notices import run_notices
from tracker.reminders.sending import send_pending


def _day(runtime: Runtime, value: str | None) -> date:
    """The day asked for; also arranges for the database to be closed when the command ends."""
    click.get_current_context().call_on_close(lambda: runtime.database.dispose())
    if value is None:
        return clock.today(runtime.settings)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise UserError(f"日期“{value}”无效，应为 YYYY-MM-DD，例如 2026-03-02。") from error


def _plan_json(plan: DayPlan) -> dict[str, Any]:
    return {
        "day": plan.day.isoformat(),
        "workday": plan.workday,
        "holiday": calendar.holiday_name(plan.day),
        "calendar": {
            "source": calendar.source(plan.day.year).value,
            "note": calendar.fallback_reason(plan.day.year),
        },
        "mails": [
            {
                "recipient": {**mail.payload["recipient"], "email": mail.to_address},
                "kind": mail.kind.value,
                **({"items": mail.payload["items"]} if "items" in mail.payload else {}),
                **({"totals": mail.payload["totals"]} if "totals" in mail.payload else {}),
            }
            for mail in plan.mails
        ],
    }


def _calendar_note(day: date) -> list[str]:
    """The fallback said out loud: a year in view on `day` whose holiday schedule is unknown."""
    reasons = (calendar.fallback_reason(year) for year in calendar.years_in_view(day))
    return [f"注意：{reason}" for reason in reasons if reason]


COLOUR_WORDS = {"red": "红色", "orange": "橙色", "blue": "蓝色", "notice": "通知"}


def _plan_text(plan: DayPlan) -> str:
    if not plan.workday:
        closed = f"{plan.day} 不是工作日（{calendar.holiday_name(plan.day) or '休息日'}），不发送提醒。"
        return "\n".join([*_calendar_note(plan.day), closed])
    lines = [*_calendar_note(plan.day), f"{plan.day}：{len(plan.mails)} 封邮件"]
    for mail in plan.mails:
        recipient = mail.payload["recipient"]
        address = mail.to_address or "无邮箱，不发送"
        lines.append(f"- {recipient['name']} <{address}>【{MAIL_KIND_WORDS[mail.kind]}】")
        for item in mail.payload.get("items", []):
            colour, kind = COLOUR_WORDS[item["colour"]], KIND_NAMES[item["kind"]]
            lines.append(f"    {colour}  {kind}  任务 {item['task_id']}：{item['title']}")
    return "\n".join(lines)


def _names(runtime: Runtime, user_ids: tuple[int, ...]) -> str:
    """The people a cycle could not mail, by name (the log has their ids)."""
    with runtime.database.unit_of_work() as session:
        found = session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
        names = {user_id: name for user_id, name in found}
    return "、".join(names.get(user_id, f"用户 {user_id}") for user_id in user_ids)


@click.group("reminders")
def reminders() -> None:
    """提醒与督办邮件：预览或立即执行某一天的提醒。"""


@reminders.command("due")
@click.option("--on", "on", metavar="YYYY-MM-DD", help="哪一天（默认今天，受 TRACKER_TODAY 影响）")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_runtime
def due(runtime: Runtime, on: str | None, output: str) -> None:
    """列出当天将发送的提醒（收件人、类别、任务），不发送、不写入。"""
    day = _day(runtime, on)
    with runtime.database.unit_of_work() as session:
        plan = plan_day(session, runtime.settings, day)
        session.rollback()
    if output == "json":
        click.echo(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
    else:
        click.echo(_plan_text(plan))


@reminders.command("send")
@click.option("--on", "on", metavar="YYYY-MM-DD", help="哪一天（默认今天，受 TRACKER_TODAY 影响）")
@pass_runtime
def send(runtime: Runtime, on: str | None) -> None:
    """立即执行当天的提醒（同一天只决定一次）和此后的延期申请通知：写入发件箱并发送。"""
    day = _day(runtime, on)
    with runtime.unit_of_work() as session:
        outcome = run_cycle(session, runtime.settings, day)
    with runtime.unit_of_work() as session:  # after the digest has committed, as beat runs them
        notices = run_notices(session, runtime.settings, day)
    for note in _calendar_note(day):
        click.echo(note)
    if not outcome.ran:
        reasons = {"not a working day": "不是工作日，不发送提醒", "already decided": "当天的提醒已经决定过"}
        click.echo(f"{day}：{reasons.get(outcome.reason, outcome.reason)}。")
    else:
        click.echo(f"{day}：新增 {outcome.deliveries} 封待发邮件。")
    if notices.deliveries:
        click.echo(f"{day}：新增 {notices.deliveries} 封延期申请通知。")
    without_address = tuple(dict.fromkeys((*outcome.without_address, *notices.without_address)))
    if without_address:
        names = _names(runtime, without_address)
        click.echo(f"未发送：{names}没有邮箱，请在“管理 › 用户”中填写。")
    report = send_pending(runtime.database, runtime.settings)
    click.echo(f"已发送 {report.sent} 封，待重试 {report.retried} 封，失败 {report.failed} 封。")
    if report.server_down:
        raise CommandFailed("邮件服务器暂时无法连接，未发出的邮件将按退避间隔自动重试。")
