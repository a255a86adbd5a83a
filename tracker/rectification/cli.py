"""`tracker rectification list|record`: the 整改 of last year's shortcomings from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from sqlalchemy import select

from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.clock import today
from tracker.errors import RuleError
from tracker.plans.models import RECTIFICATION_WORDS, Plan, PlanStatus, Shortcoming
from tracker.rectification.service import (
    Rectification,
    attach_rectification_evidence,
    parse_state,
    record_rectification,
)
from tracker.tasks.evidence import Upload, evidence_store


@click.group("rectification")
def rectification() -> None:
    """问题整改：上年度查摆问题的整改措施、状态、日期和佐证材料。"""


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"日期「{value}」无效（格式：2026-06-30）。") from None


@rectification.command("list")
@click.option("--year", type=int, required=True, help="计划年度，例如 2026。")
@pass_runtime
def list_shortcomings(runtime: Runtime, year: int) -> None:
    """列出该年度已确认计划的查摆问题及整改情况。"""
    with runtime.unit_of_work() as session:
        rows = session.scalars(
            select(Shortcoming)
            .join(Plan, Plan.id == Shortcoming.plan_id)
            .where(Plan.year == year, Plan.status == PlanStatus.CONFIRMED)
            .order_by(Shortcoming.plan_id, Shortcoming.position, Shortcoming.id)
        ).all()
        if not rows:
            click.echo(f"{year}年度已确认的计划中没有查摆问题。", err=True)
        for short in rows:
            when = short.rectification_date.isoformat() if short.rectification_date else "—"
            click.echo(f"#{short.id} [{RECTIFICATION_WORDS[short.rectification_state]}] {short.text}")
            click.echo(f"    整改措施：{short.rectification_measures or '—'}；日期：{when}")


@rectification.command("record")
@click.argument("shortcoming_id", type=int)
@click.option("--state", required=True, help="未整改、整改中或已整改。")
@click.option("--measures", default="", help="整改措施。")
@click.option("--date", "on", default=None, help="已整改：完成日期；整改中：开始日期（2026-06-30）。")
@click.option("--cause", default="", help="尚未整改到位的原因。")
@click.option("--area", type=int, default=None, help="所属方面：计划事项编号（一是、二是……）。")
@click.option(
    "--evidence",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="佐证材料文件，可多次指定。",
)
@pass_runtime
def record(
    runtime: Runtime,
    shortcoming_id: int,
    state: str,
    measures: str,
    on: str | None,
    cause: str,
    area: int | None,
    files: tuple[Path, ...],
) -> None:
    """登记一个问题的整改情况（和佐证材料）。"""
    settings = runtime.settings
    try:
        with runtime.unit_of_work() as session:
            short = session.get(Shortcoming, shortcoming_id)
            if short is None:
                raise UserError(f"没有编号为 {shortcoming_id} 的查摆问题。")
            given = Rectification(parse_state(state), measures, _day(on), cause, area)
            record_rectification(session, short, given, by=OPERATOR, today=today(settings))
            if files:
                uploads = [Upload(path.name, path.read_bytes()) for path in files]
                attach_rectification_evidence(
                    session,
                    evidence_store(settings),
                    short,
                    uploads,
                    by=OPERATOR,
                    max_bytes=settings.max_upload_mb * 1024 * 1024,
                )
            word = RECTIFICATION_WORDS[short.rectification_state]
    except RuleError as refusal:
        raise UserError(refusal.message) from refusal
    click.echo(f"已登记问题 #{shortcoming_id} 的整改情况：{word}。", err=True)
