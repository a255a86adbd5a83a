"""Reminders end to end: a real Celery worker on Redis decides the day and sends the digests to a
real SMTP server, and no fault loses a mail or sends one twice (a repeat keeps its Message-ID)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tracker import clock
from tracker.config import Settings
from tracker.db import Database
from tracker.jobs import JobQueue, enqueue_after_commit
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus, ReminderCycle
from tracker.tasks.extensions import request_extension
from tracker.tasks.models import Task

pytestmark = pytest.mark.integration

MONDAY = date(2026, 3, 2)
BASE_URL = "http://luoshi.town.example"


@dataclass
class Rig:
    """One test's committed database, private Redis, SMTP server and worker launcher."""

    database_url: str
    redis: Any
    smtp: Any
    start_worker: Callable[..., Any]
    wait_for: Callable[..., Any]
    var_dir: Path

    def env(self) -> dict[str, str]:
        return {
            "TRACKER_DATABASE_URL": self.database_url,
            "TRACKER_BROKER_URL": self.redis.url,
            "TRACKER_VAR_DIR": str(self.var_dir),
            "TRACKER_TODAY": MONDAY.isoformat(),
            "TRACKER_BASE_URL": BASE_URL,
            "TRACKER_SMTP_HOST": "127.0.0.1",
            "TRACKER_SMTP_PORT": str(self.smtp.port),
            "TRACKER_MAIL_RETRY_BASE_SECONDS": "0.3",
            "TRACKER_MAIL_LEASE_SECONDS": "3",
            "TRACKER_MAIL_SWEEP_SECONDS": "1",
        }

    def worker(self, *, beat: bool = False, **settings: str) -> Any:
        return self.start_worker({**self.env(), **settings}, beat=beat)

    def publish_cycle(self) -> None:
        JobQueue(self.redis.url).send("reminders.run_cycle", MONDAY.isoformat())

    def rows(self) -> list[Delivery]:
        database = Database(self.database_url)
        with database.unit_of_work() as session:
            found = list(session.scalars(select(Delivery).order_by(Delivery.id)))
        database.dispose()
        return found

    def wait_until_all_sent(self, expected: int, timeout: float, what: str) -> None:
        def all_sent() -> bool:
            found = self.rows()
            return len(found) == expected and all(row.status is DeliveryStatus.SENT for row in found)

        self.wait_for(all_sent, timeout, what)

    def received(self) -> dict[str, list[str]]:
        """Envelope recipient → the Message-IDs received for it, in order."""
        received: dict[str, list[str]] = defaultdict(list)
        for mail in self.smtp.messages():
            for address in mail.envelope_to:
                received[address].append(mail.message["Message-ID"])
        return received

    def assert_everyone_got_one_mail(self, owners: int, *, repeats_allowed: int = 0) -> None:
        """Each recipient got exactly one mail; with `repeats_allowed`, that many mails in all may
        have come twice, always with the same Message-ID (a crash between the server's 250 and the
        row's commit)."""
        received = self.received()
        assert set(received) == {f"owner{n}@town.example" for n in range(owners)} | {"coord@town.example"}
        for address, message_ids in received.items():
            assert len(set(message_ids)) == 1, (address, message_ids)
        repeats = sum(len(message_ids) - 1 for message_ids in received.values())
        assert repeats <= repeats_allowed, received


@pytest.fixture
def make_rig(
    fresh_database_url: str, private_redis: Any, start_worker, wait_for, seed_reminder_town, tmp_path: Path
) -> Callable[..., Rig]:
    def make(smtp: Any, owners: int) -> Rig:
        seed_reminder_town(fresh_database_url, owners)
        return Rig(fresh_database_url, private_redis, smtp, start_worker, wait_for, tmp_path / "var")

    return make


def test_the_worker_decides_the_day_and_the_smtp_server_receives_each_digest_once(
    make_rig, smtp_server
) -> None:
    rig = make_rig(smtp_server, owners=3)
    rig.worker()
    rig.publish_cycle()

    rig.wait_until_all_sent(4, 60, "every delivery to be sent")
    rig.assert_everyone_got_one_mail(3)
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
    calendar_text = ics.get_content()
    assert "DTSTART;VALUE=DATE:20260303" in calendar_text
    assert "SUMMARY:截止：普法任务0" in calendar_text
    assert links <= set(re.findall(r"http://luoshi\.town\.example/tasks/\d+", calendar_text))
    weekly = next(m.message for m in smtp_server.messages() if m.envelope_to == ["coord@town.example"])
    assert weekly["Subject"] == "【落实】每周督办汇总（2026年3月2日）"
    assert "5 个工作日内到期 3 项" in weekly.get_body(("plain",)).get_content()


def test_while_the_smtp_server_is_down_mail_waits_and_is_delivered_once_when_it_returns(
    make_rig, smtp_server_down
) -> None:
    rig = make_rig(smtp_server_down, owners=3)
    rig.worker()
    rig.publish_cycle()

    def tried_twice() -> bool:
        found = rig.rows()
        return len(found) == 4 and all(row.attempts >= 2 for row in found)

    rig.wait_for(tried_twice, 30, "two failed tries of every row")
    assert all(row.status is DeliveryStatus.PENDING for row in rig.rows())
    smtp_server_down.start()
    rig.wait_until_all_sent(4, 60, "delivery after the server returned")
    rig.assert_everyone_got_one_mail(3)


def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_keep_their_message_id(
    make_rig, smtp_server
) -> None:
    rig = make_rig(smtp_server, owners=6)
    smtp_server.delay_seconds = 0.4
    doomed = rig.worker()
    rig.publish_cycle()
    rig.wait_for(lambda: len(smtp_server.messages()) >= 2, 60, "the batch to be under way")
    doomed.kill()
    assert any(row.status is not DeliveryStatus.SENT for row in rig.rows())

    smtp_server.delay_seconds = 0
    rig.worker(beat=True)  # its sweep finds the rows once the dead worker's lease runs out
    rig.wait_until_all_sent(7, 90, "the survivor to send the rest")
    rig.assert_everyone_got_one_mail(6, repeats_allowed=1)


def test_mail_waits_out_a_server_down_longer_than_every_retry_delay_and_goes_out_once(
    make_rig, smtp_server_down
) -> None:
    """Issue 12, break 6: down for longer than the task's retries and more tries than the old limit
    of 12 (which marked every row failed): the rows wait, and go out once when the server is back."""
    rig = make_rig(smtp_server_down, owners=3)
    rig.worker(beat=True, TRACKER_MAIL_RETRY_BASE_SECONDS="0.2", TRACKER_MAIL_RETRY_MAX_SECONDS="1")
    rig.publish_cycle()

    def tried_fifteen_times() -> bool:
        found = rig.rows()
        return len(found) == 4 and all(row.attempts >= 15 for row in found)

    rig.wait_for(tried_fifteen_times, 120, "fifteen failed tries of every row")
    assert all(row.status is DeliveryStatus.PENDING for row in rig.rows())
    smtp_server_down.start()
    rig.wait_until_all_sent(4, 60, "delivery after the server returned")
    rig.assert_everyone_got_one_mail(3)


def test_an_extension_request_reaches_the_decider_within_minutes_through_the_worker(
    make_rig, smtp_server
) -> None:
    """After the day's digest, a request filed at a desk goes out on the next notices run (beat's
    `reminders.send_notices`), to the coordinators when the unit has no 分管领导; once."""
    rig = make_rig(smtp_server, owners=1)
    rig.worker()
    rig.publish_cycle()
    rig.wait_until_all_sent(2, 60, "the digests to be sent")
    database, settings = Database(rig.database_url), Settings.from_env(rig.env())
    with clock.following(settings), database.unit_of_work() as session:
        task = session.scalars(select(Task)).one()
        request_extension(
            session, task, by=task.owner, new_deadline=date(2026, 3, 31), reason="等待批复", today=MONDAY
        )
    database.dispose()
    for _ in range(2):  # two beats at once: told once
        JobQueue(rig.redis.url).send("reminders.send_notices")

    rig.wait_until_all_sent(3, 60, "the notice to be sent")
    rig.wait_for(lambda: len(smtp_server.messages()) >= 3, 10, "the mail to arrive")
    notices = [m.message for m in smtp_server.messages() if "延期申请" in m.message["Subject"]]
    assert [(m["Subject"], m["To"]) for m in notices] == [
        ("【落实】延期申请待审批：普法任务0", "司法所协调人 <coord@town.example>")
    ]
    assert re.fullmatch(
        r"<luoshi\.extension_request\.r\d+\.\d+@luoshi\.town\.example>", notices[0]["Message-ID"]
    )


def test_two_beats_firing_at_once_decide_the_day_once(make_rig, smtp_server) -> None:
    rig = make_rig(smtp_server, owners=3)
    rig.worker()
    rig.worker()
    rig.publish_cycle()
    rig.publish_cycle()

    rig.wait_until_all_sent(4, 60, "every delivery to be sent")
    rig.wait_for(lambda: len(smtp_server.messages()) >= 4, 10, "the mail to arrive")
    rig.assert_everyone_got_one_mail(3)
    database = Database(rig.database_url)
    with database.unit_of_work() as session:
        assert [cycle.day for cycle in session.scalars(select(ReminderCycle))] == [MONDAY]
    database.dispose()


def test_a_redis_restart_between_publish_and_consume_loses_no_mail(make_rig, smtp_server) -> None:
    rig = make_rig(smtp_server, owners=3)
    database, settings = Database(rig.database_url), Settings.from_env(rig.env())
    with clock.following(settings), database.unit_of_work() as session:  # as the installation's beat would
        run_cycle(session, settings, MONDAY)
        enqueue_after_commit(session, JobQueue(rig.redis.url), "reminders.send_pending")
    database.dispose()
    rig.redis.restart()  # the published job is gone with the broker's memory

    rig.worker(beat=True)
    rig.wait_until_all_sent(4, 60, "the outbox sweep to send everything")
    rig.assert_everyone_got_one_mail(3)
