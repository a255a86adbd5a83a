"""`tracker plan parse|import|show|confirm|delete|archive|restore`: the plan from the command line.

`parse` needs no database. The others each run in one transaction: a refused document or plan prints
`错误：…` on stderr, exits non-zero, and stores nothing.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy.orm import Session

from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.errors import RuleError
from tracker.holidays.schedule import use_entered_schedules
from tracker.organisations.cli import ORG_OPTION
from tracker.organisations.service import organisation_for_command
from tracker.plans.errors import PlanError
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.lifecycle import archive_plan, delete_draft, restore_plan
from tracker.plans.models import Plan
from tracker.plans.parsing import MAX_DOCUMENT_BYTES, OwnerKeywords, parse_document
from tracker.plans.rendering import (
    notes_lines,
    owner_words,
    parsed_plan_text,
    stored_plan_text,
    timing_words,
)
from tracker.tasks.models import Task

log = logging.getLogger(__name__)


@contextmanager
def refused_as_user_errors() -> Iterator[None]:
    """A plan refused for a reason the person can fix becomes `错误：…`, with the detail in the log."""
    try:
        yield
    except PlanError as error:
        log.info("plan refused: %s", error.detail)
        raise UserError(error.message) from error
    except RuleError as error:  # e.g. --org left out where there are several organisations
        raise UserError(error.message) from error


def read_input(file: str) -> tuple[bytes, str]:
    """The bytes of FILE (or stdin for "-"), reading one byte past the limit so size is refused cheaply."""
    if file == "-":
        return sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1), "stdin.txt"
    path = Path(file)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_DOCUMENT_BYTES + 1), path.name
    except IsADirectoryError as error:
        raise UserError(f"{file} 是一个目录，不是文件。") from error
    except FileNotFoundError as error:
        raise UserError(f"找不到文件：{file}") from error
    except OSError as error:
        raise UserError(f"无法读取文件 {file}：{error.strerror}") from error


def owner_keywords(runtime: Runtime) -> OwnerKeywords:
    try:
        return OwnerKeywords.load(runtime.settings.owner_keywords)
    except ValueError as error:
        raise UserError(str(error)) from error


def load_plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise UserError(f"找不到计划 #{plan_id}。")
    return plan


@click.group("plan")
def plan() -> None:
    """计划：解析、导入、查看、确认、删除草稿、归档。"""


@plan.command("parse")
@click.argument("file")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "text"]), default="json", show_default=True
)
@click.option("--year", type=int, help="计划年度（默认从文中识别）。")
@pass_runtime
def parse_command(runtime: Runtime, file: str, output_format: str, year: int | None) -> None:
    """解析计划文档（.txt/.docx/.xlsx/.pdf，- 表示标准输入），不写数据库。"""
    data, name = read_input(file)
    with refused_as_user_errors():
        parsed = parse_document(data, name, plan_year=year, owner_keywords=owner_keywords(runtime))
    if output_format == "json":
        click.echo(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2))
        for line in notes_lines(parsed):  # the JSON holds them too; a person at the terminal sees them
            click.echo(line, err=True)
    else:
        click.echo(parsed_plan_text(parsed))


@plan.command("import")
@click.argument("file")
@click.option("--year", type=int, help="计划年度（默认从文中识别）。")
@ORG_OPTION
@pass_runtime
def import_command(runtime: Runtime, file: str, year: int | None, organisation: str | None) -> None:
    """导入计划文档为草稿，输出计划编号。"""
    data, name = read_input(file)
    keywords = owner_keywords(runtime)
    with runtime.unit_of_work() as session, refused_as_user_errors():
        use_entered_schedules(session)
        organisation_id = organisation_for_command(session, organisation).id
        imported = import_plan(
            session,
            organisation_id=organisation_id,
            data=data,
            filename=name,
            plan_year=year,
            owner_keywords=keywords,
        )
        click.echo(imported.id)
        summary = f"已导入计划 #{imported.id}「{imported.title}」，共 {len(imported.items)} 个事项（草稿）。"
        click.echo(summary, err=True)
        for line in notes_lines(imported):
            click.echo(line, err=True)


@plan.command("show")
@click.argument("plan_id", type=int)
@pass_runtime
def show_command(runtime: Runtime, plan_id: int) -> None:
    """显示计划的事项、责任单位、时限、基线与问题短板。"""
    with runtime.unit_of_work() as session:
        click.echo(stored_plan_text(load_plan(session, plan_id)))


def task_line(task: Task) -> str:
    item = task.plan_item
    return f"任务 #{task.id} {task.title}  {owner_words(item)}；时限：{timing_words(item, task.recurrence)}"


@plan.command("confirm")
@click.argument("plan_id", type=int)
@pass_runtime
def confirm_command(runtime: Runtime, plan_id: int) -> None:
    """确认计划：每个末级事项生成一项任务。"""
    with runtime.unit_of_work() as session, refused_as_user_errors():
        tasks = confirm_plan(session, load_plan(session, plan_id))
        click.echo(f"计划 #{plan_id} 已确认，生成 {len(tasks)} 项任务：")
        for task in tasks:
            click.echo("  " + task_line(task))


@plan.command("delete")
@click.argument("plan_id", type=int)
@pass_runtime
def delete_command(runtime: Runtime, plan_id: int) -> None:
    """删除草稿计划（已确认的计划不能删除，可以归档）。"""
    with runtime.unit_of_work() as session, refused_as_user_errors():
        title = delete_draft(session, load_plan(session, plan_id), by=OPERATOR)
        click.echo(f"已删除草稿计划 #{plan_id}「{title}」。")


@plan.command("archive")
@click.argument("plan_id", type=int)
@pass_runtime
def archive_command(runtime: Runtime, plan_id: int) -> None:
    """归档已确认的计划：任务离开看板、待办和提醒，台账和任务页仍可查阅。"""
    with runtime.unit_of_work() as session, refused_as_user_errors():
        found = load_plan(session, plan_id)
        archive_plan(session, found, by=OPERATOR)
        click.echo(f"已归档计划 #{plan_id}「{found.title}」：其任务不再出现在看板、待办和提醒中。")


@plan.command("restore")
@click.argument("plan_id", type=int)
@pass_runtime
def restore_command(runtime: Runtime, plan_id: int) -> None:
    """取消归档：计划的任务重新出现在看板、待办和提醒中。"""
    with runtime.unit_of_work() as session, refused_as_user_errors():
        found = load_plan(session, plan_id)
        restore_plan(session, found, by=OPERATOR)
        click.echo(f"已取消归档计划 #{plan_id}「{found.title}」。")
