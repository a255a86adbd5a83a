"""Odd input is a clear 4xx on both databases, never a 500 (issue 12, break 13): ids beyond what the
database stores in any `<int:…>` route or number argument, digits that are not ASCII (`²`, `٣`,
`５`), months and dates out of range (`/calendar?month=9999-12`), and NUL or other control
characters in any text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from tracker.accounts.models import TokenPurpose, User
from tracker.accounts.tokens import issue_token
from tracker.tasks.models import ProgressEntry
from tracker.web.inputs import CONTROL_REFUSAL, MAX_ID, digits_up_to, parse_date, parse_int, parse_month

NOT_IDS = (str(2**63), str(2**63 + 1), str(MAX_ID + 1), "9" * 40, "²", "٣", "１２")


@pytest.mark.parametrize("text", ("²", "٣", "１２", "1e3", "0x10", " 1 2", "", "+", "-"))
def test_only_ascii_digits_are_numbers(text: str) -> None:
    assert parse_int(text) is None


def test_numbers_are_kept_within_their_range() -> None:
    assert parse_int(" 42 ") == 42 and parse_int(str(MAX_ID)) == MAX_ID
    assert parse_int(str(MAX_ID + 1)) is None and parse_int("-1") is None
    assert parse_int("-5", low=-10) == -5 and parse_int("101", high=100) is None


@pytest.mark.parametrize("limit", (MAX_ID, 1, 9, 10, 100, 2**16))
def test_the_id_pattern_holds_exactly_the_numbers_up_to_its_limit(limit: int) -> None:
    pattern = re.compile(digits_up_to(limit))
    edges = {0, 1, limit - 1, limit, limit + 1, limit * 10, 10 ** len(str(limit))}
    for number in sorted(edges | set(range(0, min(limit * 3, 5000)))):
        assert bool(pattern.fullmatch(str(number))) == (0 <= number <= limit), number
    assert not pattern.fullmatch("²") and not pattern.fullmatch("٣")


def test_dates_and_months_are_checked_against_the_calendar_and_the_years_planned_for() -> None:
    assert parse_date("2026-06-30").isoformat() == "2026-06-30"  # type: ignore[union-attr]
    for text in ("9999-12-31", "1900-01-01", "2026-02-30", "２０２６-０６-３０", "20260630", "2026-6-3"):
        assert parse_date(text) is None, text
    assert parse_month("2026-06").isoformat() == "2026-06-01"  # type: ignore[union-attr]
    for text in ("9999-12", "2026-13", "2026-00", "0001-01", "2026-²"):
        assert parse_month(text) is None, text


def _id_routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(method, rule) for every route with an `<int:…>` part."""
    return [
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def test_every_id_route_answers_404_to_an_id_the_database_cannot_hold(town, sign_in, app) -> None:
    client = sign_in(town.coordinator)
    routes = _id_routes(app)
    assert len(routes) >= 20, routes  # every feature's pages and the API
    for method, rule in routes:
        for value in NOT_IDS:
            path = re.sub(r"<int:\w+>", value, rule)
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)


def test_the_largest_id_is_simply_not_found(town, sign_in) -> None:
    client = sign_in(town.coordinator)
    assert client.get(f"/tasks/{MAX_ID}").status_code == 404
    assert client.get(f"/api/v1/tasks/{MAX_ID}").status_code == 404


def test_number_arguments_beyond_range_or_not_ascii_are_refused_in_chinese(town, session, app) -> None:
    secret, _ = issue_token(session, town.coordinator, TokenPurpose.API, "测试")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    for query in ("plan_id=" + str(2**63), "limit=²", "offset=" + "9" * 30, "owner_id=٣", "department_id=-1"):
        response = client.get(f"/api/v1/tasks?{query}", headers=headers)
        assert response.status_code == 400, query
        assert "必须是" in response.get_json()["error"]


def test_pages_ignore_filters_that_name_nothing_but_never_fail(town, sign_in) -> None:
    client = sign_in(town.coordinator)
    for path in (
        f"/?plan={2**63}",
        "/?page=²",
        f"/?dept={'9' * 30}&person=٣",
        f"/dashboard?plan={2**63}",
        "/dashboard?plan=²",
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("month", ("9999-12", "2026-13", "0000-01", "²⁰²⁶-01", "x"))
def test_a_month_out_of_range_is_a_400_with_the_reason(month: str, town, sign_in) -> None:
    response = sign_in(town.coordinator).get(f"/calendar?month={month}")
    assert response.status_code == 400
    assert "月份" in response.get_data(as_text=True)


def test_the_calendar_shows_the_last_month_planned_for(town, sign_in) -> None:
    assert sign_in(town.coordinator).get("/calendar?month=2099-12").status_code == 200


def _progress(client, task, token, **fields):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token, "text": "举办法治讲座 2 场", "percent": "40", **fields}
    return client.post(f"/tasks/{task.id}/progress", data=data, content_type="multipart/form-data")


def _entries(session, task) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(
        select(func.count()).select_from(ProgressEntry).where(ProgressEntry.task_id == task.id)
    )


@pytest.mark.parametrize(
    ("fields", "said"),
    (
        ({"percent": "５０"}, "完成比例"),
        ({"percent": "²"}, "完成比例"),
        ({"percent": str(2**63)}, "完成比例"),
        ({"entry_date": "9999-12-31"}, "日期"),
        ({"entry_date": "2026-02-30"}, "日期"),
        ({"increment-²": "3"}, "指标"),
        ({f"increment-{2**63}": "3"}, "指标"),
    ),
)
def test_a_progress_form_with_odd_numbers_is_refused_whole(
    fields, said, town, session, sign_in, csrf_of
) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    before = _entries(session, town.task)
    response = _progress(client, town.task, csrf_of(client), **fields)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert said in response.get_data(as_text=True)
    assert _entries(session, town.task) == before


def test_assigning_with_an_odd_unit_id_is_refused(town, sign_in, csrf_of) -> None:
    client = sign_in(town.coordinator)
    data = {
        "csrf_token": csrf_of(client),
        "version_id": str(town.task.version_id),
        "lead_department_id": str(town.lead.id),
        "support_department_ids": ["²"],
    }
    response = client.post(f"/tasks/{town.task.id}/assign", data=data)
    assert response.status_code == 400 and "配合单位" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ("讲座\x00两场", "讲座\x07", "\x1b[31m红字", "讲座\x85"))
def test_control_characters_are_refused_with_a_message_and_nothing_is_stored(
    text: str, town, session, sign_in, csrf_of
) -> None:
    client = sign_in(town.owner)
    before = _entries(session, town.task)
    response = _progress(client, town.task, csrf_of(client), text=text)
    assert response.status_code == 400
    assert CONTROL_REFUSAL in response.get_data(as_text=True)
    assert _entries(session, town.task) == before


def test_tabs_and_line_breaks_are_ordinary_text(town, session, sign_in, csrf_of) -> None:
    client = sign_in(town.owner)
    response = _progress(client, town.task, csrf_of(client), text="一、讲座\r\n二、\t宣传")
    assert response.status_code == 302
    assert session.scalars(select(ProgressEntry.text).where(ProgressEntry.task_id == town.task.id)).all() == [
        "一、讲座\r\n二、\t宣传"
    ]


def test_control_characters_anywhere_else_are_refused_too(town, session, sign_in, csrf_of, app) -> None:
    coordinator = sign_in(town.coordinator)
    assert coordinator.get("/?status=%00").status_code == 400
    assert coordinator.get("/reminders/pause/ab%00cd").status_code == 400
    data = {
        "csrf_token": csrf_of(coordinator),
        "username": "wu",
        "display_name": "吴\x00",
        "role": "owner",
        "password": "long-enough-1",
    }
    assert coordinator.post("/admin/users", data=data).status_code == 400
    assert session.scalar(select(User).where(User.username == "wu")) is None
    secret, _ = issue_token(session, town.owner, TokenPurpose.API, "测试")
    response = app.test_client().post(
        f"/api/v1/tasks/{town.task.id}/progress",
        json={"text": "讲座\u0000", "percent": 10},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 400 and response.get_json()["error"] == CONTROL_REFUSAL
