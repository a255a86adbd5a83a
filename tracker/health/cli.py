"""`tracker health`: the `/healthz` verdict from the command line (container healthchecks, cron)."""

from __future__ import annotations

import json
import sys

import click

from tracker.cli import Runtime, pass_runtime
from tracker.health.checks import PARTS, check_health


@click.command("health")
@click.option(
    "--part",
    "parts",
    multiple=True,
    type=click.Choice(PARTS),
    help="只检查这些部分（可重复；默认全部）",
)
@pass_runtime
def health(runtime: Runtime, parts: tuple[str, ...]) -> None:
    """检查数据库、消息队列、定时任务（beat）与后台任务（worker）是否正常；异常时退出码为 1。"""
    report = check_health(runtime.database, runtime.settings.broker_url, parts or PARTS)
    click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    if not report.ok:
        sys.exit(1)
