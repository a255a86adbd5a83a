"""A digest payload rendered into the email that is sent: both parts, the .ics, the headers.

Rendered once, when the cycle decides the day, and stored in the outbox row: everything in it derives
from the row's key (kind, day, recipient), payload and decision time, and the stored bytes are what
every try sends, so a repeat after a crash is the same mail with the same Message-ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tracker.accounts.addresses import header_name, sendable_address
from tracker.config import PROJECT_ROOT, Settings
from tracker.mail import OutgoingMail
from tracker.reminders.unsubscribe import pause_url
from tracker.reports.figures import chinese_date

COLOUR_NAMES = {
    "red": "红色督办：逾期较长，已报主要负责人",
    "orange": "橙色督办：已逾期",
    "blue": "蓝色提示：即将到期",
    "notice": "通知",
}
KIND_NAMES = {
    "assignment": "任务分派",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "progress_due": "进度填报",
    "extension_request": "延期申请待审批",
    "extension_decision": "延期申请结果",
}
MAIL_POLICY = SMTP.clone(cte_type="7bit")
"""CRLF line ends, and bodies in base64 or quoted-printable so any relay accepts them (no 8BITMIME)."""
CAPACITY_NAMES = {
    "owner": "您是责任人",
    "support": "您所在单位为配合单位",
    "leader": "您是分管领导",
    "principal": "您是主要负责人",
    "coordinator": "您是法治办/司法所协调人",
}


@dataclass(frozen=True)
class DeliveryView:
    """The outbox row's fields that go into the message."""

    recipient_id: int
    day: date
    kind: str
    to_address: str
    payload: dict[str, Any]
    created_at: datetime
    extension_request_id: int | None = None
    """The request a notice (`NOTICE_TEMPLATES`) is about."""


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(PROJECT_ROOT / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        colour_names=COLOUR_NAMES, kind_names=KIND_NAMES, capacity_names=CAPACITY_NAMES
    )
    environment.filters["cn_date"] = _cn_date
    return environment


def _cn_date(iso: str | None) -> str:
    """A payload's ISO date as the pages write it (2026年3月31日); — for none."""
    return chinese_date(date.fromisoformat(iso)) if iso else "—"


def mail_domain(settings: Settings) -> str:
    return urlsplit(settings.base_url).hostname or "luoshi.local"


def message_id(delivery: DeliveryView, settings: Settings) -> str:
    """Deterministic and unique, as the outbox's own keys: one digest per kind, day and recipient, one
    notice per kind, request and recipient."""
    domain = mail_domain(settings)
    if delivery.extension_request_id is not None:
        return f"<luoshi.{delivery.kind}.r{delivery.extension_request_id}.{delivery.recipient_id}@{domain}>"
    return f"<luoshi.{delivery.kind}.{delivery.day:%Y%m%d}.{delivery.recipient_id}@{domain}>"


NOTICE_TEMPLATE = "notice"
"""The template of a mail about one extension request (its kind names what it says)."""


def subject(delivery: DeliveryView) -> str:
    when = _cn_date(delivery.day.isoformat())
    if delivery.kind == "weekly":
        return f"【落实】每周督办汇总（{when}）"
    if delivery.extension_request_id is not None:
        (item,) = delivery.payload["items"]
        return f"【落实】{KIND_NAMES[item['kind']]}：{item['title']}"
    counts = {colour: 0 for colour in COLOUR_NAMES}
    for item in delivery.payload["items"]:
        counts[item["colour"]] += 1
    parts = [
        f"{label}{counts[colour]}项"
        for colour, label in (("red", "红色"), ("orange", "逾期"), ("blue", "即将到期"), ("notice", "通知"))
        if counts[colour]
    ]
    return f"【落实】{when}任务提醒：{'，'.join(parts)}"


def deadlines_ics(delivery: DeliveryView, settings: Settings) -> bytes | None:
    """An iCalendar file with one all-day event per task deadline named in the mail."""
    items = delivery.payload.get("items") or [
        *delivery.payload.get("overdue", []),
        *delivery.payload.get("due", []),
    ]
    deadlines = {item["task_id"]: item for item in items if item.get("deadline")}
    if not deadlines:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//Luoshi//落实 督办提醒//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    base = settings.base_url.rstrip("/")
    for task_id, item in sorted(deadlines.items()):
        day = date.fromisoformat(item["deadline"])
        event = Event()
        event.add("uid", f"luoshi-task-{task_id}-deadline@{mail_domain(settings)}")
        event.add("dtstamp", delivery.created_at)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"截止：{item['title']}")
        event.add("url", f"{base}/tasks/{task_id}")
        event.add("description", f"任务页面：{base}/tasks/{task_id}")
        calendar.add_component(event)
    return calendar.to_ical()


UNSENDABLE = (ValueError, MessageError)
"""What `compose` raises for a recipient no mail can carry: a `RuleError` (a `ValueError`) saying why
for the address, the `email` package's own errors for anything else it cannot encode."""


def compose(delivery: DeliveryView, settings: Settings) -> OutgoingMail:
    """The mail for `delivery`, or one of `UNSENDABLE` for this recipient alone."""
    pausable = "weekly" if delivery.kind == "weekly" else "due_soon"
    context = {
        "payload": delivery.payload,
        "base_url": settings.base_url.rstrip("/"),
        "pause_url": pause_url(settings, delivery.recipient_id, pausable),
        "pausable": pausable,
    }
    environment = _environment()
    template = NOTICE_TEMPLATE if delivery.extension_request_id is not None else delivery.kind
    text = environment.get_template(f"reminders/emails/{template}.txt").render(context)
    html = environment.get_template(f"reminders/emails/{template}.html").render(context)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject(delivery)
    message["From"] = settings.mail_from
    address = sendable_address(delivery.to_address)
    message["To"] = Address(
        display_name=header_name(delivery.payload["recipient"]["name"]), addr_spec=address
    )
    message["Date"] = format_datetime(delivery.created_at)
    message["Message-ID"] = message_id(delivery, settings)
    message["Auto-Submitted"] = "auto-generated"
    message["List-Unsubscribe"] = f"<{context['pause_url']}>"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    ics = deadlines_ics(delivery, settings)
    if ics is not None:
        message.add_attachment(
            ics,
            maintype="text",
            subtype="calendar",
            filename="deadlines.ics",
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    return OutgoingMail(message["Message-ID"], (address,), message.as_bytes())
