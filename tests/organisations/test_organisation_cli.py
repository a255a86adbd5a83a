"""`tracker org add/list`, and the commands that make what an organisation owns (`user add`, `dept
add`, `plan import`, `duty add`) taking `--org`: left out only where there is one organisation."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import select

from tracker.accounts.models import Department, User
from tracker.cli import main
from tracker.db import Database
from tracker.organisations.models import Organisation, OrgKind
from tracker.plans.models import Plan

PLAN_TEXT = "2026年度法治政府建设工作要点\n一是由司法所开展法治讲座。\n二是做好来信来访登记。\n"


def _run(env: dict[str, str], *arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments), env=env)


def test_a_county_and_its_towns_are_added_and_listed(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TRACKER_VAR_DIR": str(tmp_path), "TRACKER_DATABASE_URL": fresh_database_url}
    county = _run(env, "org", "add", "清源县", "--county")
    assert county.exit_code == 0 and "已添加县 清源县" in county.output, county.output
    town = _run(env, "org", "add", "东镇", "--parent", "清源县")
    assert town.exit_code == 0 and "已添加镇 东镇，隶属于 清源县" in town.output, town.output
    under_a_town = _run(env, "org", "add", "南镇", "--town", "--parent", "东镇")
    assert under_a_town.exit_code == 2 and "「东镇」不是县级机构" in under_a_town.output
    again = _run(env, "org", "add", "东镇")
    assert again.exit_code == 2 and "机构「东镇」已存在" in again.output
    missing = _run(env, "org", "add", "北镇", "--parent", "无此县")
    assert missing.exit_code == 2 and "找不到机构「无此县」" in missing.output

    listed = _run(env, "org", "list")
    lines = [line.split("\t")[1:] for line in listed.output.splitlines()]
    assert lines == [["县", "清源县", "—"], ["镇", "东镇", "清源县"], ["镇", "本镇", "—"]]


def test_with_several_organisations_nothing_is_made_without_naming_one(
    fresh_database_url: str, tmp_path: Path
) -> None:
    env = {"TRACKER_VAR_DIR": str(tmp_path), "TRACKER_DATABASE_URL": fresh_database_url}
    plan_file = tmp_path / "要点.txt"
    plan_file.write_text(PLAN_TEXT, encoding="utf-8")
    assert _run(env, "dept", "add", "司法所").exit_code == 0  # one organisation: no --org needed
    assert _run(env, "org", "add", "西镇").exit_code == 0

    unnamed = _run(env, "dept", "add", "党政办")
    assert unnamed.exit_code == 2 and "请用 --org 指明机构" in unnamed.output
    unnamed_plan = _run(env, "plan", "import", str(plan_file))
    assert unnamed_plan.exit_code == 2 and "请用 --org 指明机构" in unnamed_plan.output

    assert _run(env, "dept", "add", "司法所", "--org", "西镇").exit_code == 0  # a name per town
    person = _run(
        env,
        "user",
        "add",
        "west_li",
        "--name",
        "李",
        "--dept",
        "司法所",
        "--org",
        "西镇",
        "--password",
        "long-enough-1",
    )
    assert person.exit_code == 0, person.output
    for town in ("本镇", "西镇"):  # the same document, once per town
        imported = _run(env, "plan", "import", str(plan_file), "--org", town)
        assert imported.exit_code == 0, imported.output

    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        west = session.scalar(select(Organisation).where(Organisation.name == "西镇"))
        assert west is not None and west.kind is OrgKind.TOWN
        owners = {(row.name, row.organisation.name) for row in session.scalars(select(Department))}
        assert owners == {("司法所", "本镇"), ("司法所", "西镇")}
        li = session.scalar(select(User).where(User.username == "west_li"))
        assert li is not None and li.organisation_id == west.id and li.department.organisation_id == west.id
        assert sorted(plan.organisation.name for plan in session.scalars(select(Plan))) == ["本镇", "西镇"]
    database.dispose()
