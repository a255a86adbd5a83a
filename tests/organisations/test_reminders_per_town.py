"""Reminders, escalations and the weekly summary stay within a town: a town's 主要负责人 and
coordinators hear of their own town's late work, never another town's, and a coordinator's weekly
figures count their own town's tasks."""

from __future__ import annotations

from datetime import date

from tracker.accounts.models import Role
from tracker.reminders.cycle import plan_day
from tracker.reminders.models import MailKind

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
    from tracker.reminders.cycle import run_cycle

    assert run_cycle(session, settings, LATE_MONDAY).deliveries
    page = sign_in(county.east.coordinator).get("/admin/reminders/outbox").get_data(as_text=True)
    assert "east_zhang@town.example" in page and "west_zhang@town.example" not in page
