"""The outbox's state changes: claim due rows with a lease, mark them sent, back off, fail, retry.

Each function is one short statement run in its own unit of work by the caller, so the claim is
committed before any mail leaves and a crash between sending and marking can only cause a repeat
(recognisable by its Message-ID), never a loss.

Claiming is atomic on both backends: PostgreSQL locks the rows it picks (FOR UPDATE SKIP LOCKED) and
the UPDATE re-checks the due condition; SQLite runs the whole claim as one statement, one writer at
a time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from tracker import audit
from tracker.mail import OutgoingMail
from tracker.reminders.models import Delivery, DeliveryMessage, DeliveryStatus

RETRY_DELAY_MAX_SECONDS = 600
"""The longest wait between two tries of a row (and of the Celery task); the broker's visibility
timeout is set well above it (`workers.factory`)."""


@dataclass(frozen=True)
class ClaimedMail:
    id: int
    mail: OutgoingMail


@dataclass(frozen=True)
class Claim:
    token: str
    deliveries: list[ClaimedMail]


def _due(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.lease_until < now),
    )


def claim_due_deliveries(session: Session, now: datetime, lease_seconds: float, limit: int) -> Claim:
    """Take up to `limit` rows that are due (or whose lease ran out) for `lease_seconds`."""
    token = secrets.token_hex(16)
    candidates = select(Delivery.id).where(_due(now)).order_by(Delivery.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        # Lock the chosen rows first: PostgreSQL may re-run a LIMIT subquery inside UPDATE … IN and
        # claim more rows than asked; other claimants skip the locked rows instead of waiting.
        chosen = Delivery.id.in_(session.scalars(candidates.with_for_update(skip_locked=True)).all())
    else:
        chosen = Delivery.id.in_(candidates.scalar_subquery())  # SQLite: one writer, one statement
    claimed = session.execute(
        update(Delivery)
        .where(chosen, _due(now))
        .values(
            status=DeliveryStatus.SENDING,
            lease_until=now + timedelta(seconds=lease_seconds),
            claim_token=token,
        )
        .returning(Delivery.id, Delivery.message_id, Delivery.to_address)
        .execution_options(synchronize_session=False)
    )
    headers = {row.id: (row.message_id, row.to_address) for row in claimed}
    messages = session.execute(
        select(DeliveryMessage.delivery_id, DeliveryMessage.data).where(
            DeliveryMessage.delivery_id.in_(headers)
        )
    )
    mails = [
        ClaimedMail(delivery_id, OutgoingMail(headers[delivery_id][0], (headers[delivery_id][1],), data))
        for delivery_id, data in messages
    ]
    return Claim(token, sorted(mails, key=lambda claimed_mail: claimed_mail.id))


def mark_sent(session: Session, token: str, ids: list[int], now: datetime) -> int:
    """Sent, if this claim still holds the rows (a row re-claimed after its lease is the new owner's)."""
    if not ids:
        return 0
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.claim_token == token, Delivery.status == DeliveryStatus.SENDING)
        .values(
            status=DeliveryStatus.SENT,
            sent_at=now,
            attempts=Delivery.attempts + 1,
            lease_until=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def backoff_seconds(attempts: int, base_seconds: float) -> float:
    """Exponential: base, 2×base, 4×base… capped at `RETRY_DELAY_MAX_SECONDS`."""
    return min(base_seconds * 2 ** max(attempts - 1, 0), RETRY_DELAY_MAX_SECONDS)


@dataclass(frozen=True)
class RetryPolicy:
    max_tries: int
    base_seconds: float


def record_failure(
    session: Session,
    token: str,
    ids: list[int],
    now: datetime,
    error: str,
    policy: RetryPolicy,
    permanent: bool,
) -> tuple[int, int]:
    """Count a failed try: back to pending after a backoff, or failed for good. (retried, failed)."""
    retried = failed = 0
    rows = session.scalars(
        select(Delivery).where(
            Delivery.id.in_(ids), Delivery.claim_token == token, Delivery.status == DeliveryStatus.SENDING
        )
    )
    for delivery in rows:
        delivery.attempts += 1
        delivery.last_error = error[:2000]
        delivery.lease_until = None
        if permanent or delivery.attempts >= policy.max_tries:
            delivery.status = DeliveryStatus.FAILED
            failed += 1
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + timedelta(
                seconds=backoff_seconds(delivery.attempts, policy.base_seconds)
            )
            retried += 1
    session.flush()
    return retried, failed


def retry_failed(session: Session, delivery_id: int, now: datetime) -> Delivery | None:
    """A person's decision to try a failed row again from scratch; recorded in the audit trail."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.FAILED:
        return None
    previous_error = delivery.last_error
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.claim_token = None
    session.flush()
    audit.record(
        session, "delivery.retried", delivery, note=previous_error, changes={"to": delivery.to_address}
    )
    return delivery
