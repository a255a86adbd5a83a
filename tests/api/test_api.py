"""The JSON API: bearer tokens, the OpenAPI document, progress with increments, locking, CSRF."""

from decimal import Decimal

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.tasks.models import Indicator


def _bearer(session, user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    secret, _ = issue_token(session, user, TokenPurpose.API, "测试")
    return {"Authorization": f"Bearer {secret}"}


def test_tokens_are_stored_hashed_and_can_be_revoked(town, session, app) -> None:  # type: ignore[no-untyped-def]
    from tracker.accounts.tokens import revoke_token

    secret, token = issue_token(session, town.owner, TokenPurpose.API, "对接")
    assert secret not in token.token_hash and token.prefix == secret[:12]
    client = app.test_client()
    assert client.get("/api/v1/plans", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert revoke_token(session, town.owner, token.id)
    assert client.get("/api/v1/plans", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    # a calendar token is not an API token
    calendar, _ = issue_token(session, town.owner, TokenPurpose.CALENDAR, "日历")
    assert client.get("/api/v1/plans", headers={"Authorization": f"Bearer {calendar}"}).status_code == 401


def test_bearer_tokens_do_not_sign_in_to_pages(town, session, app) -> None:  # type: ignore[no-untyped-def]
    assert app.test_client().get("/", headers=_bearer(session, town.owner)).status_code == 302


def test_openapi_document_describes_every_route(app) -> None:  # type: ignore[no-untyped-def]
    document = app.test_client().get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    described = {
        (path, method.upper()) for path, operations in document["paths"].items() for method in operations
    }
    routed = {
        (rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}"), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == routed


def test_progress_with_increments_through_the_api(town, session, make_indicator, app) -> None:  # type: ignore[no-untyped-def]
    lectures = make_indicator(town.task)
    headers = _bearer(session, town.helper)
    body = {
        "text": "开展讲座 2 场",
        "percent": 30,
        "increments": [{"indicator_id": lectures.id, "amount": "2"}],
    }
    created = app.test_client().post(f"/api/v1/tasks/{town.task.id}/progress", json=body, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["increments"] == [
        {"indicator_id": lectures.id, "amount": "2", "qualifier": None, "full_year": False}
    ]
    session.expire_all()
    assert session.get(Indicator, lectures.id).actual == Decimal(2)
    listed = app.test_client().get(f"/api/v1/tasks/{town.task.id}/progress", headers=headers).json
    assert [e["text"] for e in listed["entries"]] == ["开展讲座 2 场"]


def test_bad_api_input_gets_a_chinese_4xx(town, session, app) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(session, town.owner)
    client = app.test_client()
    url = f"/api/v1/tasks/{town.task.id}/progress"
    for body, fragment in [
        ([1, 2], "JSON 对象"),
        ({"text": ""}, "请填写进展情况"),
        ({"text": "x", "percent": 120}, "0 到 100"),
        ({"text": "x", "increments": [{"indicator_id": 999, "amount": "1"}]}, "不属于该任务"),
        ({"text": "x", "increments": [{"indicator_id": 1, "amount": "很多"}]}, "不是有效的数字"),
        ({"text": "x", "entry_date": "昨天"}, "不是有效的日期"),
    ]:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 400 and fragment in response.json["error"], (body, response.json)
    assert client.get("/api/v1/tasks/999999", headers=headers).status_code == 404


def test_api_assignment_uses_optimistic_locking(town, session, app) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(session, town.coordinator)
    client = app.test_client()
    current = client.get(f"/api/v1/tasks/{town.task.id}", headers=headers).json
    body = {"version_id": current["version_id"], "deadline": "2026-11-30"}
    first = client.patch(f"/api/v1/tasks/{town.task.id}", json=body, headers=headers)
    assert first.status_code == 200 and first.json["deadline"] == "2026-11-30"
    stale = client.patch(
        f"/api/v1/tasks/{town.task.id}", json={**body, "deadline": "2026-12-31"}, headers=headers
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.json["error"]
    assert client.get(f"/api/v1/tasks/{town.task.id}", headers=headers).json["deadline"] == "2026-11-30"


def test_session_authenticated_api_writes_need_csrf(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    url = f"/api/v1/tasks/{town.task.id}/progress"
    refused = client.post(url, json={"text": "来自浏览器"})
    assert refused.status_code == 400 and "CSRF" in refused.json["error"]
    allowed = client.post(url, json={"text": "来自浏览器"}, headers={"X-CSRFToken": csrf_of(client)})
    assert allowed.status_code == 201


def test_task_list_filters(town, session, make_task, app) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "执法培训", lead_department=town.unrelated)
    headers = _bearer(session, town.viewer)
    client = app.test_client()
    everything = client.get(f"/api/v1/tasks?plan_id={town.plan.id}", headers=headers).json["tasks"]
    assert {t["title"] for t in everything} == {"开展法治讲座", "执法培训"}
    by_unit = client.get(f"/api/v1/tasks?department_id={town.unrelated.id}", headers=headers).json["tasks"]
    assert [t["title"] for t in by_unit] == ["执法培训"]
