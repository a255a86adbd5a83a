"""Which of the file outbox's mail (`var/outbox/*.eml`, the embedded default) a person may open.

A file says nothing of the town it was for but through its name, which is its delivery's Message-ID
(`tracker.mail.outbox_file_name`). So a file is a person's to open when a delivery they see
(`tracker.organisations.scope`: a town's coordinator their town's mail, a county's their towns')
wrote it; a file no such delivery wrote is nobody's on the page, never guessed from its contents.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.mail import OutboxFile, list_outbox_files, outbox_file_name, read_outbox_file
from tracker.organisations.scope import Member, in_scope
from tracker.reminders.models import Delivery


def _names_seen_by(session: Session, person: Member) -> set[str]:
    """The file names of the deliveries `person` sees, whether or not they were written yet."""
    seen = select(Delivery.message_id).where(in_scope(Delivery.organisation_id, person))
    return {outbox_file_name(message_id) for message_id in session.scalars(seen)}


def outbox_files_of(session: Session, settings: Settings, person: Member) -> list[OutboxFile]:
    """The files of the deliveries `person` sees, newest first."""
    names = _names_seen_by(session, person)
    return [file for file in list_outbox_files(settings) if file.name in names]


def outbox_file_of(session: Session, settings: Settings, person: Member, name: str) -> bytes | None:
    """The file `name` if a delivery `person` sees wrote it; None for another town's, as for a
    missing one. One row is looked up by the Message-ID the name was made from (the cycle's ids
    hold only characters `outbox_file_name` keeps), not every id the person sees."""
    message_id = f"<{name.removesuffix('.eml')}>"
    wrote = select(Delivery.id).where(
        in_scope(Delivery.organisation_id, person), Delivery.message_id == message_id
    )
    if outbox_file_name(message_id) != name or session.scalar(wrote.limit(1)) is None:
        return None
    return read_outbox_file(settings, name)
