"""No process runs a server installation with a signing key anyone can know (issue 12, break 1).

With the public default key, a forged session cookie opened `/admin/users` as a coordinator. Outside
the embedded default every process refuses to start with that key or a short one, saying in Chinese
and English which variable to set; the embedded default keeps working, with a key of its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.config import EMBEDDED_SECRET_KEY, PROJECT_ROOT, Settings, UnsafeSettings
from tracker.web import create_app

SERVER_DATABASE = "postgresql://luoshi@127.0.0.1:5432/luoshi"
"""Never reached: the refusal comes before any connection."""
WEAK_KEYS = {"unset (the public default)": None, "short": "changeme-please", "31 characters": "k" * 31}
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("key", WEAK_KEYS.values(), ids=WEAK_KEYS.keys())
def test_a_server_database_with_a_weak_key_is_refused(key: str | None) -> None:
    settings = Settings(database_url=SERVER_DATABASE, **({"secret_key": key} if key else {}))
    with pytest.raises(UnsafeSettings, match="TRACKER_SECRET_KEY") as refusal:
        settings.refuse_unsafe()
    assert "拒绝启动" in str(refusal.value) and "Refusing to start" in str(refusal.value)
    with pytest.raises(UnsafeSettings):
        create_app(settings)


def test_a_long_key_or_the_embedded_default_may_start(tmp_path: Path) -> None:
    Settings(database_url=SERVER_DATABASE, secret_key="k" * 32).refuse_unsafe()
    embedded = Settings(var_dir=tmp_path)
    assert embedded.secret_key == EMBEDDED_SECRET_KEY
    embedded.refuse_unsafe()
    assert create_app(embedded).config["SECRET_KEY"] == EMBEDDED_SECRET_KEY


def _without_key(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "TRACKER_SECRET_KEY"}
    return {**env, "TRACKER_DATABASE_URL": SERVER_DATABASE, **extra}


PROCESSES = {
    "web": [
        str(BIN / "gunicorn"),
        *("--config", "python:tracker.web.gunicorn_config", "--bind", "127.0.0.1:0", "--workers", "1"),
        "tracker.web:create_app()",
    ],
    "worker": [str(BIN / "celery"), "-A", "workers", "worker", "--pool=solo"],
    "beat": [str(BIN / "celery"), "-A", "workers", "beat"],
    "command": [str(BIN / "tracker"), "user", "add", "li", "--name", "李", "--password", "long-enough-1"],
}


@pytest.mark.parametrize("command", PROCESSES.values(), ids=PROCESSES.keys())
def test_every_process_refuses_to_start_on_a_server_database_without_a_key(
    command: list[str], tmp_path: Path
) -> None:
    env = _without_key(TRACKER_VAR_DIR=str(tmp_path), TRACKER_BROKER_URL="redis://127.0.0.1:1/0")
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "TRACKER_SECRET_KEY" in output and "拒绝启动" in output and "Refusing to start" in output, output


def test_the_embedded_default_gets_a_key_of_its_own_that_every_process_reads(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRACKER_")}
    env["TRACKER_VAR_DIR"] = str(var_dir)
    key_file = var_dir / "secret_key"

    def quickstart() -> str:
        command = [str(BIN / "tracker"), "quickstart", "--no-serve"]
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return key_file.read_text()

    key = quickstart()
    assert quickstart() == key, "running it again keeps the key (nobody is signed out)"
    assert len(key) >= 48 and key != EMBEDDED_SECRET_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Settings.from_env({"TRACKER_VAR_DIR": str(var_dir)}).secret_key == key
    assert (
        Settings.from_env({"TRACKER_VAR_DIR": str(var_dir), "TRACKER_SECRET_KEY": "x" * 40}).secret_key
        == "x" * 40
    )
    server = {"TRACKER_VAR_DIR": str(var_dir), "TRACKER_DATABASE_URL": SERVER_DATABASE}
    assert Settings.from_env(server).secret_key == EMBEDDED_SECRET_KEY, (
        "a server database is told, not guessed"
    )
