"""`tracker report draft --year 2026 --format md|docx -o FILE`: the year's report draft, made at once;
and `tracker plan rollover --from 2026`, which `tracker.cli` adds to the plan commands."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli import Runtime, UserError, pass_runtime
from tracker.clock import now, today
from tracker.errors import RuleError
from tracker.organisations.cli import ORG_OPTION
from tracker.organisations.service import organisation_for_command
from tracker.reports.loading import ReportError, plan_for_year
from tracker.reports.models import ReportFormat
from tracker.reports.rollover import roll_over
from tracker.reports.runs import make_report


@click.group("report")
def report() -> None:
    """年度报告：由全年进展生成下一年度报告草稿。"""


@report.command("draft")
@click.option("--year", type=int, required=True, help="计划年度，例如 2026。")
@click.option(
    "--format",
    "report_format",
    type=click.Choice([choice.value for choice in ReportFormat]),
    default="md",
    show_default=True,
    help="md（Markdown）或 docx（Word，按 GB/T 9704 排版）。",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="输出文件；Markdown 可用 - 输出到屏幕。",
)
@ORG_OPTION
@pass_runtime
def draft(runtime: Runtime, year: int, report_format: str, output: Path, organisation: str | None) -> None:
    """生成报告草稿（主要举措和成效、第一责任人职责、存在的不足和原因、下一年度主要安排、其他情况及附表），
    并列出预览页上的提示和待补充之处。"""
    chosen = ReportFormat(report_format)
    if str(output) == "-" and chosen is ReportFormat.DOCX:
        raise UserError("Word 文件不能输出到屏幕，请用 -o 指定文件名。")
    try:
        with runtime.unit_of_work() as session:
            organisation_id = organisation_for_command(session, organisation).id
            plan = plan_for_year(session, organisation_id, year)
            made = make_report(session, plan, chosen, now=now(runtime.settings))
    except (ReportError, RuleError) as error:  # no such plan, or --org left out where there are several
        raise UserError(str(error)) from error
    if str(output) == "-":
        click.echo(made.data.decode("utf-8"), nl=False)
    else:
        try:
            output.write_bytes(made.data)
        except OSError as error:
            raise UserError(f"无法写入文件 {output}：{error.strerror}") from error
        click.echo(f"已生成 {year} 年度报告草稿：{output}", err=True)
    for warning in made.draft.warnings:
        click.echo(f"提示：{warning}", err=True)
    if made.draft.gaps:
        click.echo(f"草稿中有 {len(made.draft.gaps)} 处【待补充】，提交前请补齐：", err=True)
        for missing in made.draft.gaps:
            click.echo(f"  {missing}", err=True)


@click.command("rollover")
@click.option("--from", "from_year", type=int, required=True, help="结转的计划年度，例如 2026。")
@ORG_OPTION
@pass_runtime
def plan_rollover(runtime: Runtime, from_year: int, organisation: str | None) -> None:
    """结转：由该年度未完成、常态化的任务和未整改的问题生成下一年度计划草稿，输出计划编号。"""
    try:
        with runtime.unit_of_work() as session:
            organisation_id = organisation_for_command(session, organisation).id
            plan = roll_over(
                session, organisation_id=organisation_id, from_year=from_year, as_of=today(runtime.settings)
            )
            plan_id, year, count = plan.id, plan.year, len(plan.items)
            carried = sum(item.carried_from_id is not None for item in plan.items)
            baselines, warnings = len(plan.baselines), list(plan.warnings)
    except (ReportError, RuleError) as error:
        raise UserError(str(error)) from error
    click.echo(plan_id)
    click.echo(
        f"已生成 {year} 年度计划草稿 #{plan_id}（{count} 个事项，其中 {carried} 个接续上年事项；"
        f"上年数据 {baselines} 项作为基线），请审核后确认。",
        err=True,
    )
    for warning in warnings:
        click.echo(f"提示：{warning}", err=True)
