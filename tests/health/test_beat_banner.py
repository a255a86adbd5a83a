"""Coordinators see a warning on every page when beat has not run for two hours; nobody else does."""

from __future__ import annotations

from datetime import timedelta

from tracker.clock import stamp
from tracker.health.heartbeats import BEAT, record


def _banner(client, path: str = "/") -> str | None:  # type: ignore[no-untyped-def]
    page = client.get(path).get_data(as_text=True)
    start = page.find('id="beat-banner"')
    return None if start < 0 else page[start : page.index("</p>", start)]


def test_a_coordinator_is_warned_on_every_page_when_beat_never_ran(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    for path in ("/", "/dashboard", "/plans", f"/tasks/{town.task.id}"):
        banner = _banner(client, path)
        assert banner is not None and "从未运行" in banner, path


def test_other_roles_are_not_warned(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    for person in (town.owner, town.leader, town.viewer):
        assert _banner(sign_in(person)) is None


def test_the_warning_names_when_beat_last_ran_after_two_hours(town, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    record(session, BEAT, "host pid 1", at=stamp() - timedelta(hours=2, minutes=5))
    session.flush()
    banner = _banner(sign_in(town.coordinator))
    assert banner is not None and "自" in banner and "起未运行" in banner


def test_no_warning_while_beat_ran_within_two_hours(town, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    record(session, BEAT, "host pid 1", at=stamp() - timedelta(hours=1, minutes=55))
    session.flush()
    assert _banner(sign_in(town.coordinator)) is None


def test_the_warning_is_read_once_a_minute_per_process(town, session, sign_in, app) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    assert _banner(client) is not None
    record(session, BEAT, "host pid 1")
    session.flush()
    assert _banner(client) is not None, "still the verdict read a moment ago"
    app.extensions["luoshi"].pop("beat_banner")
    assert _banner(client) is None
