"""Every response carries a request id (the caller's `X-Request-ID` when it is sane), and every log
line written while handling the request carries the same id."""

from __future__ import annotations

import logging
import re

import pytest

from tracker.logs import LOG_FORMAT, REQUEST_ID, RequestIdFilter


@pytest.fixture
def log_lines():  # type: ignore[no-untyped-def]
    """Lines as the production handler formats them (the id filter on the handler)."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)
    REQUEST_ID.set("-")


def test_a_request_without_an_id_gets_one(app) -> None:  # type: ignore[no-untyped-def]
    first = app.test_client().get("/ping").headers["X-Request-ID"]
    second = app.test_client().get("/ping").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", first) and first != second


def test_a_caller_s_id_is_kept(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/ping", headers={"X-Request-ID": "proxy-7f3a.42"})
    assert response.headers["X-Request-ID"] == "proxy-7f3a.42"


@pytest.mark.parametrize("forged", ["two words", "x" * 200, "a] 2026 INFO [admin] fake line", "中文", ""])
def test_an_id_that_could_forge_log_lines_is_replaced(app, forged: str) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/ping", headers={"X-Request-ID": forged})
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])


def test_every_log_line_of_the_request_carries_its_id(town, sign_in, log_lines) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    response = client.post(
        f"/tasks/{town.task.id}/progress", data={"text": "x"}, headers={"X-Request-ID": "req-1"}
    )
    assert response.status_code == 400  # no CSRF token: refused and logged
    assert response.headers["X-Request-ID"] == "req-1"
    refused = [line for line in log_lines if "CSRF refused" in line]
    assert refused and all("[req-1] tracker.web.errors:" in line for line in refused)


def test_error_pages_carry_the_id_too(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/no/such/page", headers={"X-Request-ID": "lost-1"})
    assert response.status_code == 404 and response.headers["X-Request-ID"] == "lost-1"
