"""Reminders end to end: a real Celery worker on Redis decides the day and sends the digests to a
real SMTP server, and no fault loses a mail or sends one twice (a repeat keeps its Message-ID)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tracker.db import Database
from tracker.jobs import JobQueue, enqueue_after_commit
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus, ReminderCycle

pytestmark = pytest.mark.integration

MONDAY = date(2026, 3, 2)
BASE_URL = "http://luoshi.town.example"


def worker_env(database_url: str, redis: Any, smtp: Any, var_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_BROKER_URL": redis.url,
        "TRACKER_VAR_DIR": str(var_dir),
        "TRACKER_TODAY": MONDAY.isoformat(),
        "TRACKER_BASE_URL": BASE_URL,
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(smtp.port),
        "TRACKER_MAIL_RETRY_BASE_SECONDS": "0.3",
        "TRACKER_MAIL_LEASE_SECONDS": "3",
        "TRACKER_MAIL_SWEEP_SECONDS": "1",
        **extra,
    }


def rows(database_url: str) -> list[Delivery]:
    database = Database(database_url)
    with database.unit_of_work() as session:
        found = list(session.scalars(select(Delivery).order_by(Delivery.id)))
    database.dispose()
    return found


def all_sent(database_url: str, expected: int) -> bool:
    found = rows(database_url)
    return len(found) == expected and all(row.status is DeliveryStatus.SENT for row in found)


def tried_at_least(database_url: str, expected: int, tries: int) -> bool:
    found = rows(database_url)
    return len(found) == expected and all(row.attempts >= tries for row in found)


def by_recipient(smtp: Any) -> dict[str, list[str]]:
    """Envelope recipient → the Message-IDs received for it, in order."""
    received: dict[str, list[str]] = defaultdict(list)
    for mail in smtp.messages():
        for address in mail.envelope_to:
            received[address].append(mail.message["Message-ID"])
    return received


def expected_addresses(owners: int) -> set[str]:
    return {f"owner{number}@town.example" for number in range(owners)} | {"coord@town.example"}


def test_the_worker_decides_the_day_and_the_smtp_server_receives_each_digest_once(
    fresh_database_url: str,
    private_redis: Any,
    smtp_server: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    tmp_path: Path,
) -> None:
    seed_reminder_town(fresh_database_url, owners=3)
    start_worker(worker_env(fresh_database_url, private_redis, smtp_server, tmp_path))
    JobQueue(private_redis.url).send("reminders.run_cycle", MONDAY.isoformat())

    wait_for(lambda: all_sent(fresh_database_url, 4), 60, "every delivery to be sent")
    received = by_recipient(smtp_server)
    assert set(received) == expected_addresses(3)
    assert all(len(ids) == 1 for ids in received.values()), received

    mail = next(m.message for m in smtp_server.messages() if m.envelope_to == ["owner0@town.example"])
    assert mail["Subject"] == "【落实】2026年3月2日任务提醒：即将到期1项，通知1项"
    assert mail["To"] == "责任人0 <owner0@town.example>"
    assert re.fullmatch(r"<luoshi\.daily\.20260302\.\d+@luoshi\.town\.example>", mail["Message-ID"])
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    links = set(re.findall(r"http://luoshi\.town\.example/tasks/\d+", text))
    assert len(links) == 1
    assert links <= set(re.findall(r"http://luoshi\.town\.example/tasks/\d+", html))
    assert "普法任务0" in text and "普法任务0" in html
    assert "距截止还有 1 个工作日" in text
    (ics,) = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar_text = ics.get_content() if isinstance(ics.get_content(), str) else ics.get_content().decode()
    assert "DTSTART;VALUE=DATE:20260303" in calendar_text
    assert "SUMMARY:截止：普法任务0" in calendar_text
    weekly = next(m.message for m in smtp_server.messages() if m.envelope_to == ["coord@town.example"])
    assert weekly["Subject"] == "【落实】每周督办汇总（2026年3月2日）"
    assert "5 个工作日内到期 3 项" in weekly.get_body(("plain",)).get_content()


def test_while_the_smtp_server_is_down_mail_waits_and_is_delivered_once_when_it_returns(
    fresh_database_url: str,
    private_redis: Any,
    smtp_server_down: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    tmp_path: Path,
) -> None:
    seed_reminder_town(fresh_database_url, owners=3)
    start_worker(worker_env(fresh_database_url, private_redis, smtp_server_down, tmp_path))
    JobQueue(private_redis.url).send("reminders.run_cycle", MONDAY.isoformat())
    wait_for(lambda: tried_at_least(fresh_database_url, 4, tries=2), 30, "two failed tries of every row")
    assert all(row.status is DeliveryStatus.PENDING for row in rows(fresh_database_url))

    smtp_server_down.start()
    wait_for(lambda: all_sent(fresh_database_url, 4), 60, "delivery after the server returned")
    received = by_recipient(smtp_server_down)
    assert set(received) == expected_addresses(3)
    assert all(len(ids) == 1 for ids in received.values()), received


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_keep_their_message_id(
    fresh_database_url: str,
    private_redis: Any,
    smtp_server: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    tmp_path: Path,
) -> None:
    seed_reminder_town(fresh_database_url, owners=6)
    smtp_server.delay_seconds = 0.4
    env = worker_env(fresh_database_url, private_redis, smtp_server, tmp_path)
    doomed = start_worker(env)
    JobQueue(private_redis.url).send("reminders.run_cycle", MONDAY.isoformat())
    wait_for(lambda: len(smtp_server.messages()) >= 2, 60, "the batch to be under way")
    doomed.kill()
    assert not all_sent(fresh_database_url, 7)

    smtp_server.delay_seconds = 0
    start_worker(env, beat=True)  # its sweep finds the rows once the dead worker's lease runs out
    wait_for(lambda: all_sent(fresh_database_url, 7), 90, "the survivor to send the rest")
    received = by_recipient(smtp_server)
    assert set(received) == expected_addresses(6)
    for address, message_ids in received.items():
        assert len(set(message_ids)) == 1, (address, message_ids)


def test_two_beats_firing_at_once_decide_the_day_once(
    fresh_database_url: str,
    private_redis: Any,
    smtp_server: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    tmp_path: Path,
) -> None:
    seed_reminder_town(fresh_database_url, owners=3)
    env = worker_env(fresh_database_url, private_redis, smtp_server, tmp_path)
    start_worker(env)
    start_worker(env)
    queue = JobQueue(private_redis.url)
    queue.send("reminders.run_cycle", MONDAY.isoformat())
    queue.send("reminders.run_cycle", MONDAY.isoformat())

    wait_for(lambda: all_sent(fresh_database_url, 4), 60, "every delivery to be sent")
    wait_for(lambda: len(smtp_server.messages()) >= 4, 10, "the mail to arrive")
    received = by_recipient(smtp_server)
    assert set(received) == expected_addresses(3)
    assert all(len(ids) == 1 for ids in received.values()), received
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        assert [cycle.day for cycle in session.scalars(select(ReminderCycle))] == [MONDAY]
    database.dispose()


def test_a_redis_restart_between_publish_and_consume_loses_no_mail(
    fresh_database_url: str,
    private_redis: Any,
    smtp_server: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    tmp_path: Path,
) -> None:
    seed_reminder_town(fresh_database_url, owners=3)
    env = worker_env(fresh_database_url, private_redis, smtp_server, tmp_path)
    database = Database(fresh_database_url)
    from tracker.config import Settings

    settings = Settings.from_env(env)
    with database.unit_of_work() as session:
        run_cycle(session, settings, MONDAY)
        enqueue_after_commit(session, JobQueue(private_redis.url), "reminders.send_pending")
    database.dispose()
    private_redis.restart()  # the published job is gone with the broker's memory

    start_worker(env, beat=True)
    wait_for(lambda: all_sent(fresh_database_url, 4), 60, "the outbox sweep to send everything")
    received = by_recipient(smtp_server)
    assert set(received) == expected_addresses(3)
    assert all(len(ids) == 1 for ids in received.values()), received
