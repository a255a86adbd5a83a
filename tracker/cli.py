"""The `tracker` command: one group, with a sub-group per feature defined in that feature's `cli.py`.

Each command that changes data runs in one transaction (`Runtime.unit_of_work`) and is recorded in the
audit trail as `cli:<OS user>`, so nothing is half-written when a command fails.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

import click
from sqlalchemy.orm import Session

from tracker.accounts.models import Role
from tracker.audit import Actor, acting_as
from tracker.cli_chinese import ChineseGroup
from tracker.clock import following
from tracker.config import Settings, UnsafeSettings
from tracker.db import Database
from tracker.errors import RuleError
from tracker.logs import configure_logging


class Runtime:
    """What a command needs: the settings, and the database opened on first use only."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def database(self) -> Database:
        try:
            self.settings.refuse_unsafe()
        except UnsafeSettings as error:
            raise UserError(str(error)) from None
        if self.settings.database_url.startswith("sqlite:///"):
            self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        return Database(self.settings.database_url)

    def close(self) -> None:
        """Release the database connections, if any were opened (called when the command ends)."""
        if "database" in self.__dict__:
            self.database.dispose()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with acting_as(Actor(f"cli:{getpass.getuser()}")), self.database.unit_of_work() as session:
            yield session


pass_runtime = click.make_pass_decorator(Runtime)


@dataclass(frozen=True)
class Operator:
    """Whoever runs the `tracker` command on the server, trusted as a coordinator (shell access is
    an administrator's); the audit trail names them `cli:<OS user>`. A `Person` to the services."""

    id: int | None = None
    role: Role = Role.COORDINATOR
    department_id: int | None = None
    organisation_id: int | None = None
    """Of no organisation: the operator sees every one (`tracker.organisations.scope`)."""


OPERATOR = Operator()


class CommandFailed(click.ClickException):
    """A command that could not do its work (a server down…): printed as `错误：…`, exit status 1."""

    def format_message(self) -> str:
        return f"错误：{self.message}"

    def show(self, file: IO[str] | None = None) -> None:
        """Only `错误：…` (click would put its English "Error: " in front)."""
        click.echo(self.format_message(), file=file, err=file is None)


class UserError(CommandFailed):
    """A problem with what the user gave us: printed as `错误：…` with exit status 2."""

    exit_code = 2


@click.group(cls=ChineseGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """落实 Luoshi: 年度法治政府建设计划的任务跟踪、提醒与报告。"""
    settings = Settings.from_env()
    configure_logging(settings.log_level or "WARNING")
    ctx.with_resource(following(settings))  # every stamp a command writes is on the installation's clock
    ctx.obj = Runtime(settings)
    ctx.call_on_close(ctx.obj.close)


@main.group()
def db() -> None:
    """数据库：迁移。"""


@db.command("upgrade")
@pass_runtime
def db_upgrade(runtime: Runtime) -> None:
    """将数据库升级到最新结构。"""
    from tracker.migrate import upgrade

    runtime.database  # noqa: B018  (creates var/ for the SQLite default)
    upgrade(runtime.settings.database_url)
    click.echo("数据库已是最新结构。")


@db.command("revision")
@click.option("-m", "--message", required=True)
@pass_runtime
def db_revision(runtime: Runtime, message: str) -> None:
    """从模型差异生成新的迁移脚本（需人工审阅）。"""
    from tracker.migrate import revision

    revision(runtime.settings.database_url, message)


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_runtime
def backup(runtime: Runtime, file: Path) -> None:
    """备份数据库、佐证材料、报告草稿等全部记录到一个归档文件（可在系统运行时进行）。"""
    from tracker.backup import make_backup

    try:
        report = make_backup(runtime.settings, runtime.database, file)
    except RuleError as error:
        raise UserError(error.message) from None
    counts = report.counts
    click.echo(
        f"已备份到 {report.path}：{report.backend} 数据库（任务 {counts['tasks']} 项、进展 "
        f"{counts['progress_entries']} 条、佐证材料 {counts['evidence']} 份）与 {report.files} 个文件。"
    )


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def restore(runtime: Runtime, file: Path) -> None:
    """把 tracker backup 生成的归档恢复到一个空的安装（新的数据库与 TRACKER_VAR_DIR）。"""
    from tracker.backup import restore_backup

    try:
        report = restore_backup(runtime.settings, runtime.database, file)
    except RuleError as error:
        raise UserError(error.message) from None
    counts = report.counts
    click.echo(
        f"已恢复：任务 {counts['tasks']} 项、进展 {counts['progress_entries']} 条、佐证材料 "
        f"{counts['evidence']} 份，文件 {report.files} 个；数据库结构已升级到当前版本。"
    )


def _register_feature_commands() -> None:
    """Each feature's command group, imported here so that `tracker --help` lists them all."""
    from tracker.accounts.cli import dept_group, user_group
    from tracker.demo.cli import demo
    from tracker.duties.cli import duty
    from tracker.health.cli import health
    from tracker.holidays.cli import holidays
    from tracker.organisations.cli import org_group
    from tracker.plans.cli import plan
    from tracker.quickstart import quickstart
    from tracker.rectification.cli import rectification
    from tracker.reminders.cli import reminders
    from tracker.reports.cli import plan_rollover, report

    commands = (
        plan,
        reminders,
        user_group,
        dept_group,
        quickstart,
        report,
        health,
        rectification,
        duty,
        demo,
    )
    for command in (*commands, holidays, org_group):
        main.add_command(command)
    plan.add_command(plan_rollover)


_register_feature_commands()
