"""Sign-in: passwords, throttling after repeated failures, safe redirects, sign-out."""

from sqlalchemy import func, select

from tracker.accounts.models import LoginFailure

TEST_PASSWORD = "correct-horse-42"  # the factories' password (tests/conftest.py)


def _login(client, username, password):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": username, "password": password})


def test_sign_in_and_out(town, app, csrf_of) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/login?next=/dashboard", data={"username": "zhang", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 302
    assert client.get("/").status_code == 302


def test_next_never_leaves_the_site(town, app) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/login?next=//evil.example/", data={"username": "zhang", "password": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_wrong_password_is_a_401_in_chinese(town, app) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = False
    response = _login(app.test_client(), "zhang", "wrong-password")
    assert response.status_code == 401 and "用户名或密码错误" in response.get_data(as_text=True)


def test_repeated_failures_throttle_the_user_name(town, app, session) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "zhang", "guess-again").status_code == 401
    throttled = _login(client, "zhang", TEST_PASSWORD)  # even the right password waits now
    assert throttled.status_code == 429 and "登录失败次数过多" in throttled.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 5
    # another person is not locked out by zhang's failures
    assert _login(client, "chen", TEST_PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(town, app, session) -> None:  # type: ignore[no-untyped-def]
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    for _ in range(3):
        _login(client, "zhang", "nope-nope")
    assert _login(client, "zhang", TEST_PASSWORD).status_code == 302
    assert (
        session.scalar(select(func.count()).select_from(LoginFailure).where(LoginFailure.username == "zhang"))
        == 0
    )


def test_inactive_people_cannot_sign_in(town, app, session) -> None:  # type: ignore[no-untyped-def]
    town.owner.is_active = False
    session.flush()
    app.config["WTF_CSRF_ENABLED"] = False
    assert _login(app.test_client(), "zhang", TEST_PASSWORD).status_code == 401


def test_the_login_form_needs_its_csrf_token(town, app) -> None:  # type: ignore[no-untyped-def]
    response = _login(app.test_client(), "zhang", TEST_PASSWORD)
    assert response.status_code != 302
