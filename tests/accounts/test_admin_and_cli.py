"""People and units: the admin pages and the `tracker user add` / `tracker dept add` commands."""

from click.testing import CliRunner
from sqlalchemy import select

from tracker.accounts.models import Department, Role, User
from tracker.cli import main


def test_coordinator_adds_a_user_and_a_unit_with_its_leader(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client),
            "username": "zhou",
            "display_name": "周主任",
            "role": "leader",
            "password": "long-enough-1",
            "email": "zhou@town.example",
        },
    )
    assert response.status_code == 302
    zhou = session.scalar(select(User).where(User.username == "zhou"))
    assert zhou.role == Role.LEADER and zhou.password_hash and "long-enough-1" not in zhou.password_hash
    added = client.post(
        "/admin/departments", data={"csrf_token": csrf_of(client), "name": "应急办", "leader_id": zhou.id}
    )
    assert added.status_code == 302
    assert session.scalar(select(Department).where(Department.name == "应急办")).leader_id == zhou.id
    page = client.get("/admin/departments").get_data(as_text=True)
    assert "应急办" in page and "周主任" in page


def test_admin_refusals_in_chinese(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    base = {
        "csrf_token": csrf_of(client),
        "display_name": "某人",
        "role": "owner",
        "password": "long-enough-1",
    }
    duplicate = client.post("/admin/users", data={**base, "username": "zhang"})
    assert duplicate.status_code == 400 and "已被使用" in duplicate.get_data(as_text=True)
    short = client.post("/admin/users", data={**base, "username": "new", "password": "short"})
    assert short.status_code == 400 and "至少需要 8 个字符" in short.get_data(as_text=True)
    owner_as_leader = client.post(
        f"/admin/departments/{town.lead.id}", data={"csrf_token": csrf_of(client), "leader_id": town.owner.id}
    )
    assert owner_as_leader.status_code == 400 and "不是分管领导" in owner_as_leader.get_data(as_text=True)
    assert session.get(Department, town.lead.id).leader_id == town.leader.id


def test_coordinator_deactivates_a_user(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    owner = town.owner
    response = client.post(
        f"/admin/users/{owner.id}",
        data={
            "csrf_token": csrf_of(client),
            "username": owner.username,
            "display_name": owner.display_name,
            "role": "owner",
            "department_id": town.lead.id,
            "is_active": "0",
        },
    )
    assert response.status_code == 302
    session.expire_all()
    assert not session.get(User, owner.id).is_active


def test_cli_adds_units_and_people(fresh_database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """On a database of its own: the commands commit, which the shared test databases must not see."""
    runner = CliRunner()
    env = {"TRACKER_VAR_DIR": str(tmp_path), "TRACKER_DATABASE_URL": fresh_database_url}
    suffix = tmp_path.name[-8:]
    leader = runner.invoke(
        main,
        [
            "user",
            "add",
            f"lead{suffix}",
            "--name",
            "王分管",
            "--role",
            "leader",
            "--password",
            "long-enough-1",
        ],
        env=env,
    )
    assert leader.exit_code == 0, leader.output
    dept = runner.invoke(main, ["dept", "add", f"司法所{suffix}", "--leader", f"lead{suffix}"], env=env)
    assert dept.exit_code == 0 and "已添加单位" in dept.output
    owner = runner.invoke(
        main,
        [
            "user",
            "add",
            f"own{suffix}",
            "--name",
            "张三",
            "--dept",
            f"司法所{suffix}",
            "--password",
            "long-enough-1",
        ],
        env=env,
    )
    assert owner.exit_code == 0 and "已添加用户" in owner.output
    again = runner.invoke(main, ["dept", "add", f"司法所{suffix}"], env=env)
    assert again.exit_code == 2 and "错误：" in again.output and "已存在" in again.output
    missing = runner.invoke(
        main,
        [
            "user",
            "add",
            "x" + suffix,
            "--name",
            "某",
            "--dept",
            "不存在的单位",
            "--password",
            "long-enough-1",
        ],
        env=env,
    )
    assert missing.exit_code == 2 and "找不到单位" in missing.output
