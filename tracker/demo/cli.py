"""`tracker demo remove`: the shipped demo out of a site that now works for real (`tracker.demo.removal`).

It prints what it would do and asks before doing it (`--yes` for scripts); a refusal prints
`错误：…` with every piece of real work a demo account still answers for, and changes nothing.
"""

from __future__ import annotations

import click

from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.demo.removal import DemoRemovalRefused, preview_removal, remove_demo


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
