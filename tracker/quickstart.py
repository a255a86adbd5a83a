"""`tracker quickstart`: the product on the embedded default, with demo people and a demo plan, served
at once.

Upgrades the SQLite database under `var/`, adds the demo units and one demo user per role, imports and
confirms the demo plan (a fictional town's report, `tracker.demo.plan`), prints its tasks and the
logins, then serves the site with gunicorn on the embedded default. Running it again changes nothing
and serves again.
"""

from __future__ import annotations

import os
import sys

import click

from tracker.cli import Runtime, pass_runtime
from tracker.demo.people import DEMO_PASSWORD, ensure_demo_people
from tracker.demo.plan import describe_tasks, ensure_demo_plan
from tracker.plans.parsing import OwnerKeywords


def print_logins(base_url: str, people: list) -> None:  # type: ignore[type-arg]
    from tracker.accounts.directory import ROLE_WORDS

    click.echo(f"\n落实 Luoshi 已启动：{base_url}")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for person in people:
        click.echo(f"  {ROLE_WORDS[person.role]:<12} {person.username:<14} {person.display_name}")


@click.command("quickstart")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--serve/--no-serve", default=True, help="初始化后是否启动网站")
@pass_runtime
def quickstart(runtime: Runtime, host: str, port: int, serve: bool) -> None:
    """初始化数据库、演示账号与示例计划（导入并确认），并在本机启动网站。"""
    from tracker.migrate import upgrade

    runtime.database  # noqa: B018  (creates var/ for the SQLite default)
    upgrade(runtime.settings.database_url)
    with runtime.unit_of_work() as session:
        people = ensure_demo_people(session)
        plan = ensure_demo_plan(session, OwnerKeywords.load(runtime.settings.owner_keywords))
        tasks = describe_tasks(session, plan)
    click.echo("\n".join(tasks))
    print_logins(f"http://{host}:{port}", people)
    if serve:
        sys.stdout.flush()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{host}:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "tracker.web:create_app()",
        ]
        os.execv(sys.executable, command)
