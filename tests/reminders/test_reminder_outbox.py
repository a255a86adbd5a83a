"""The outbox: rows are claimed with a lease, sent once, backed off while the server is down (never
given up), failed only on a permanent refusal and retried by hand, one or all; on the embedded
default the mail lands in `var/outbox/` as .eml files."""

from __future__ import annotations

import email
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.audit import AuditEvent
from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.mail import (
    MailServerUnavailable,
    MailTransport,
    MessageRejected,
    OutgoingMail,
    list_outbox_files,
    read_outbox_file,
)
from tracker.organisations.service import sole_organisation
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryMessage, DeliveryStatus, MailKind
from tracker.reminders.outbox import (
    backoff_seconds,
    claim_due_deliveries,
    mark_sent,
    retry_all_failed,
    retry_failed,
)
from tracker.reminders.sending import send_pending

MONDAY = date(2026, 3, 2)


@pytest.fixture
def decided(session: Session, settings: Settings, make_department, make_user, make_task) -> list[Delivery]:
    """Monday's cycle for three owners, each with a task due tomorrow; committed to the test's savepoint."""
    unit = make_department("司法所")
    for name in ("zhang", "li", "wang"):
        make_task(f"{name}的任务", date(2026, 3, 3), make_user(name, department=unit), unit)
    run_cycle(session, settings, MONDAY)
    session.commit()
    return list(session.scalars(select(Delivery).order_by(Delivery.id)))


@pytest.fixture
def now(decided: list[Delivery]) -> datetime:
    """A moment after the rows were written (they are due from their creation)."""
    return stamp() + timedelta(minutes=1)


def statuses(session: Session) -> list[str]:
    session.expire_all()
    return [row.status.value for row in session.scalars(select(Delivery).order_by(Delivery.id))]


def test_a_claim_takes_due_rows_once_until_its_lease_runs_out(
    session: Session, decided: list[Delivery], now: datetime
) -> None:
    first = claim_due_deliveries(session, now, lease_seconds=60, limit=2)
    second = claim_due_deliveries(session, now, lease_seconds=60, limit=10)
    assert [view.id for view in first.deliveries] == [decided[0].id, decided[1].id]
    assert [view.id for view in second.deliveries] == [decided[2].id]
    assert claim_due_deliveries(session, now + timedelta(seconds=30), 60, 10).deliveries == []
    assert mark_sent(session.connection(), second.token, decided[2].id, now)
    # The first claimant died: after the lease another worker takes its rows, and the late
    # claimant can no longer mark them.
    later = claim_due_deliveries(session, now + timedelta(seconds=61), 60, 10)
    assert [view.id for view in later.deliveries] == [decided[0].id, decided[1].id]
    assert not mark_sent(session.connection(), first.token, decided[0].id, now)
    assert mark_sent(session.connection(), later.token, decided[0].id, now)


def test_the_embedded_default_writes_each_mail_once_as_an_eml_file(
    database: Database, settings: Settings, session: Session, decided: list[Delivery]
) -> None:
    report = send_pending(database, settings)
    assert (report.sent, report.retried, report.failed) == (3, 0, 0)
    assert statuses(session) == ["sent"] * 3
    files = list_outbox_files(settings)
    assert len(files) == 3
    message = email.message_from_bytes(read_outbox_file(settings, files[0].name) or b"", policy=default)
    assert message["Message-ID"].startswith("<luoshi.daily.20260302.")
    assert send_pending(database, settings).sent == 0
    assert len(list_outbox_files(settings)) == 3
    assert read_outbox_file(settings, "../luoshi.db") is None


def commit_deliveries(database: Database, count: int) -> None:
    """`count` due rows (one per new user) with their messages, committed."""
    with database.unit_of_work() as session:
        home = sole_organisation(session).id
        for n in range(count):
            user = User(organisation_id=home, username=f"u{n}", display_name=f"u{n}")
            session.add(user)
            session.flush()
            row = Delivery(
                recipient_id=user.id,
                organisation_id=home,
                day=MONDAY,
                kind=MailKind.DAILY,
                to_address=f"u{n}@town.example",
                payload={},
                message_id=f"<m{n}@town.example>",
            )
            session.add(row)
            session.flush()
            session.add(DeliveryMessage(delivery_id=row.id, data=b"Subject: x\r\n\r\nx\r\n"))


class WatchingServer(MailTransport):
    """Accepts every mail, and at each one reads, on a connection of its own, what is committed."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.committed: list[list[str]] = []

    def send(self, mail: OutgoingMail) -> None:
        with self.database.read_sessions() as session:
            rows = session.scalars(select(Delivery.status).order_by(Delivery.id))
            self.committed.append([status.value for status in rows])


def test_each_accepted_mail_is_committed_as_sent_before_the_next_on_one_connection(
    fresh_database_url: str, tmp_path
) -> None:
    """Issue 12 with issue 4's speed: when the server gets a mail, every mail it accepted before is
    already committed as sent (a crash repeats at most the mail in flight), and the whole run, claims
    and marks, uses one pooled connection (no checkout, no new session per mail)."""
    database, observer = Database(fresh_database_url), Database(fresh_database_url)
    commit_deliveries(database, 3)
    checkouts: list[object] = []
    event.listen(database.engine, "checkout", lambda *_: checkouts.append(1))
    server = WatchingServer(observer)
    settings = Settings(var_dir=tmp_path, database_url=fresh_database_url, mail_batch_size=2)
    try:
        assert send_pending(database, settings, transport_factory=lambda _: server).sent == 3
        assert server.committed == [
            ["sending", "sending", "pending"],
            ["sent", "sending", "pending"],
            ["sent", "sent", "sending"],  # the second claim, on the same connection
        ]
        assert len(checkouts) == 1
        with observer.read_sessions() as session:
            assert session.scalars(select(Delivery.status)).all() == [DeliveryStatus.SENT] * 3
    finally:
        database.dispose()
        observer.dispose()


class DownServer(MailTransport):
    """A transport whose server never answers (the SMTP variant is tested for real in integration)."""

    def send(self, mail: OutgoingMail) -> None:
        raise MailServerUnavailable("connection refused")


def test_while_the_server_is_down_rows_back_off_and_never_give_up(
    database: Database, settings: Settings, session: Session, decided: list[Delivery], now: datetime
) -> None:
    """Issue 12, break 6: a server down for hours (more tries than the old limit of 12) leaves every
    row waiting, its backoff capped, and delivered when the server is back."""
    settings = settings.with_changes(mail_retry_base_seconds=10, mail_retry_max_seconds=120)
    clock = [now]
    for _ in range(20):
        report = send_pending(
            database, settings, transport_factory=lambda _: DownServer(), clock=lambda: clock[0]
        )
        assert report.server_down and report.failed == 0
        session.expire_all()
        row = session.get(Delivery, decided[0].id)
        assert row.status is DeliveryStatus.PENDING and "connection refused" in (row.last_error or "")
        assert row.next_attempt_at - clock[0] <= timedelta(seconds=121)
        clock[0] = row.next_attempt_at + timedelta(seconds=1)
    assert statuses(session) == ["pending"] * 3
    assert [row.attempts for row in session.scalars(select(Delivery))] == [20] * 3
    assert [backoff_seconds(n, 10, 120) for n in (1, 2, 3, 4, 10, 500)] == [10, 20, 40, 80, 120, 120]
    assert send_pending(database, settings, clock=lambda: clock[0]).sent == 3
    assert statuses(session) == ["sent"] * 3


class RefusingServer(MailTransport):
    """The server answers 550 for one mailbox (permanent) and 452 for another (try again later)."""

    def __init__(self, permanent: str, temporary: str) -> None:
        self.permanent, self.temporary = permanent, temporary
        self.accepted: list[str] = []

    def send(self, mail: OutgoingMail) -> None:
        if self.permanent in mail.recipients[0]:
            raise MessageRejected("550 mailbox unavailable", permanent=True)
        if self.temporary in mail.recipients[0]:
            raise MessageRejected("452 mailbox full", permanent=False)
        self.accepted.append(mail.recipients[0])


def test_only_a_permanent_refusal_fails_a_row_and_every_other_row_goes_out(
    database: Database, settings: Settings, session: Session, decided: list[Delivery], now: datetime
) -> None:
    server = RefusingServer(permanent="zhang", temporary="li")
    report = send_pending(database, settings, transport_factory=lambda _: server, clock=lambda: now)
    assert (report.sent, report.retried, report.failed) == (1, 1, 1)
    assert statuses(session) == ["failed", "pending", "sent"]
    assert server.accepted == ["wang@town.example"]


def test_failed_rows_are_retried_by_hand_one_or_all_and_each_retry_is_on_record(
    database: Database, settings: Settings, session: Session, decided: list[Delivery], now: datetime
) -> None:
    server = RefusingServer(permanent="@town.example", temporary="-")
    send_pending(database, settings, transport_factory=lambda _: server, clock=lambda: now)
    assert statuses(session) == ["failed"] * 3
    assert retry_failed(session, decided[0].id, now, settings) is not None
    assert retry_failed(session, decided[0].id, now, settings) is None  # no longer failed
    session.commit()
    assert send_pending(database, settings, clock=lambda: now).sent == 1
    assert statuses(session) == ["sent", "failed", "failed"]
    outcome = retry_all_failed(session, now, settings)
    session.commit()
    assert (outcome.retried, outcome.unsendable) == (2, {})
    assert send_pending(database, settings, clock=lambda: now).sent == 2
    assert statuses(session) == ["sent"] * 3
    retried = session.scalars(select(AuditEvent).where(AuditEvent.action == "delivery.retried")).all()
    assert len(retried) == 3


def test_the_mail_says_it_in_chinese_in_both_parts_with_links_and_the_deadlines(
    database: Database, settings: Settings, decided: list[Delivery]
) -> None:
    send_pending(database, settings)
    first = decided[0]
    name = f"luoshi.daily.20260302.{first.recipient_id}@127.0.0.1.eml"
    message: EmailMessage = email.message_from_bytes(read_outbox_file(settings, name) or b"", policy=default)
    assert message["Subject"] == "【落实】2026年3月2日任务提醒：即将到期1项，通知1项"
    assert message["To"] == "zhang <zhang@town.example>"
    assert message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    task_url = f"{settings.base_url}/tasks/{decided[0].payload['items'][0]['task_id']}"
    for part in (text, html):
        assert "zhang的任务" in part
        assert "距截止还有 1 个工作日" in part
        assert "您已被指定为责任人" in part  # the assignment notice of the first cycle
        assert task_url in part
        assert f"{settings.base_url}/reminders/pause/" in part
    assert "蓝色提示" in text
    assert text.index("蓝色提示") < text.index("通知")
    (ics,) = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "deadlines.ics"
    calendar_text = ics.get_content() if isinstance(ics.get_content(), str) else ics.get_content().decode()
    assert "DTSTART;VALUE=DATE:20260303" in calendar_text
    assert task_url in calendar_text
    assert message["List-Unsubscribe"].startswith(f"<{settings.base_url}/reminders/pause/")
