"""Sending what the outbox holds: claim a batch, send it over one connection, record the outcome.

Used by the Celery task (`workers.reminders.send_pending`), `tracker reminders send` and the bench.
A batch is claimed and recorded in short transactions of its own; the mail goes out in between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.mail import MailServerUnavailable, MailTransport, MessageRejected, open_transport
from tracker.reminders.outbox import ClaimedMail, RetryPolicy, claim_due_deliveries, mark_sent, record_failure

log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    server_down: bool = False


@dataclass
class _BatchOutcome:
    sent: list[int]
    rejected: list[tuple[int, str, bool]]
    unsent: list[int]
    server_error: str | None = None


def _send_batch(transport: MailTransport, batch: list[ClaimedMail]) -> _BatchOutcome:
    outcome = _BatchOutcome(sent=[], rejected=[], unsent=[])
    for position, delivery in enumerate(batch):
        try:
            transport.send(delivery.mail)
        except MessageRejected as error:
            log.warning("delivery %s to %s rejected: %s", delivery.id, delivery.mail.recipients, error)
            outcome.rejected.append((delivery.id, str(error), error.permanent))
        except MailServerUnavailable as error:
            log.warning("mail server unavailable, %d deliveries wait: %s", len(batch) - position, error)
            outcome.unsent = [pending.id for pending in batch[position:]]
            outcome.server_error = str(error)
            break
        else:
            outcome.sent.append(delivery.id)
    return outcome


def _record(
    database: Database, token: str, outcome: _BatchOutcome, policy: RetryPolicy, report: SendReport
) -> None:
    with database.unit_of_work() as session:
        now = stamp()
        report.sent += mark_sent(session, token, outcome.sent, now)
        for delivery_id, error, permanent in outcome.rejected:
            retried, failed = record_failure(session, token, [delivery_id], now, error, policy, permanent)
            report.retried += retried
            report.failed += failed
        if outcome.unsent:
            retried, failed = record_failure(
                session, token, outcome.unsent, now, outcome.server_error or "", policy, permanent=False
            )
            report.retried += retried
            report.failed += failed


def send_pending(
    database: Database,
    settings: Settings,
    *,
    transport_factory: Callable[[Settings], MailTransport] = open_transport,
    clock: Callable[[], datetime] = stamp,
) -> SendReport:
    """Send every due row, batch after batch over one connection, until none is left or the
    server is down (the rows then wait for their backoff; `report.server_down` tells the caller)."""
    policy = RetryPolicy(settings.mail_max_tries, settings.mail_retry_base_seconds)
    report = SendReport()
    with transport_factory(settings) as transport:
        while True:
            with database.unit_of_work() as session:
                claim = claim_due_deliveries(
                    session, clock(), settings.mail_lease_seconds, settings.mail_batch_size
                )
            if not claim.deliveries:
                break
            outcome = _send_batch(transport, claim.deliveries)
            _record(database, claim.token, outcome, policy, report)
            if outcome.server_error is not None:
                report.server_down = True
                break
    return report
