"""Every route × role × organisation: a town's people never see another town's plans, tasks, mail,
reports or API rows (404, as if they did not exist); a county's people read all their towns and
change nothing there (403); `?org=<id>` drills a county's people into one town.

The `county` fixture: 清源县 with 东镇 (east) and 西镇 (west), each staffed like `town` with a plan
and one task; the roles below are east's, the county's own people, and the other town is west.
"""

from __future__ import annotations

import pytest

TOWN_ROLES = ("coordinator", "owner", "helper", "outsider", "leader", "viewer")
COUNTY_ROLES = ("coordinator", "leader", "viewer")

ROW_PAGES = [
    "/tasks/{task}",
    "/plans/{plan}",
    "/plans/{plan}/source",
    "/plans/{plan}/rectification",
    "/ledger/{plan}.zip",
    "/reports/2026/preview?org={org}",
    "/?org={org}",
    "/dashboard?org={org}",
]
API_ROWS = ["/api/v1/plans/{plan}", "/api/v1/tasks/{task}", "/api/v1/tasks/{task}/progress"]


def _fill(path: str, town) -> str:  # type: ignore[no-untyped-def]
    return path.format(task=town.task.id, plan=town.plan.id, org=town.organisation.id)


def _api_client(sign_in, csrf_of, app, person):  # type: ignore[no-untyped-def]
    client = sign_in(person)
    page = client.post(
        "/account/tokens", data={"purpose": "api", "name": "测试", "csrf_token": csrf_of(client)}
    )
    token = page.get_data(as_text=True).split('<code id="new-token">')[1].split("</code>")[0]
    return app.test_client(), {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_a_towns_people_read_their_town_and_never_find_the_other(county, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    client = sign_in(getattr(east, role))
    for path in ROW_PAGES:
        own = client.get(_fill(path, east))
        assert own.status_code == 200, path
        own.close()
        assert client.get(_fill(path, west)).status_code == 404, path


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_a_towns_lists_hold_only_the_towns_rows(county, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    client = sign_in(getattr(east, role))
    for path in ("/", "/plans", "/calendar?month=2026-06", "/dashboard"):
        page = client.get(path).get_data(as_text=True)
        assert f'/tasks/{west.task.id}"' not in page and f'/plans/{west.plan.id}"' not in page, path
    board = client.get("/").get_data(as_text=True)
    assert f'/tasks/{east.task.id}"' in board


@pytest.mark.parametrize("role", TOWN_ROLES)
def test_a_towns_api_rows_are_its_own(county, sign_in, csrf_of, app, role) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    client, headers = _api_client(sign_in, csrf_of, app, getattr(east, role))
    for path in API_ROWS:
        assert client.get(_fill(path, east), headers=headers).status_code == 200, path
        assert client.get(_fill(path, west), headers=headers).status_code == 404, path
    tasks = client.get("/api/v1/tasks", headers=headers).json["tasks"]
    plans = client.get("/api/v1/plans", headers=headers).json["plans"]
    assert {task["id"] for task in tasks} == {east.task.id}
    assert {plan["id"] for plan in plans} == {east.plan.id}


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_the_countys_people_read_every_town(county, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(county, role))
    for town in county.towns:
        for path in ROW_PAGES:
            response = client.get(_fill(path, town))
            assert response.status_code == 200, path
            response.close()
    board = client.get("/").get_data(as_text=True)
    assert all(f'/tasks/{town.task.id}"' in board for town in county.towns)
    east_only = client.get(f"/?org={county.east.organisation.id}").get_data(as_text=True)
    assert f'/tasks/{county.east.task.id}"' in east_only and f'/tasks/{county.west.task.id}"' not in east_only


def test_a_town_outside_the_county_is_not_the_countys(county, town, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.viewer)
    assert client.get(f"/tasks/{town.task.id}").status_code == 404
    assert client.get(f"/?org={town.plan.organisation_id}").status_code == 404


def _page_writes(town, token: str) -> list[tuple[str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    task = town.task
    return [
        (f"/tasks/{task.id}/progress", {"text": "进展"}),
        (f"/tasks/{task.id}/close", {"version_id": task.version_id}),
        (f"/tasks/{task.id}/assign", {"version_id": task.version_id, "lead_department_id": town.lead.id}),
        (f"/tasks/{task.id}/extensions", {"requested_deadline": "2026-09-30", "reason": "理由"}),
    ]


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_the_countys_people_change_nothing_in_a_town(county, sign_in, csrf_of, app, role) -> None:  # type: ignore[no-untyped-def]
    person = getattr(county, role)
    client = sign_in(person)
    token = csrf_of(client)
    for path, data in _page_writes(county.west, token):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 403, path
    api, headers = _api_client(sign_in, csrf_of, app, person)
    task = county.west.task
    refused = api.post(f"/api/v1/tasks/{task.id}/progress", json={"text": "接口进展"}, headers=headers)
    assert refused.status_code == 403 and refused.json["error"]


@pytest.mark.parametrize("role", ["coordinator", "owner"])
def test_a_towns_writes_to_the_other_town_find_nothing(county, sign_in, csrf_of, role) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(county.east, role))
    token = csrf_of(client)
    for path, data in _page_writes(county.west, token):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 404, path


def test_the_admin_pages_list_the_coordinators_own_people_and_units(county, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(county.east.coordinator)
    people = client.get("/admin/users").get_data(as_text=True)
    assert "east_zhang" in people and "west_zhang" not in people and "county_li" not in people
    west_owner = county.west.owner
    form = {
        "csrf_token": csrf_of(client),
        "username": west_owner.username,
        "display_name": "改名",
        "role": "owner",
    }
    assert client.post(f"/admin/users/{west_owner.id}", data=form).status_code == 404


@pytest.mark.parametrize("role", COUNTY_ROLES)
def test_a_towns_task_offers_the_countys_people_no_form_to_change_it(county, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(getattr(county, role)).get(f"/tasks/{county.west.task.id}").get_data(as_text=True)
    assert "本任务属于西镇，县级机构只读查看" in page
    for form in ("assign-form", "progress-form", "extension-form", "reason-form", "close-form"):
        assert f'id="{form}"' not in page, form


def test_a_town_drilled_into_stays_drilled_into_when_filtered(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east = county.east.organisation.id
    page = sign_in(county.coordinator).get(f"/?org={east}").get_data(as_text=True)
    assert "<h1>任务看板 · 东镇" in page and "东镇的任务：县级机构只读查看" in page
    assert f'<input type="hidden" name="org" value="{east}">' in page  # the filters keep the town
    assert f'href="/?org={east}&amp;light=red"' in page  # and so do the lights


def test_a_towns_own_board_is_not_called_drilled_into(county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east = county.east
    page = sign_in(east.coordinator).get(f"/?org={east.organisation.id}").get_data(as_text=True)
    assert "<h1>任务看板 <small>" in page and "县级机构只读查看" not in page
