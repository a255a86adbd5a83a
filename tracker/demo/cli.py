"""`tracker demo remove`: the shipped demo out of a site that now works for real (`tracker.demo.removal`);
`tracker demo county`: the demo county with three towns (`tracker.demo.county`), on request only.

It prints what it would do and asks before doing it (`--yes` for scripts); a refusal prints
`错误：…` with every piece of real work a demo account still answers for, and changes nothing.
"""

from __future__ import annotations

import click

from tracker.accounts.directory import ROLE_WORDS
from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.clock import today
from tracker.demo.county import DEMO_COUNTY, ensure_demo_county
from tracker.demo.people import DEMO_PASSWORD
from tracker.demo.removal import DemoRemovalRefused, preview_removal, remove_demo
from tracker.tasks.evidence import evidence_store


@click.group("demo")
def demo() -> None:
    """演示数据（青禾镇演示计划和演示账号）。"""


@demo.command("remove")
@click.option("--yes", is_flag=True, help="不再询问，直接移除。")
@pass_runtime
def remove_command(runtime: Runtime, yes: bool) -> None:
    """移除演示计划、演示账号及其记录（真实工作不受影响）。"""
    with runtime.unit_of_work() as session:
        preview = preview_removal(session)
        for line in preview.lines() if not preview.empty else []:
            click.echo(line)
        if not yes and not preview.empty and not preview.blockers:
            click.confirm("确认移除以上演示数据？", abort=True)
        try:
            done = remove_demo(session, by=OPERATOR)
        except DemoRemovalRefused as error:
            raise UserError(error.message) from error
        click.echo(
            f"已移除演示数据：{len(done.plans)} 个计划、{done.tasks} 项任务、{len(done.people)} 个演示账号。"
        )


@demo.command("county")
@pass_runtime
def county_command(runtime: Runtime) -> None:
    """建立演示县（鹤溪县及其下属三个镇、人员、计划和进展），供体验县级功能；已存在则只列出账号。"""
    with runtime.unit_of_work() as session:
        logins = ensure_demo_county(session, evidence_store(runtime.settings), today(runtime.settings))
    click.echo(f"演示县 {DEMO_COUNTY}：下属三个镇，以下账号的密码均为 {DEMO_PASSWORD}")
    for login in logins:
        click.echo(
            f"  {login.organisation}\t{ROLE_WORDS[login.role]}\t{login.username}\t{login.display_name}"
        )
