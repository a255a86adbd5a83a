"""`tracker duty list|add|remove`: the 第一责任人 履职 register from the command line."""

from __future__ import annotations

from datetime import date

import click

from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.clock import now, today
from tracker.duties.models import DUTY_KIND_WORDS, DutyRecord
from tracker.duties.service import add_duty, duties_of_year, parse_kind, remove_duty
from tracker.errors import RuleError
from tracker.organisations.cli import ORG_OPTION
from tracker.organisations.service import organisation_for_command


@click.group("duty")
def duty() -> None:
    """第一责任人履职登记：常务会议学法、专题研究、述法、督察及其他需要报告的情况。"""


@duty.command("list")
@click.option("--year", type=int, required=True, help="年度，例如 2026。")
@ORG_OPTION
@pass_runtime
def list_duties(runtime: Runtime, year: int, organisation: str | None) -> None:
    """列出该年度登记的事项。"""
    with runtime.unit_of_work() as session:
        try:
            organisation_id = organisation_for_command(session, organisation).id
        except RuleError as refusal:
            raise UserError(refusal.message) from None
        records = duties_of_year(session, organisation_id, year)
        if not records:
            click.echo(f"{year}年度尚未登记履职事项。", err=True)
        for record in records:
            click.echo(
                f"#{record.id} {record.held_on.isoformat()} [{DUTY_KIND_WORDS[record.kind]}] {record.text}"
            )


@duty.command("add")
@click.option("--date", "held_on", required=True, help="日期（2026-03-15）。")
@click.option("--kind", required=True, help=f"类别：{'、'.join(DUTY_KIND_WORDS.values())}。")
@click.option("--text", required=True, help="一句话写明事项。")
@ORG_OPTION
@pass_runtime
def add(runtime: Runtime, held_on: str, kind: str, text: str, organisation: str | None) -> None:
    """登记一项。"""
    try:
        day = date.fromisoformat(held_on)
    except ValueError:
        raise UserError(f"日期「{held_on}」无效（格式：2026-03-15）。") from None
    settings = runtime.settings
    try:
        with runtime.unit_of_work() as session:
            record = add_duty(
                session,
                organisation_id=organisation_for_command(session, organisation).id,
                held_on=day,
                kind=parse_kind(kind),
                text=text,
                by=OPERATOR,
                now=now(settings),
                today=today(settings),
            )
            record_id = record.id
    except RuleError as refusal:
        raise UserError(refusal.message) from refusal
    click.echo(record_id)


@duty.command("remove")
@click.argument("record_id", type=int)
@pass_runtime
def remove(runtime: Runtime, record_id: int) -> None:
    """删除一项。"""
    with runtime.unit_of_work() as session:
        record = session.get(DutyRecord, record_id)
        if record is None:
            raise UserError(f"没有编号为 {record_id} 的登记事项。")
        remove_duty(session, record, by=OPERATOR)
    click.echo(f"已删除登记事项 #{record_id}。", err=True)
