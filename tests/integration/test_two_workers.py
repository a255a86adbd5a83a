"""Two Celery workers on one Redis share a day's mail and never send one twice.

The worker that decides the day hands the outbox to several send jobs (`TRACKER_MAIL_SENDERS`); both
workers take some, and each claims small batches (`TRACKER_MAIL_BATCH_SIZE=3`) from the same rows
while the SMTP server answers slowly, so their claims keep meeting. A claim that were not atomic would
show here as a recipient receiving two mails (or one row marked sent by both)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tracker.db import Database
from tracker.jobs import JobQueue
from tracker.reminders.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.integration

MONDAY = date(2026, 3, 2)
OWNERS = 30
SENT = re.compile(r"reminders\.send_pending\[[^\]]+\] succeeded in [\d.]+s: \{'sent': (\d+)")


def test_two_workers_share_the_days_mail_and_send_each_once(
    fresh_database_url: str,
    private_redis: Any,
    start_worker,
    wait_for,
    seed_reminder_town,
    smtp_server,
    tmp_path: Path,
) -> None:  # type: ignore[no-untyped-def]
    seed_reminder_town(fresh_database_url, OWNERS)
    smtp_server.delay_seconds = 0.05  # slow enough that both workers are sending at the same time
    env = {
        "TRACKER_DATABASE_URL": fresh_database_url,
        "TRACKER_BROKER_URL": private_redis.url,
        "TRACKER_VAR_DIR": str(tmp_path / "var"),
        "TRACKER_TODAY": MONDAY.isoformat(),
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(smtp_server.port),
        "TRACKER_MAIL_BATCH_SIZE": "3",
        "TRACKER_MAIL_SENDERS": "4",
    }
    workers = [start_worker(env), start_worker(env)]
    JobQueue(private_redis.url).send("reminders.run_cycle", MONDAY.isoformat())

    database = Database(fresh_database_url)

    def all_sent() -> bool:
        with database.unit_of_work() as session:
            rows = session.scalars(select(Delivery.status)).all()
        return len(rows) == OWNERS + 1 and all(status is DeliveryStatus.SENT for status in rows)

    wait_for(all_sent, 120, "every delivery to be sent")
    wait_for(lambda: len(smtp_server.messages()) >= OWNERS + 1, 10, "the mail to arrive")
    database.dispose()

    received = Counter(address for mail in smtp_server.messages() for address in mail.envelope_to)
    expected = {f"owner{n}@town.example" for n in range(OWNERS)} | {"coord@town.example"}
    assert set(received) == expected
    assert all(count == 1 for count in received.values()), received  # nobody got a mail twice
    message_ids = [mail.message["Message-ID"] for mail in smtp_server.messages()]
    assert len(set(message_ids)) == len(message_ids)

    def sent_by(worker: Any) -> int:
        return sum(int(count) for count in SENT.findall(worker.log()))

    wait_for(lambda: sum(sent_by(worker) for worker in workers) == OWNERS + 1, 20, "the send jobs to finish")
    shares = [sent_by(worker) for worker in workers]
    assert all(share > 0 for share in shares), (shares, [worker.log()[-3000:] for worker in workers])
