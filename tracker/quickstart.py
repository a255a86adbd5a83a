"""`tracker quickstart`: the whole product on the embedded default, with demo people and a demo plan.

Upgrades the SQLite database under `var/`, adds the demo units and one demo user per role, imports and
confirms the demo plan (a fictional town's report, `tracker.demo.plan`) with a year of records on it
(`tracker.demo.records`), prints its tasks and the
logins, then runs web (gunicorn), worker and beat under one supervisor (`tracker.supervisor`) on
SQLite, kombu's SQLAlchemy broker (`var/broker.db`) and the file outbox (`var/outbox/`). Ctrl-C stops
all three; running it again keeps the data and serves again. Once a coordinator has removed the demo
(`tracker demo remove`), it is never set up again.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from tracker.cli import Runtime, UserError, pass_runtime
from tracker.cli_chinese import display_width
from tracker.clock import start_trial_clock, today
from tracker.config import PROJECT_ROOT, SECRET_KEY_FILE
from tracker.demo.people import DEMO_PASSWORD, ensure_demo_people
from tracker.demo.plan import describe_tasks, ensure_demo_plan
from tracker.demo.records import ensure_demo_year
from tracker.demo.removal import demo_was_removed
from tracker.errors import RuleError
from tracker.organisations.service import sole_organisation
from tracker.plans.parsing import OwnerKeywords
from tracker.supervisor import Supervisor
from tracker.tasks.evidence import evidence_store


def print_logins(base_url: str, people: list) -> None:  # type: ignore[type-arg]
    from tracker.accounts.directory import ROLE_WORDS

    click.echo(f"\n落实 Luoshi 已启动：{base_url}")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for person in people:
        click.echo(f"  {pad(ROLE_WORDS[person.role], 18)}{person.username:<14} {person.display_name}")


def pad(words: str, columns: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns (str.ljust counts one)."""
    return words + " " * max(columns - display_width(words), 1)


def embedded_commands(host: str, port: int) -> list[tuple[str, list[str]]]:
    """The three processes of the embedded default, the same programs compose.yaml runs.

    The worker uses the solo pool: one task at a time in the worker process itself, so the worker
    adds one SQLite writer, not one per CPU, and the web's writes do not queue behind a pool's.
    Mingle, gossip and worker heartbeats are broadcasts the SQLAlchemy broker cannot carry.
    """
    python = sys.executable
    return [
        (
            "web",
            [
                *(python, "-m", "gunicorn", "--config", "python:tracker.web.gunicorn_config"),
                *("--bind", f"{host}:{port}", "--workers", "2", "tracker.web:create_app()"),
            ],
        ),
        (
            "worker",
            [
                *(python, "-m", "celery", "-A", "workers", "worker", "--pool", "solo"),
                *("--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel", "INFO"),
            ],
        ),
        ("beat", [python, "-m", "celery", "-A", "workers", "beat", "--loglevel", "INFO"]),
    ]


def install_secret_key(var_dir: Path) -> None:
    """Give this installation a signing key of its own in `var/secret_key` (owner-only), once.

    The built-in default key is public; the embedded default may use it, but a site reachable from
    the town's network (`--host 0.0.0.0`) would then accept forged sessions. Every process of the
    embedded default reads the file when `TRACKER_SECRET_KEY` is unset (`Settings.from_env`), so web,
    worker, beat and commands agree, and running it again signs nobody out."""
    path = var_dir / SECRET_KEY_FILE
    if path.exists():
        return
    var_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(48))


def prepare_embedded_broker(broker_url: str) -> None:
    """Create the SQLAlchemy broker's tables and queue once, before two processes race to."""
    from kombu import Connection

    with Connection(broker_url) as connection:
        connection.default_channel.queue_declare(queue="celery", durable=True, auto_delete=False)


@click.command("quickstart")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--serve/--no-serve", default=True, help="初始化后是否启动网站、后台任务与定时任务")
@pass_runtime
def quickstart(runtime: Runtime, host: str, port: int, serve: bool) -> None:
    """初始化数据库、演示账号与示例计划（导入并确认），并在本机启动网站、后台任务（worker）与定时任务（beat）。

    按 Ctrl-C 一并停止；再次运行保留已有数据。
    """
    from tracker.migrate import upgrade

    start_trial_clock(runtime.settings)  # a trial clock (TRACKER_TODAY=…T08:59:40) begins again
    runtime.database  # noqa: B018  (creates var/ for the SQLite default)
    upgrade(runtime.settings.database_url)
    if runtime.settings.embedded:
        install_secret_key(runtime.settings.var_dir)
    with runtime.unit_of_work() as session:
        removed = demo_was_removed(session)  # once removed, the demo is never set up again
        if not removed:
            try:
                home = sole_organisation(session).id  # the embedded default is one town
            except RuleError as error:
                raise UserError(error.message) from None
            people = ensure_demo_people(session, home)
            plan = ensure_demo_plan(session, home, OwnerKeywords.load(runtime.settings.owner_keywords))
            ensure_demo_year(session, plan, evidence_store(runtime.settings), today(runtime.settings))
            click.echo("\n".join(describe_tasks(session, plan)))
    base_url = f"http://{host}:{port}"
    if removed:
        click.echo(f"\n落实 Luoshi 已启动：{base_url}\n演示数据已移除（tracker demo remove），不再创建。")
    else:
        print_logins(base_url, people)
        click.echo("正式使用后可移除演示数据：tracker demo remove（或“管理 › 演示数据”）。")
    if not serve:
        return
    click.echo("按 Ctrl-C 停止。\n", nl=False)
    sys.stdout.flush()
    runtime.close()
    if runtime.settings.broker_url.startswith("sqla+"):
        prepare_embedded_broker(runtime.settings.broker_url)
    env = {**os.environ, "TRACKER_BASE_URL": os.environ.get("TRACKER_BASE_URL") or base_url}
    status = Supervisor(embedded_commands(host, port), env=env, cwd=str(PROJECT_ROOT)).run()
    sys.exit(status)
