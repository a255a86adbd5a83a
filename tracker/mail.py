"""Sending mail: over one SMTP connection (stdlib smtplib), or into `.eml` files on the embedded default.

A transport is opened once for a whole batch and connects on the first message, so a batch of a
thousand digests costs one TCP connection, one TLS handshake and one login. Failures are sorted
into two kinds the outbox treats differently: the server is unreachable or dropped us
(`MailServerUnavailable`: retry the whole batch later) or it refused one message
(`MessageRejected`: that row alone, permanently for a 5xx answer).
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType

from tracker.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMail:
    message_id: str
    recipients: tuple[str, ...]
    data: bytes
    """The whole message, CRLF line endings, ready for DATA."""


class MailServerUnavailable(Exception):
    """Could not connect, greet, secure or log in, or the connection dropped: try again later."""


class MessageRejected(Exception):
    """The server refused this message; `permanent` for a 5xx answer."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class MailTransport:
    """What the outbox needs from a transport; used as a context manager around a batch."""

    def send(self, mail: OutgoingMail) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection, if any."""

    def __enter__(self) -> MailTransport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class SmtpTransport(MailTransport):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sender = parseaddr(settings.mail_from)[1] or "luoshi@localhost"
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.smtp_security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.smtp_host, s.smtp_port, timeout=s.smtp_timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
            smtp.ehlo()
            if s.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if s.smtp_username:
                smtp.login(s.smtp_username, s.smtp_password)
        except (OSError, smtplib.SMTPException) as error:
            raise MailServerUnavailable(f"{s.smtp_host}:{s.smtp_port}: {error!r}") from error
        return smtp

    def send(self, mail: OutgoingMail) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.sendmail(self.sender, list(mail.recipients), mail.data)
        except (smtplib.SMTPNotSupportedError, ValueError) as error:
            # An address this server cannot take (non-ASCII without SMTPUTF8, a line break): this
            # message alone, for good; the half-begun transaction is reset for the next one.
            self._reset()
            raise MessageRejected(f"address cannot be sent: {error!r}", permanent=True) from error
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise MessageRejected(f"recipients refused: {error.recipients!r}", min(codes) >= 500) from error
        except smtplib.SMTPServerDisconnected as error:
            self._smtp = None
            raise MailServerUnavailable(f"disconnected: {error!r}") from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server is closing the connection
                self.close()
                raise MailServerUnavailable(f"server answered {error.smtp_code}: {error!r}") from error
            raise MessageRejected(
                f"{error.smtp_code} {error.smtp_error!r}", error.smtp_code >= 500
            ) from error
        except OSError as error:
            self._smtp = None
            raise MailServerUnavailable(f"connection lost: {error!r}") from error

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]")


def outbox_dir(settings: Settings) -> Path:
    return settings.var_dir / "outbox"


def outbox_file_name(message_id: str) -> str:
    """The file a message becomes in the file outbox: named after its Message-ID, which is all that
    ties a file to the delivery that wrote it (and so to the town it was for)."""
    return _UNSAFE.sub("_", message_id.strip("<>")) + ".eml"


class FileOutbox(MailTransport):
    """The embedded default: each message becomes `var/outbox/<message-id>.eml`.

    Named after the Message-ID and written atomically, so sending a row again replaces the same
    file instead of adding a copy."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, mail: OutgoingMail) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = outbox_file_name(mail.message_id)
        partial = self.directory / f".{name}.part"
        partial.write_bytes(mail.data)
        os.replace(partial, self.directory / name)


@dataclass(frozen=True)
class OutboxFile:
    name: str
    size: int
    modified: datetime


def list_outbox_files(settings: Settings) -> list[OutboxFile]:
    """The .eml files of the file outbox, newest first (for the admin page)."""
    directory = outbox_dir(settings)
    if not directory.is_dir():
        return []
    files = []
    for path in directory.glob("*.eml"):
        stat = path.stat()
        files.append(OutboxFile(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC)))
    return sorted(files, key=lambda file: (file.modified, file.name), reverse=True)


def read_outbox_file(settings: Settings, name: str) -> bytes | None:
    """A file of the outbox by its listed name; None for anything else (no path tricks)."""
    if name.startswith(".") or _UNSAFE.sub("_", name) != name or not name.endswith(".eml"):
        return None
    path = outbox_dir(settings) / name
    return path.read_bytes() if path.is_file() else None


def open_transport(settings: Settings) -> MailTransport:
    if settings.smtp_host:
        return SmtpTransport(settings)
    return FileOutbox(outbox_dir(settings))
