"""`next=` after signing in or switching language leads to a page of this site, never to another host,
however the target is disguised (issue 12, break 8: `/login?next=/%09/evil.example` answered
`Location: //evil.example/`)."""

from __future__ import annotations

from urllib.parse import quote, urljoin, urlsplit

import pytest

from tracker.web.inputs import has_control_characters
from tracker.web.redirects import same_site_path

TEST_PASSWORD = "correct-horse-42"  # the factories' password (tests/conftest.py)
ELSEWHERE = (
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example/",
    "\x00//evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "http://[evil",
)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_target_on_another_host_falls_back_to_the_board(target: str) -> None:
    assert same_site_path(target) == "/"


def test_a_path_of_this_site_is_kept_with_its_query() -> None:
    assert same_site_path("/tasks/7?tab=history#entry-3") == "/tasks/7?tab=history#entry-3"
    assert same_site_path("/?plan=2&mine=1") == "/?plan=2&mine=1"
    assert same_site_path(None) == "/" and same_site_path("") == "/"


def _lands_on_this_site(location: str) -> bool:
    return urlsplit(urljoin("http://luoshi.town/", location)).netloc == "luoshi.town"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_and_switching_language_never_leave_the_site(target: str, town, app) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    query = "next=" + quote(target, safe="")
    signed_in = client.post(f"/login?{query}", data={"username": "zhang", "password": TEST_PASSWORD})
    switched = client.get(f"/lang/en?{query}")
    for response in (signed_in, switched):
        if has_control_characters(target):  # refused before any view (tracker.web.inputs)
            assert response.status_code == 400 and "Location" not in response.headers
            continue
        assert response.status_code == 302
        assert response.headers["Location"] == "/", response.headers["Location"]
        assert _lands_on_this_site(response.headers["Location"])


def test_the_reported_probe_answers_the_board(town, app) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/login?next=/%09/evil.example", data={"username": "zhang", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"
    assert app.test_client().get("/lang/en?next=/%09/evil.example").headers["Location"] == "/"
