"""`tracker org add`, `list`, `template` and `import`: set up a county and its towns from the command
line, one by one or from the provisioning workbook (`tracker.organisations.towns_workbook`)."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli import OPERATOR, Runtime, UserError, pass_runtime
from tracker.errors import RuleError
from tracker.organisations.models import ORG_KIND_WORDS, OrgKind
from tracker.organisations.provisioning import ImportRefused, provision_towns
from tracker.organisations.service import add_organisation, all_organisations, organisation_named
from tracker.organisations.towns_workbook import read_towns_workbook, template_bytes

ORG_OPTION = click.option(
    "--org", "organisation", help="所属机构（县或镇）的名称；系统只有一个机构时可省略。"
)
"""`--org NAME` of the commands that make something an organisation owns (users, units, plans…)."""


@click.group("org")
def org_group() -> None:
    """机构：县与其下属各镇。"""


@org_group.command("add")
@click.argument("name")
@click.option("--county", "kind", flag_value=OrgKind.COUNTY.value, help="县级机构")
@click.option("--town", "kind", flag_value=OrgKind.TOWN.value, default=True, help="镇（默认）")
@click.option("--parent", help="所属县级机构的名称（镇）")
@pass_runtime
def org_add(runtime: Runtime, name: str, kind: str, parent: str | None) -> None:
    """添加一个县级机构或镇。"""
    try:
        with runtime.unit_of_work() as session:
            county = organisation_named(session, parent) if parent else None
            organisation = add_organisation(session, name, OrgKind(kind), county)
            under = f"，隶属于 {county.name}" if county else ""
            words = ORG_KIND_WORDS[organisation.kind]
            click.echo(f"已添加{words} {organisation.name}{under}，编号 {organisation.id}。")
    except RuleError as error:
        raise UserError(error.message) from None


@org_group.command("list")
@pass_runtime
def org_list(runtime: Runtime) -> None:
    """列出全部机构：编号、类别、名称、所属县。"""
    with runtime.unit_of_work() as session:
        for organisation in all_organisations(session):
            parent = organisation.parent.name if organisation.parent else "—"
            words = ORG_KIND_WORDS[organisation.kind]
            click.echo(f"{organisation.id}\t{words}\t{organisation.name}\t{parent}")


@org_group.command("template")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def org_template(file: Path) -> None:
    """写出镇与单位导入模板（.xlsx，含填写说明）。"""
    file.write_bytes(template_bytes())
    click.echo(f"已写出导入模板：{file}")


@org_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def org_import(runtime: Runtime, file: Path) -> None:
    """从 .xlsx 导入镇、单位和各镇协调人（整个文件一次导入，有误则全部不导入）。"""
    try:
        with runtime.unit_of_work() as session:
            done = provision_towns(session, read_towns_workbook(file.read_bytes()), by=OPERATOR)
    except ImportRefused as error:
        raise UserError("\n".join([error.message, *error.problems])) from None
    except RuleError as error:
        raise UserError(error.message) from None
    for line in done.lines():
        click.echo(line)
