"""The outbox's state changes: claim due rows with a lease, mark them sent, back off, fail, retry.

Each function is one short statement run in its own unit of work by the caller, so the claim is
committed before any mail leaves and a crash between sending and marking can only cause a repeat
(recognisable by its Message-ID), never a loss.

Claiming is atomic on both backends: PostgreSQL locks the rows it picks (FOR UPDATE SKIP LOCKED) and
the UPDATE re-checks the due condition; SQLite runs the whole claim as one statement, one writer at
a time.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.errors import RuleError
from tracker.mail import OutgoingMail
from tracker.reminders.compose import UNSENDABLE, DeliveryView, compose
from tracker.reminders.models import Delivery, DeliveryMessage, DeliveryStatus, MailKind
from tracker.tasks.models import ExtensionRequest, ExtensionStatus

log = logging.getLogger(__name__)


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


DECIDED_BEFORE_SENT = "该延期申请在邮件发出前已经审批，不再发送“请审批”通知。"


def drop_decided_requests(session: Session, now: datetime) -> int:
    """Drop, unsent, every waiting notice that asks someone to decide a request decided since: a
    request already approved is never announced as 请审批. The row stays, with the reason, on the
    outbox page. Run in each claim's transaction, right before rows are taken."""
    decided = select(ExtensionRequest.id).where(ExtensionRequest.status != ExtensionStatus.PENDING)
    dropped = session.execute(
        update(Delivery)
        .where(
            Delivery.kind == MailKind.EXTENSION_REQUEST,
            or_(Delivery.status == DeliveryStatus.PENDING, _due(now)),
            Delivery.extension_request_id.in_(decided),
        )
        .values(status=DeliveryStatus.DROPPED, last_error=DECIDED_BEFORE_SENT, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if dropped.rowcount:
        log.info("%d extension request notices dropped: decided before they were sent", dropped.rowcount)
    return dropped.rowcount


def claim_due_deliveries(session: Session, now: datetime, lease_seconds: float, limit: int) -> Claim:
    """Take up to `limit` rows that are due (or whose lease ran out) for `lease_seconds`, after
    dropping the notices of requests decided meanwhile (`drop_decided_requests`)."""
    drop_decided_requests(session, now)
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


_deliveries = Delivery.__table__.c
_MARK_SENT = (
    update(Delivery.__table__)
    .where(
        _deliveries.id == bindparam("delivery_id"),
        _deliveries.claim_token == bindparam("token"),
        _deliveries.status == DeliveryStatus.SENDING,
    )
    .values(
        status=DeliveryStatus.SENT,
        sent_at=bindparam("now"),
        attempts=_deliveries.attempts + 1,
        lease_until=None,
        last_error=None,
    )
)
"""Built once, a plain table UPDATE of one row by key: it runs once per mail (`mark_sent`)."""


def mark_sent(connection: Connection, token: str, delivery_id: int, now: datetime) -> bool:
    """Sent, if this claim still holds the row (a row re-claimed after its lease is the new owner's),
    committed at once in a transaction of its own on `connection` (a savepoint inside a test's
    joined transaction). Called right after the server accepted the mail, once per mail: hence the
    prebuilt statement, run on the connection rather than through a Session, whose bookkeeping
    around each one-row commit cost as much as the SMTP exchange (bench/README.md)."""
    with connection.begin_nested() if connection.in_transaction() else connection.begin():
        result = connection.execute(_MARK_SENT, {"delivery_id": delivery_id, "token": token, "now": now})
    return result.rowcount == 1


def backoff_seconds(attempts: int, base_seconds: float, max_seconds: float) -> float:
    """Exponential: base, 2×base, 4×base… capped at `max_seconds`."""
    return min(base_seconds * 2 ** min(max(attempts - 1, 0), 60), max_seconds)


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    max_seconds: float
    """`TRACKER_MAIL_RETRY_MAX_SECONDS`; the broker's visibility timeout is set well above it."""


def record_failure(
    session: Session,
    token: str,
    ids: list[int],
    now: datetime,
    error: str,
    policy: RetryPolicy,
    permanent: bool,
) -> tuple[int, int]:
    """Count a failed try: back to pending after a backoff, or, for a `permanent` refusal (the server's
    5xx for this recipient), failed for good. A server that is down, or a temporary refusal, never
    fails a row: it waits, however long, and goes out when the server takes it. (retried, failed)."""
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
        if permanent:
            delivery.status = DeliveryStatus.FAILED
            failed += 1
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + timedelta(
                seconds=backoff_seconds(delivery.attempts, policy.base_seconds, policy.max_seconds)
            )
            retried += 1
    session.flush()
    return retried, failed


def _readdress(session: Session, delivery: Delivery, settings: Settings) -> None:
    """Send a retried row to its recipient's current address and name, composed again when either
    changed or when the first composition failed (the address could not be encoded): correcting the
    user is what makes such a row deliverable. Raises a `RuleError` saying why it still is not."""
    recipient = delivery.recipient
    stored = session.get(DeliveryMessage, delivery.id)
    name = delivery.payload["recipient"]["name"]
    if (
        stored is not None
        and stored.data
        and (recipient.email, recipient.display_name)
        == (
            delivery.to_address,
            name,
        )
    ):
        return
    if not recipient.email:
        raise RuleError(f"{recipient.display_name} 没有邮箱地址，无法重试；请先在用户管理中填写。")
    payload = {
        **delivery.payload,
        "recipient": {**delivery.payload["recipient"], "name": recipient.display_name},
    }
    view = DeliveryView(
        delivery.recipient_id,
        delivery.day,
        delivery.kind.value,
        recipient.email,
        payload,
        delivery.created_at,
        delivery.extension_request_id,
    )
    try:
        data = compose(view, settings).data
    except UNSENDABLE as error:
        raise RuleError(
            error.message if isinstance(error, RuleError) else f"邮件无法生成：{error!r}"
        ) from None
    delivery.to_address, delivery.payload = recipient.email, payload
    if stored is None:
        session.add(DeliveryMessage(delivery_id=delivery.id, data=data))
    else:
        stored.data = data


def retry_failed(session: Session, delivery_id: int, now: datetime, settings: Settings) -> Delivery | None:
    """A person's decision to try a failed row again from scratch, to the recipient's current
    address; recorded in the audit trail. None when there is no such failed row; a `RuleError` when
    it still cannot be sent (the reason is kept on the row)."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.FAILED:
        return None
    previous_error = delivery.last_error
    _readdress(session, delivery, settings)
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.claim_token = None
    session.flush()
    audit.record(
        session, "delivery.retried", delivery, note=previous_error, changes={"to": delivery.to_address}
    )
    return delivery


@dataclass(frozen=True)
class RetriedAll:
    retried: int
    unsendable: dict[int, str]
    """Delivery id → why it still cannot be sent (left failed, reason shown on its row)."""


def retry_all_failed(
    session: Session, now: datetime, settings: Settings, within: ColumnElement[bool] | None = None
) -> RetriedAll:
    """Every failed row tried again at once (after a relay's outage was fixed, or addresses were
    corrected), `within` the organisations a coordinator sees (`tracker.organisations.scope`; every
    row for the server's operator); rows that still cannot be composed stay failed with their reason."""
    retried, unsendable = 0, {}
    failed = select(Delivery.id).where(Delivery.status == DeliveryStatus.FAILED).order_by(Delivery.id)
    failed_ids = session.scalars(failed if within is None else failed.where(within)).all()
    for delivery_id in failed_ids:
        try:
            with session.begin_nested():
                retried += retry_failed(session, delivery_id, now, settings) is not None
        except RuleError as error:
            unsendable[delivery_id] = error.message
            session.get_one(Delivery, delivery_id).last_error = error.message
    session.flush()
    return RetriedAll(retried, unsendable)
