"""Email addresses and display names that mail can carry: checked where people enter them (the admin
page, `tracker user add`) and again when a reminder is composed, with the same rules.

An address typed on a Chinese keyboard often carries full-width punctuation (`li＠town。cn`): those
are corrected to their ASCII forms and the person is told so; whatever is still wrong is refused with
the reason. The check itself is email-validator's (syntax only: the town's intranet has no DNS to
ask). The address kept is its ASCII form (an internationalised domain in punycode), so every SMTP
relay can take it. A display name may hold any printable text, `<>"` included (the To header quotes
it), but no control characters or line breaks, which would break the header.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from tracker.errors import RuleError

MAX_NAME = 100
_NOT_IN_ENVELOPE = frozenset('<>()[]\\,;:"')
_FULL_WIDTH = str.maketrans({"。": ".", "｡": ".", "．": ".", "＠": "@"})
"""NFKC folds full-width letters, digits and ＠, but not the ideographic full stop 。."""


@dataclass(frozen=True)
class CheckedAddress:
    address: str
    corrected: bool
    """What is kept differs from what was typed (full-width punctuation, an internationalised
    domain in its ASCII form, a domain in lower case)."""

    def note(self) -> str | None:
        """What to tell the person who typed it, when it was corrected."""
        return (
            f"邮箱地址已更正为 {self.address}（全角符号改为半角，域名按标准写法）。"
            if self.corrected
            else None
        )


def has_control_characters(text: str) -> bool:
    """Control characters, and line or paragraph separators (a header would break on them)."""
    return any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text)


def check_email(typed: str, field: str | None = "email") -> CheckedAddress:
    """The address to keep for `typed`, or a `RuleError` in Chinese saying what is wrong."""
    shown = typed.strip()[:80]
    if has_control_characters(typed):
        raise RuleError(f"邮箱地址「{shown!r}」含有换行或控制字符，请重新填写。", field=field)
    candidate = unicodedata.normalize("NFKC", typed.translate(_FULL_WIDTH)).strip()
    try:
        checked = validate_email(
            candidate, check_deliverability=False, allow_smtputf8=False, globally_deliverable=False
        )
    except EmailNotValidError as error:
        raise RuleError(
            f"邮箱地址「{shown}」格式不正确，请检查后重新填写（{error}）。", field=field
        ) from None
    address = checked.ascii_email or checked.normalized
    if len(address) > 254:
        raise RuleError("邮箱地址不能超过 254 个字符。", field=field)
    return CheckedAddress(address, corrected=address != typed.strip())


def sendable_address(stored: str) -> str:
    """The envelope address for a stored `stored`, or a `RuleError` saying why no mail can carry it.

    Looser than `check_email` on purpose: addresses stored before that check existed (or a demo's
    reserved domain) still go out as long as they can be written into an envelope: ASCII (full-width
    punctuation corrected, an internationalised domain in its ASCII form), one @ with text on both
    sides, no space or control character. Whether the mailbox exists is the mail server's answer."""
    if has_control_characters(stored):
        raise RuleError(
            f"收件地址「{stored.strip()[:80]!r}」含有换行或控制字符，无法发送。请在用户管理中更正。"
        )
    address = unicodedata.normalize("NFKC", stored.translate(_FULL_WIDTH)).strip()
    local, at, domain = address.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    if (
        not at
        or not local
        or not domain
        or not local.isascii()
        or any(char.isspace() or char in _NOT_IN_ENVELOPE for char in address)
    ):
        raise RuleError(f"收件地址「{stored.strip()[:80]}」不是可以发送的邮箱地址。请在用户管理中更正。")
    return f"{local}@{domain}"


def header_name(stored: str) -> str:
    """A stored display name made safe for a header: control characters and line breaks become
    spaces (the To header quotes or encodes everything else, `<>"` included)."""
    return " ".join("".join(" " if has_control_characters(char) else char for char in stored).split())


def check_display_name(typed: str, label: str = "姓名", field: str | None = "display_name") -> str:
    """The name to keep: stripped, not empty, at most `MAX_NAME` characters, no control characters."""
    name = typed.strip()
    if not name or len(name) > MAX_NAME:
        raise RuleError(f"{label}不能为空，且不超过 {MAX_NAME} 字。", field=field)
    if has_control_characters(name):
        raise RuleError(f"{label}含有换行或控制字符，请重新填写。", field=field)
    return name
