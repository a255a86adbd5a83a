"""The coordinator's outbox pages, the retry button, and pausing mail from a link or the settings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Role, User
from tracker.config import Settings
from tracker.db import Database
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus, ReminderPreference
from tracker.reminders.sending import send_pending
from tracker.reminders.unsubscribe import pause_token


@pytest.fixture
def people(make_user, make_department) -> dict[str, User]:
    unit = make_department("司法所")
    return {
        "coordinator": make_user("coord", Role.COORDINATOR),
        "owner": make_user("owner", Role.OWNER, unit),
        "viewer": make_user("inspector", Role.VIEWER),
    }


@pytest.fixture
def sent_outbox(
    session: Session, settings: Settings, database: Database, people, make_task
) -> list[Delivery]:
    """Monday's mail written to the file outbox, with the owner's row then marked failed."""
    make_task("普法讲座", date(2026, 3, 3), people["owner"], people["owner"].department)
    run_cycle(session, settings, date(2026, 3, 2))
    session.commit()
    send_pending(database, settings)
    rows = list(session.scalars(select(Delivery).order_by(Delivery.id)))
    rows[0].status = DeliveryStatus.FAILED
    rows[0].last_error = "550 mailbox unavailable"
    session.commit()
    return rows


def test_only_coordinators_see_the_outbox(sign_in, people, sent_outbox, app) -> None:
    page = sign_in(people["coordinator"]).get("/admin/reminders/outbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "550 mailbox unavailable" in html
    assert "重试" in html
    assert "文件发件箱" in html and ".eml" in html
    assert sign_in(people["owner"]).get("/admin/reminders/outbox").status_code == 403
    assert sign_in(people["viewer"]).get("/admin/reminders/outbox").status_code == 403
    assert app.test_client().get("/admin/reminders/outbox").status_code == 302


def test_the_outbox_files_can_be_downloaded_by_their_listed_names_only(sign_in, people, sent_outbox) -> None:
    client = sign_in(people["coordinator"])
    html = client.get("/admin/reminders/outbox").get_data(as_text=True)
    link = re.search(r'href="(/admin/reminders/outbox/files/[^"]+)"', html)
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response.mimetype == "message/rfc822"
    assert re.search(rb"Message-ID: <luoshi\.(daily|weekly)\.20260302\.", response.data)
    assert client.get("/admin/reminders/outbox/files/..%2Fluoshi.db").status_code == 404
    assert client.get("/admin/reminders/outbox/files/.hidden.eml").status_code == 404


def test_a_failed_mail_is_queued_again_by_the_retry_button(
    sign_in, people, sent_outbox, session: Session, settings: Settings, csrf_of
) -> None:
    settings.var_dir.mkdir(parents=True, exist_ok=True)  # the embedded broker's SQLite file lives there
    client = sign_in(people["coordinator"])
    token = csrf_of(client, "/admin/reminders/outbox?status=failed")
    failed = sent_outbox[0]
    response = client.post(f"/admin/reminders/deliveries/{failed.id}/retry", data={"csrf_token": token})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Delivery, failed.id).status is DeliveryStatus.PENDING
    again = client.post(f"/admin/reminders/deliveries/{failed.id}/retry", data={"csrf_token": token})
    assert again.status_code == 404
    assert "找不到该失败邮件" in again.get_data(as_text=True)
    assert client.post(f"/admin/reminders/deliveries/{failed.id}/retry").status_code == 400  # no CSRF token
    owner = sign_in(people["owner"])
    own_token = csrf_of(owner, "/reminders/preferences")
    refused = owner.post(f"/admin/reminders/deliveries/{failed.id}/retry", data={"csrf_token": own_token})
    assert refused.status_code == 403


def test_the_link_in_a_mail_pauses_due_soon_reminders_after_a_confirmation(
    app, people, session: Session, settings: Settings, csrf_of
) -> None:
    client = app.test_client()
    url = f"/reminders/pause/{pause_token(settings, people['owner'].id, 'due_soon')}"
    page = client.get(url)
    assert page.status_code == 200
    assert "确认暂停" in page.get_data(as_text=True)
    assert session.get(ReminderPreference, people["owner"].id) is None  # a GET changes nothing
    done = client.post(url, data={"csrf_token": csrf_of(client, url)})
    assert done.status_code == 200
    assert "逾期督办和任务通知仍会照常发送" in done.get_data(as_text=True)
    session.expire_all()
    assert session.get(ReminderPreference, people["owner"].id).pause_due_soon


def test_a_forged_pause_link_is_refused_in_chinese(app, people, settings: Settings) -> None:
    forged = pause_token(settings.with_changes(secret_key="another key"), people["owner"].id, "due_soon")
    response = app.test_client().get(f"/reminders/pause/{forged}")
    assert response.status_code == 404
    assert "该退订链接无效" in response.get_data(as_text=True)


def test_people_set_their_own_preferences(sign_in, people, session: Session, csrf_of) -> None:
    client = sign_in(people["owner"])
    page = client.get("/reminders/preferences")
    assert page.status_code == 200
    token = csrf_of(client, "/reminders/preferences")
    response = client.post("/reminders/preferences", data={"csrf_token": token, "pause_weekly": "y"})
    assert response.status_code == 302
    session.expire_all()
    preference = session.get(ReminderPreference, people["owner"].id)
    assert preference.pause_weekly and not preference.pause_due_soon
