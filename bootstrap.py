#!/usr/bin/env python3
"""Set up and start Luoshi from a fresh clone, with nothing but Python 3.11+ installed.

The two Quick start commands in README.md are this script's two verbs:

    python3 bootstrap.py run    # the product on the embedded default (SQLite, file outbox)
    python3 bootstrap.py test   # the whole test suite, starting the services it needs

It uses only the standard library because it runs before anything is installed. It keeps a virtual
environment in `.venv/` and reinstalls the project only when `pyproject.toml` changed, so the second
run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"

# Debian packages the test suite drives for real: the browser, CJK fonts for its screenshots,
# LibreOffice to turn the .docx draft into a PDF, poppler to read that PDF back.
SYSTEM_PACKAGES = {
    "chromium": "/usr/bin/chromium",
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "libreoffice-writer-nogui": "/usr/bin/soffice",
    "poppler-utils": "/usr/bin/pdftotext",
}

# The service start commands given in ../shared/DOMAIN.md, used only when a port does not answer.
SERVICES = {
    ("127.0.0.1", 5432): "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ("127.0.0.1", 6379): (
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no '
        "--dir /var/lib/redis --logfile /var/log/redis/ci.log"
    ),
}


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def ensure_venv(extras: str) -> None:
    """Create `.venv` and install the project (editable) with `extras` unless already current."""
    if not (BIN / "python").exists():
        say(f"creating virtual environment in {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing the project and its dependencies ({extras or 'runtime'})")
    target = f".[{extras}]" if extras else "."
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", target], check=True, cwd=ROOT)
    stamp.write_text(digest)


def ensure_system_packages() -> None:
    """Install the Debian packages the browser, .docx and PDF tests need, when they are missing."""
    missing = [name for name, path in SYSTEM_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        sys.exit(f"[bootstrap] missing system packages {missing}; install them with apt-get as root")
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"[bootstrap] {' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def ensure_services() -> None:
    """Start PostgreSQL and Redis with the machine's own commands when they are not answering."""
    for (host, port), command in SERVICES.items():
        if port_open(host, port):
            continue
        say(f"starting the service on {host}:{port}")
        subprocess.run(command, shell=True, check=False)
        for _ in range(60):
            if port_open(host, port):
                break
            time.sleep(0.5)
        else:
            sys.exit(f"[bootstrap] the service on {host}:{port} did not start ({command})")


def run() -> int:
    """Become `tracker quickstart` (exec, same process), so that Ctrl-C reaches its supervisor
    alone, which stops web, worker and beat cleanly and exits 0."""
    ensure_venv("")
    os.chdir(ROOT)
    os.execv(str(BIN / "tracker"), [str(BIN / "tracker"), "quickstart"])


def test(pytest_args: list[str]) -> int:
    ensure_venv("test")
    ensure_system_packages()
    ensure_services()
    lint = subprocess.call([str(BIN / "ruff"), "check", "tracker", "workers", "tests", "bench"], cwd=ROOT)
    if lint != 0:
        return lint
    return subprocess.call([str(BIN / "python"), "-m", "pytest", *pytest_args], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    if argv[0] == "run":
        return run()
    return test(argv[1:])


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
