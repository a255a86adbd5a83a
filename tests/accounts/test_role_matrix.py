"""Every page and every API endpoint, for every role: allowed or refused as the rules say.

Writes use the task of the `town` fixture (lead 司法所, co-operating 党政办); the roles are the
coordinator, the lead unit's owner, the co-operating unit's owner, an owner of an unrelated unit, the
supervising leader and the viewer.
"""

import pytest

ROLES = ("coordinator", "owner", "helper", "outsider", "leader", "viewer")
EVERYONE = set(ROLES)

# Pages anyone signed in may read; anonymous visitors are sent to the login page.
READ_PAGES = ["/", "/?mine=1", "/calendar", "/dashboard", "/tasks/{task}", "/account", "/ledger/{plan}.zip"]
ADMIN_PAGES = ["/admin/users", "/admin/departments"]
API_READS = [
    "/api/v1/plans",
    "/api/v1/plans/{plan}",
    "/api/v1/tasks",
    "/api/v1/tasks/{task}",
    "/api/v1/tasks/{task}/progress",
]


def _fill(path: str, town) -> str:  # type: ignore[no-untyped-def]
    return path.format(task=town.task.id, plan=town.plan.id)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_page(town, sign_in, role) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(town, role))
    for path in READ_PAGES:
        response = client.get(_fill(path, town))
        assert response.status_code == 200, path
        response.close()
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == (200 if role == "coordinator" else 403), path


def test_anonymous_visitors_are_sent_to_sign_in(town, app) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    for path in READ_PAGES + ADMIN_PAGES:
        response = client.get(_fill(path, town))
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for path in API_READS:
        response = client.get(_fill(path, town))
        assert response.status_code == 401 and response.json["error"], path


def _api_token(client, csrf_of) -> str:  # type: ignore[no-untyped-def]
    page = client.post(
        "/account/tokens", data={"purpose": "api", "name": "测试", "csrf_token": csrf_of(client)}
    )
    return page.get_data(as_text=True).split('<code id="new-token">')[1].split("</code>")[0]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_api(town, sign_in, csrf_of, app, role) -> None:  # type: ignore[no-untyped-def]
    token = _api_token(sign_in(getattr(town, role)), csrf_of)
    client = app.test_client()
    for path in API_READS:
        assert client.get(_fill(path, town), headers={"Authorization": f"Bearer {token}"}).status_code == 200


# (what, allowed roles): each write tried by each role, on the page and through the API.
WRITES = {
    "progress": {"coordinator", "owner", "helper"},
    "close": {"coordinator", "owner"},
    "assign": {"coordinator"},
    "extension": {"coordinator", "owner"},
    "admin": {"coordinator"},
}


def _page_write(what: str, client, town, token: str):  # type: ignore[no-untyped-def]
    task = town.task
    forms = {
        "progress": (f"/tasks/{task.id}/progress", {"text": "进展"}),
        "close": (f"/tasks/{task.id}/close", {"version_id": task.version_id}),
        "assign": (
            f"/tasks/{task.id}/assign",
            {"version_id": task.version_id, "lead_department_id": town.lead.id},
        ),
        "extension": (f"/tasks/{task.id}/extensions", {"requested_deadline": "2026-09-30", "reason": "理由"}),
        "admin": ("/admin/departments", {"name": "新单位"}),
    }
    path, data = forms[what]
    return client.post(path, data={**data, "csrf_token": token})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", WRITES)
def test_page_writes_by_role(town, session, sign_in, csrf_of, role, what) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(town, role))
    response = _page_write(what, client, town, csrf_of(client))
    expected = 302 if role in WRITES[what] else 403
    assert response.status_code == expected, response.get_data(as_text=True)[:300]


def _api_write(what: str, client, town, headers):  # type: ignore[no-untyped-def]
    task = town.task
    calls = {
        "progress": ("post", f"/api/v1/tasks/{task.id}/progress", {"text": "接口进展"}),
        "close": ("post", f"/api/v1/tasks/{task.id}/close", {"version_id": task.version_id}),
        "assign": (
            "patch",
            f"/api/v1/tasks/{task.id}",
            {"version_id": task.version_id, "deadline": "2026-10-31"},
        ),
    }
    method, path, body = calls[what]
    return getattr(client, method)(path, json=body, headers=headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", ["progress", "close", "assign"])
def test_api_writes_by_role(town, sign_in, csrf_of, app, role, what) -> None:  # type: ignore[no-untyped-def]
    token = _api_token(sign_in(getattr(town, role)), csrf_of)
    response = _api_write(what, app.test_client(), town, {"Authorization": f"Bearer {token}"})
    if role in WRITES[what]:
        assert response.status_code in (200, 201), response.json
    else:
        assert response.status_code == 403 and response.json["error"]
