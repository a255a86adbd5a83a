"""One bad user record fails its own delivery, never the day's mail for everybody (issue 12, break 3):
an address that cannot be encoded becomes one failed row with its reason on the outbox page, the
others go out; `<>"` in a name never garbles the To header; full-width punctuation is corrected;
addresses and names are checked where people enter them; a corrected user's row can be retried."""

from __future__ import annotations

import email
from datetime import date
from email.headerregistry import Address
from email.policy import default

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.errors import RuleError
from tracker.mail import list_outbox_files, read_outbox_file
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus
from tracker.reminders.outbox import retry_failed
from tracker.reminders.sending import send_pending

MONDAY = date(2026, 3, 2)
PEOPLE = {
    # username: (display name, stored email) as an older version (or a database edit) left them
    "fine": ("张三", "zhang@town.example"),
    "quoted": ('王"<五>', "wang@town.example"),
    "newline_name": ("陈\n六", "chen@town.example"),
    "full_width": ("李四", "li＠town。example"),
    "crlf": ("赵七", "zhao@town.example\r\nBcc: all@town.example"),
    "chinese_local": ("孙八", "孙八@town.example"),
}


@pytest.fixture
def day_decided(
    session: Session, settings: Settings, make_department, make_user, make_task
) -> dict[str, Delivery]:
    unit = make_department("司法所")
    for username, (name, address) in PEOPLE.items():
        person = make_user(username, department=unit, email=address)
        person.display_name = name
        make_task(f"{name}的任务", date(2026, 3, 3), person, unit)
    session.flush()
    outcome = run_cycle(session, settings, MONDAY)
    session.commit()
    assert outcome.ran
    rows = session.scalars(select(Delivery).join(Delivery.recipient)).all()
    return {row.recipient.username: row for row in rows}


def test_the_cycle_writes_every_row_and_fails_only_the_ones_no_mail_can_carry(day_decided) -> None:
    statuses = {name: row.status for name, row in day_decided.items()}
    assert statuses == {
        "fine": DeliveryStatus.PENDING,
        "quoted": DeliveryStatus.PENDING,
        "newline_name": DeliveryStatus.PENDING,
        "full_width": DeliveryStatus.PENDING,
        "crlf": DeliveryStatus.FAILED,
        "chinese_local": DeliveryStatus.FAILED,
    }
    assert "换行或控制字符" in (day_decided["crlf"].last_error or "")
    assert "不是可以发送的邮箱地址" in (day_decided["chinese_local"].last_error or "")


def test_the_others_are_delivered_with_headers_that_read_back_exactly(
    day_decided, database: Database, settings: Settings
) -> None:
    report = send_pending(database, settings)
    assert (report.sent, report.failed) == (4, 0)
    headers = {}
    for listed in list_outbox_files(settings):
        message = email.message_from_bytes(read_outbox_file(settings, listed.name) or b"", policy=default)
        (to,) = message["To"].addresses
        headers[to.addr_spec] = to.display_name
    assert headers == {
        "zhang@town.example": "张三",
        "wang@town.example": '王"<五>',
        "chen@town.example": "陈 六",
        "li@town.example": "李四",
    }


def test_the_outbox_page_shows_the_failed_row_with_its_reason(
    day_decided, session, make_user, sign_in
) -> None:
    from tracker.accounts.models import Role

    coordinator = make_user("coord", Role.COORDINATOR)
    page = sign_in(coordinator).get("/admin/reminders/outbox?status=failed").get_data(as_text=True)
    assert "失败（2）" in page and "含有换行或控制字符" in page and "不是可以发送的邮箱地址" in page
    assert "全部重试（2 封失败）" in page


def test_a_corrected_address_is_what_the_retry_sends_to(
    day_decided, session: Session, database: Database, settings: Settings
) -> None:
    row = day_decided["chinese_local"]
    with pytest.raises(RuleError, match="不是可以发送的邮箱地址"):
        retry_failed(session, row.id, stamp(), settings)
    session.rollback()
    person = session.get(User, row.recipient_id)
    person.email = "sun@town.example"
    session.flush()
    assert retry_failed(session, row.id, stamp(), settings) is not None
    session.commit()
    send_pending(database, settings)
    session.refresh(row)
    assert (row.status, row.to_address) == (DeliveryStatus.SENT, "sun@town.example")


def test_a_display_name_with_brackets_and_quotes_is_one_mailbox() -> None:
    header = str(Address(display_name='王"<五>', addr_spec="wang@town.example"))
    parsed = email.message_from_string(f"To: {header}\n\n", policy=default)["To"].addresses
    assert [(one.display_name, one.addr_spec) for one in parsed] == [('王"<五>', "wang@town.example")]
