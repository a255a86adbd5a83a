"""Sending what the outbox holds: claim a batch, send it over one connection, record each outcome.

Used by the Celery task (`workers.reminders.send_pending`), `tracker reminders send` and the bench.
A batch is claimed in a short transaction of its own, and each row's outcome is recorded in another
right after the server answered for it: exactly once as far as SMTP allows (a crash between the
server's 250 and that commit repeats that one mail, with the same Message-ID). All these
transactions run on one session and connection held for the whole run
(`Database.units_on_one_connection`): a commit per mail, but no pool checkout or new session per
mail, and the sent mark, the one write of every mail, goes straight to the connection
(`outbox.mark_sent`); on SQLite those commits sync the WAL at checkpoints rather than at each
commit (durable against a killed worker; after a power cut a few mails may go again, with their
Message-IDs). Per mail that had cost several times the SMTP exchange itself (bench/README.md,
`bench/reminders.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.mail import MailServerUnavailable, MailTransport, MessageRejected, open_transport
from tracker.reminders.outbox import Claim, RetryPolicy, claim_due_deliveries, mark_sent, record_failure

log = logging.getLogger(__name__)


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    server_down: bool = False


def _send_batch(
    session: Session,
    transport: MailTransport,
    claim: Claim,
    policy: RetryPolicy,
    report: SendReport,
    clock: Callable[[], datetime],
) -> None:
    """Send a claimed batch over one connection, recording each row's outcome in a commit of its
    own as soon as it is known: a row the server accepted is marked sent before the next mail goes,
    so a crash repeats at most the one mail in flight (same Message-ID)."""
    connection = session.get_bind()
    assert isinstance(connection, Connection), "a send loop holds one connection"
    for position, delivery in enumerate(claim.deliveries):
        try:
            transport.send(delivery.mail)
        except MessageRejected as error:
            log.warning("delivery %s to %s rejected: %s", delivery.id, delivery.mail.recipients, error)
            _count(
                report,
                record_failure(
                    session, claim.token, [delivery.id], clock(), str(error), policy, error.permanent
                ),
            )
            session.commit()
        except MailServerUnavailable as error:
            waiting = [pending.id for pending in claim.deliveries[position:]]
            log.warning("mail server unavailable, %d deliveries wait: %s", len(waiting), error)
            _count(report, record_failure(session, claim.token, waiting, clock(), str(error), policy, False))
            session.commit()
            report.server_down = True
            return
        else:
            report.sent += mark_sent(connection, claim.token, delivery.id, clock())


def _count(report: SendReport, outcome: tuple[int, int]) -> None:
    retried, failed = outcome
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
    policy = RetryPolicy(settings.mail_retry_base_seconds, settings.mail_retry_max_seconds)
    report = SendReport()
    with (
        transport_factory(settings) as transport,
        database.units_on_one_connection(sync_at_checkpoints=True) as session,
    ):
        while True:
            claim = claim_due_deliveries(
                session, clock(), settings.mail_lease_seconds, settings.mail_batch_size
            )
            session.commit()
            if not claim.deliveries:
                break
            _send_batch(session, transport, claim, policy, report, clock)
            if report.server_down:
                break
    return report
