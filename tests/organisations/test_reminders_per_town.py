"""Reminders, escalations and the weekly summary stay within a town: a town's 主要负责人 and
coordinators hear of their own town's late work, never another town's, and a coordinator's weekly
figures count their own town's tasks. The outbox page lists a town's coordinator their town's mail
only, and on the embedded default (mail written to var/outbox/) the files of that mail only; a
county's coordinator sees their towns'."""

from __future__ import annotations

import email
import re
from datetime import date
from email.policy import default

import pytest

from tracker.accounts.models import Role
from tracker.reminders.cycle import plan_day, run_cycle
from tracker.reminders.models import MailKind
from tracker.reminders.sending import send_pending

LATE_MONDAY = date(2026, 12, 7)  # the fixture tasks were due 2026-06-30: red by now, a summary day


def test_a_towns_escalations_and_weekly_figures_are_its_own(session, settings, county, make_user) -> None:  # type: ignore[no-untyped-def]
    east, west = county.east, county.west
    west.task.status = west.task.status.DONE  # only east's task is late
    principals = {
        town.organisation.id: make_user(
            f"{town.organisation.name}_head", Role.LEADER, is_principal=True, organisation=town.organisation
        )
        for town in county.towns
    }
    session.flush()
    day = plan_day(session, settings, LATE_MONDAY)
    told = {
        (mail.recipient_id, item["task_id"])
        for mail in day.mails
        if mail.kind is MailKind.DAILY
        for item in mail.payload.get("items", [])
    }
    assert (principals[east.organisation.id].id, east.task.id) in told
    assert (east.coordinator.id, east.task.id) in told
    for outsider in (principals[west.organisation.id], west.coordinator, county.coordinator):
        assert (outsider.id, east.task.id) not in told

    weekly = {mail.recipient_id: mail.payload["totals"] for mail in day.mails if mail.kind is MailKind.WEEKLY}
    assert weekly[east.coordinator.id]["total"] == 1 and weekly[east.coordinator.id]["red"] == 1
    assert weekly[west.coordinator.id]["total"] == 1 and weekly[west.coordinator.id]["done"] == 1


def test_a_towns_outbox_lists_its_own_mail(session, settings, county, sign_in) -> None:  # type: ignore[no-untyped-def]
    assert run_cycle(session, settings, LATE_MONDAY).deliveries
    page = sign_in(county.east.coordinator).get("/admin/reminders/outbox").get_data(as_text=True)
    assert "east_zhang@town.example" in page and "west_zhang@town.example" not in page


@pytest.fixture
def written(session, settings, database, county) -> None:  # type: ignore[no-untyped-def]
    """The late Monday's mail of both towns and the county, written to the file outbox."""
    assert run_cycle(session, settings, LATE_MONDAY).deliveries
    session.commit()
    send_pending(database, settings)


def listed_files(client) -> set[str]:  # type: ignore[no-untyped-def]
    page = client.get("/admin/reminders/outbox").get_data(as_text=True)
    return set(re.findall(r'href="/admin/reminders/outbox/files/([^"]+)"', page))


def addressee(client, name: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/admin/reminders/outbox/files/{name}")
    assert response.status_code == 200, name
    return str(email.message_from_bytes(response.data, policy=default)["To"])


def test_each_towns_coordinator_lists_and_opens_only_their_towns_mail_files(written, county, sign_in) -> None:  # type: ignore[no-untyped-def]
    east, west = sign_in(county.east.coordinator), sign_in(county.west.coordinator)
    east_files, west_files = listed_files(east), listed_files(west)
    assert east_files and west_files and not east_files & west_files
    assert all("east_" in addressee(east, name) for name in east_files)
    assert all("west_" in addressee(west, name) for name in west_files)
    for name in west_files:  # another town's file is not found, as a missing one
        assert east.get(f"/admin/reminders/outbox/files/{name}").status_code == 404


def test_the_countys_coordinator_lists_every_towns_mail_files(written, county, sign_in) -> None:  # type: ignore[no-untyped-def]
    towns = listed_files(sign_in(county.east.coordinator)) | listed_files(sign_in(county.west.coordinator))
    client = sign_in(county.coordinator)
    assert towns <= listed_files(client)
    assert all(addressee(client, name) for name in towns)
