"""`tracker quickstart` sets up the embedded default with demo people and serves the site."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tracker.config import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_quickstart_serves_the_site_and_prints_logins(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    env.pop("TRACKER_DATABASE_URL", None)
    command = [sys.executable, "-m", "tracker", "quickstart", "--port", str(port)]
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        banner = ""
        while "ducha" not in banner:
            line = server.stdout.readline()  # type: ignore[union-attr]
            assert line, f"quickstart ended early: {banner}"
            banner += line
        assert f"http://127.0.0.1:{port}" in banner and "luoshi-demo-2026" in banner
        assert all(name in banner for name in ("fazhiban", "fenguan", "sifasuo", "ducha"))
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert re.search(r"<h1>登录</h1>", page)
        assert (tmp_path / "var" / "luoshi.db").exists()
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()  # type: ignore[union-attr]


def test_quickstart_twice_changes_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    env.pop("TRACKER_DATABASE_URL", None)
    command = [sys.executable, "-m", "tracker", "quickstart", "--no-serve"]
    for _ in range(2):
        done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "fazhiban" in done.stdout
