"""Settings read from `TRACKER_*` environment variables, with the embedded default for every one.

One frozen object is built at start-up and passed down (to `create_app`, the Celery app, the CLI), so
no module reads the environment behind the caller's back and tests can build their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_SECRET_KEY = "luoshi-embedded-default-secret"
"""Public (it is in this file): fine for the embedded default on one machine, refused elsewhere."""
MIN_SECRET_KEY_LENGTH = 32
SECRET_KEY_FILE = "secret_key"
"""The embedded default's own key under `TRACKER_VAR_DIR`, made by `tracker quickstart`."""


def _default_var_dir() -> Path:
    return Path(os.environ.get("TRACKER_VAR_DIR") or PROJECT_ROOT / "var").resolve()


def normalise_database_url(url: str) -> str:
    """Let people write `postgresql://…` and still get the psycopg 3 driver that is installed."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Settings:
    """Everything that differs between the embedded default, production and a test."""

    var_dir: Path = field(default_factory=_default_var_dir)
    database_url: str = ""
    broker_url: str = ""
    secret_key: str = EMBEDDED_SECRET_KEY
    base_url: str = "http://127.0.0.1:5000"
    timezone: str = "Asia/Shanghai"
    today: str | None = None
    """An ISO date, or a local date and time, that replaces the real clock everywhere (trials,
    tests); see `tracker.clock`."""
    log_level: str | None = None
    """Python logging level; unset: INFO for the web, worker and beat, WARNING for the CLI."""
    owner_keywords: Path | None = None
    """A town's own keyword → department table for owner suggestions (default: the one shipped)."""
    max_upload_mb: int = 20
    """The largest evidence file accepted, in MiB."""
    login_max_failures: int = 5
    """Failed sign-ins (per user name, or per address) within the window before sign-in is refused."""
    login_window_minutes: int = 15
    session_idle_minutes: int = 120
    """A signed-in session ends after this long without a request."""
    session_max_hours: int = 12
    """…and this long after signing in, however busy (a working day)."""
    board_cache_size: int = 256
    """Boards each web process keeps (see `tracker.board.cache`); 0 turns the cache off."""
    report_stale_minutes: int = 10
    """A report run with no progress for this long is given up as failed, to be generated again."""

    # Mail and reminders (tracker.mail, tracker.reminders; documented in docs/reminders.md).
    smtp_host: str = ""
    """Empty on the embedded default: mail is written as .eml files under `var/outbox/` instead."""
    smtp_port: int = 25
    smtp_security: str = "none"
    """`none`, `starttls` or `ssl`."""
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout: float = 30.0
    mail_from: str = "落实 <luoshi@localhost>"
    mail_batch_size: int = 100
    mail_senders: int = 4
    """How many send jobs a day's mail is handed to at once, so that several workers share it."""
    mail_retry_base_seconds: float = 30.0
    mail_retry_max_seconds: float = 600.0
    """The longest wait between two tries of a row while its server is down (rows never give up)."""
    mail_lease_seconds: float = 300.0
    mail_sweep_seconds: float = 60.0
    reminder_due_soon_days: tuple[int, ...] = (7, 3, 1)
    reminder_leader_after_days: int = 3
    reminder_top_after_days: int = 10

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.var_dir / 'luoshi.db'}")
        object.__setattr__(self, "database_url", normalise_database_url(self.database_url))
        if not self.broker_url:
            object.__setattr__(self, "broker_url", f"sqla+sqlite:///{self.var_dir / 'broker.db'}")
        if self.today:
            _check_today(self.today)

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        for old, new in RETIRED_VARIABLES.items():
            if old in env:  # present at all: a setting that is no longer read is refused, not ignored
                raise ValueError(
                    f"{old} 已不再使用：督办灯与提醒邮件按同一组工作日计算，请改设 {new}。"
                    f" ({old} is no longer read: the lights follow the reminders; set {new}.)"
                )
        values: dict[str, object] = {}
        if env.get("TRACKER_VAR_DIR"):
            values["var_dir"] = Path(env["TRACKER_VAR_DIR"]).resolve()
        for name, key in (
            ("database_url", "TRACKER_DATABASE_URL"),
            ("broker_url", "TRACKER_BROKER_URL"),
            ("secret_key", "TRACKER_SECRET_KEY"),
            ("base_url", "TRACKER_BASE_URL"),
            ("timezone", "TRACKER_TIMEZONE"),
            ("today", "TRACKER_TODAY"),
        ):
            if env.get(key):
                values[name] = env[key]
        for name, key, convert in _TYPED_VARIABLES:
            if env.get(key):
                values[name] = convert(env[key])
        if "secret_key" not in values:
            installed = _installed_secret_key(values)
            if installed:
                values["secret_key"] = installed
        return cls(**values)  # type: ignore[arg-type]

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def embedded(self) -> bool:
        """The embedded default: a SQLite database on this machine (`python3 bootstrap.py run`)."""
        return self.database_url.startswith("sqlite")

    def refuse_unsafe(self) -> None:
        """Stop a process that would sign sessions with a key anyone can know or guess.

        Anyone holding the key can forge a coordinator's session cookie and CSRF tokens, so outside
        the embedded default (any server database) the public default and short keys are refused
        before the process serves or sends anything: web, worker, beat and commands alike."""
        if self.embedded:
            return
        if self.secret_key == EMBEDDED_SECRET_KEY or len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
            raise UnsafeSettings(SECRET_KEY_REFUSAL)


class UnsafeSettings(RuntimeError):
    """The settings would run the product insecurely; the message says what to set (Chinese first)."""


SECRET_KEY_REFUSAL = (
    "拒绝启动：TRACKER_SECRET_KEY 未设置、是内置的公开默认值，或少于 "
    f"{MIN_SECRET_KEY_LENGTH} 个字符。使用服务器数据库（PostgreSQL）时，"
    "任何人都能用公开或过短的密钥伪造登录。"
    "请设置一个随机的长密钥，例如 python3 -c 'import secrets; print(secrets.token_urlsafe(48))' 的输出，"
    "并让网站、worker、beat 和命令行使用同一个值。\n"
    "Refusing to start: TRACKER_SECRET_KEY is unset, the public built-in default, or shorter than "
    f"{MIN_SECRET_KEY_LENGTH} characters. With a server database (PostgreSQL) anyone could forge a sign-in "
    "with such a key. Set a long random value, e.g. the output of "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(48))', the same for web, worker, beat and "
    "the command line."
)


def _installed_secret_key(values: dict[str, object]) -> str | None:
    """The embedded default's own key (`var/secret_key`), when it has one; never for a server
    database, whose processes must all be given the same `TRACKER_SECRET_KEY`."""
    if not str(values.get("database_url") or "sqlite").startswith("sqlite"):
        return None
    path = Path(values.get("var_dir") or _default_var_dir()) / SECRET_KEY_FILE  # type: ignore[arg-type]
    return path.read_text().strip() if path.is_file() else None


def _check_today(text: str) -> None:
    """Refuse a malformed `TRACKER_TODAY` at start-up, naming it, rather than on first use."""
    from tracker.clock import parse_override

    try:
        parse_override(text)
    except ValueError:
        raise ValueError(
            f"TRACKER_TODAY={text!r} 不是有效的日期或时间（例如 2026-12-01 或 2026-12-01T09:30:00）"
        ) from None


RETIRED_VARIABLES = {
    "TRACKER_LIGHT_DUE_SOON_DAYS": "TRACKER_REMINDER_DUE_SOON_DAYS",
    "TRACKER_LIGHT_RED_OVERDUE_DAYS": "TRACKER_REMINDER_TOP_AFTER_DAYS",
}
"""Settings that were dropped, with what replaced them: a value left set is refused, not ignored."""


def _day_counts(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.replace("，", ",").split(",") if part.strip())


_TYPED_VARIABLES: tuple[tuple[str, str, Callable[[str], object]], ...] = (
    ("smtp_host", "TRACKER_SMTP_HOST", str),
    ("smtp_port", "TRACKER_SMTP_PORT", int),
    ("smtp_security", "TRACKER_SMTP_SECURITY", str.lower),
    ("smtp_username", "TRACKER_SMTP_USERNAME", str),
    ("smtp_password", "TRACKER_SMTP_PASSWORD", str),
    ("smtp_timeout", "TRACKER_SMTP_TIMEOUT", float),
    ("mail_from", "TRACKER_MAIL_FROM", str),
    ("mail_batch_size", "TRACKER_MAIL_BATCH_SIZE", int),
    ("mail_senders", "TRACKER_MAIL_SENDERS", int),
    ("mail_retry_max_seconds", "TRACKER_MAIL_RETRY_MAX_SECONDS", float),
    ("mail_retry_base_seconds", "TRACKER_MAIL_RETRY_BASE_SECONDS", float),
    ("mail_lease_seconds", "TRACKER_MAIL_LEASE_SECONDS", float),
    ("mail_sweep_seconds", "TRACKER_MAIL_SWEEP_SECONDS", float),
    ("reminder_due_soon_days", "TRACKER_REMINDER_DUE_SOON_DAYS", _day_counts),
    ("reminder_leader_after_days", "TRACKER_REMINDER_LEADER_AFTER_DAYS", int),
    ("reminder_top_after_days", "TRACKER_REMINDER_TOP_AFTER_DAYS", int),
    ("owner_keywords", "TRACKER_OWNER_KEYWORDS", lambda text: Path(text).resolve()),
    ("max_upload_mb", "TRACKER_MAX_UPLOAD_MB", int),
    ("login_max_failures", "TRACKER_LOGIN_MAX_FAILURES", int),
    ("login_window_minutes", "TRACKER_LOGIN_WINDOW_MINUTES", int),
    ("session_idle_minutes", "TRACKER_SESSION_IDLE_MINUTES", int),
    ("session_max_hours", "TRACKER_SESSION_MAX_HOURS", int),
    ("board_cache_size", "TRACKER_BOARD_CACHE_SIZE", int),
    ("report_stale_minutes", "TRACKER_REPORT_STALE_MINUTES", int),
    ("log_level", "TRACKER_LOG_LEVEL", str.upper),
)
"""Mail, reminder, web and plan variables, with how each is read from its text."""
