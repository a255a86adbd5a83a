"""Sign-in sessions end on the server and in time (issue 12, break 9: sessions survived sign-out
and a password reset, never expired, and had no Secure flag): a cookie kept from before sign-out, a
new password or a deactivation signs nobody in; a session ends when idle or old; the cookie is
Secure when the site's address is https."""

from __future__ import annotations

from tracker.config import Settings
from tracker.web import create_app
from tracker.web.sessions import SEEN_AT, SIGNED_IN_AT

TEST_PASSWORD = "correct-horse-42"  # the factories' password (tests/conftest.py)


def _signed_out(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_kept_from_before_sign_out_signs_nobody_in(town, app, sign_in, csrf_of) -> None:
    client = sign_in(town.owner)
    kept = client.get_cookie("session").value
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", kept)
    assert _signed_out(replay.get("/"))


def test_signing_out_on_one_device_ends_the_others(town, sign_in, csrf_of) -> None:
    phone, desk = sign_in(town.owner), sign_in(town.owner)
    assert desk.get("/").status_code == 200
    phone.post("/logout", data={"csrf_token": csrf_of(phone)})
    assert _signed_out(desk.get("/"))
    assert sign_in(town.owner).get("/").status_code == 200, "signing in again works at once"


def _edit(client, token, user, **changes):  # type: ignore[no-untyped-def]
    form = {
        "csrf_token": token,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "department_id": str(user.department_id or ""),
        "email": user.email or "",
        "is_active": "1",
        **changes,
    }
    return client.post(f"/admin/users/{user.id}", data=form)


def test_a_new_password_ends_every_session_of_that_person(town, sign_in, csrf_of) -> None:
    owner, helper, coordinator = sign_in(town.owner), sign_in(town.helper), sign_in(town.coordinator)
    assert (
        _edit(coordinator, csrf_of(coordinator), town.owner, password="a-new-password-9").status_code == 302
    )
    assert _signed_out(owner.get("/"))
    assert helper.get("/").status_code == 200, "nobody else is signed out"
    assert _edit(coordinator, csrf_of(coordinator), town.helper).status_code == 302
    assert helper.get("/").status_code == 200, "saving without a new password ends nothing"


def test_deactivation_ends_every_session(town, sign_in, csrf_of) -> None:
    owner, coordinator = sign_in(town.owner), sign_in(town.coordinator)
    assert _edit(coordinator, csrf_of(coordinator), town.owner, is_active="0").status_code == 302
    assert _signed_out(owner.get("/"))


def test_an_idle_session_ends_and_says_so(town, sign_in, settings) -> None:
    client = sign_in(town.owner)
    with client.session_transaction() as cookie:
        cookie[SEEN_AT] -= settings.session_idle_minutes * 60 + 1
    response = client.get("/dashboard")
    assert _signed_out(response) and "next=/dashboard" in response.headers["Location"]
    assert "登录已超时，请重新登录。" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _signed_out(client.get("/"))


def test_a_session_in_use_goes_on_until_its_working_day_is_over(town, sign_in, settings) -> None:
    client = sign_in(town.owner)
    with client.session_transaction() as cookie:
        cookie[SEEN_AT] -= settings.session_idle_minutes * 60 - 60
        earlier = cookie[SEEN_AT]
    assert client.get("/").status_code == 200
    with client.session_transaction() as cookie:
        assert cookie[SEEN_AT] > earlier, "each visit (at most once a minute) moves the idle clock"
        cookie[SIGNED_IN_AT] -= settings.session_max_hours * 3600 + 1
    assert _signed_out(client.get("/")), "however busy, a session ends after its maximum"


def test_the_session_cookie_is_secure_when_the_site_is_served_over_https(
    town, settings: Settings, database
) -> None:
    for base_url, secure in (("https://luoshi.town.example", True), ("http://127.0.0.1:5000", False)):
        app = create_app(settings.with_changes(base_url=base_url), database=database)
        app.config["WTF_CSRF_ENABLED"] = False
        response = app.test_client().post("/login", data={"username": "zhang", "password": TEST_PASSWORD})
        assert response.status_code == 302
        cookie = response.headers["Set-Cookie"]
        assert ("; Secure" in cookie) is secure, cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
