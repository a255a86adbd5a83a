"""Settings read from `TRACKER_*` environment variables, with the embedded default for every one.

One frozen object is built at start-up and passed down (to `create_app`, the Celery app, the CLI), so
no module reads the environment behind the caller's back and tests can build their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_var_dir() -> Path:
    return Path(os.environ.get("TRACKER_VAR_DIR", PROJECT_ROOT / "var")).resolve()


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
    secret_key: str = "luoshi-embedded-default-secret"
    base_url: str = "http://127.0.0.1:5000"
    timezone: str = "Asia/Shanghai"
    today: str | None = None
    """An ISO date that replaces the real date everywhere (trials, tests); see `tracker.clock`."""
    owner_keywords: Path | None = None
    """A town's own keyword → department table for owner suggestions (default: the one shipped)."""

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.var_dir / 'luoshi.db'}")
        object.__setattr__(self, "database_url", normalise_database_url(self.database_url))
        if not self.broker_url:
            object.__setattr__(self, "broker_url", f"sqla+sqlite:///{self.var_dir / 'broker.db'}")

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
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
        if env.get("TRACKER_OWNER_KEYWORDS"):
            values["owner_keywords"] = Path(env["TRACKER_OWNER_KEYWORDS"]).resolve()
        return cls(**values)  # type: ignore[arg-type]

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
