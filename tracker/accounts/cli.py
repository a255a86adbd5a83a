"""`tracker user add` and `tracker dept add`: set up people and units from the command line."""

from __future__ import annotations

import click

from tracker.accounts.directory import (
    UserDetails,
    add_department,
    add_user,
    department_named,
    email_note,
    user_named,
)
from tracker.accounts.models import Role
from tracker.cli import Runtime, UserError, pass_runtime
from tracker.errors import RuleError
from tracker.organisations.cli import ORG_OPTION
from tracker.organisations.service import organisation_for_command


@click.group("user")
def user_group() -> None:
    """用户：添加账号。"""


@user_group.command("add")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="姓名")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.OWNER.value, show_default=True
)
@click.option("--dept", "department", help="所在单位名称")
@click.option("--email")
@click.option("--principal", is_flag=True, help="主要负责人（党委书记/镇长）")
@ORG_OPTION
@click.password_option("--password", help="密码（至少 8 位）")
@pass_runtime
def user_add(
    runtime: Runtime,
    username: str,
    display_name: str,
    role: str,
    department: str | None,
    email: str | None,
    principal: bool,
    organisation: str | None,
    password: str,
) -> None:
    """添加一个用户。"""
    try:
        with runtime.unit_of_work() as session:
            organisation_id = organisation_for_command(session, organisation).id
            department_id = department_named(session, organisation_id, department).id if department else None
            details = UserDetails(username, display_name, Role(role), department_id, email, principal)
            user = add_user(session, organisation_id, details, password)
            click.echo(f"已添加用户 {user.username}（{user.display_name}），编号 {user.id}。")
            note = email_note(email, user)
            if note:
                click.echo(note)
    except RuleError as error:
        raise UserError(error.message) from None


@click.group("dept")
def dept_group() -> None:
    """单位：添加责任单位。"""


@dept_group.command("add")
@click.argument("name")
@click.option("--leader", help="分管领导的用户名")
@ORG_OPTION
@pass_runtime
def dept_add(runtime: Runtime, name: str, leader: str | None, organisation: str | None) -> None:
    """添加一个责任单位，可指定分管领导。"""
    try:
        with runtime.unit_of_work() as session:
            organisation_id = organisation_for_command(session, organisation).id
            supervisor = user_named(session, leader) if leader else None
            department = add_department(session, organisation_id, name, supervisor)
            click.echo(f"已添加单位 {department.name}，编号 {department.id}。")
    except RuleError as error:
        raise UserError(error.message) from None
