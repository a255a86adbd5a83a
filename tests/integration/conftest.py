"""Real services for integration tests, reusable by any feature: an SMTP server (aiosmtpd) in the
test process that keeps what it receives, a private Redis, and Celery worker processes.

Each is started on an ephemeral port and stopped by its fixture; none is a stub. A service that
cannot start fails the test.
"""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tracker.accounts.models import Department, Role, User
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import Task

CELERY = Path(sys.executable).with_name("celery")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll `condition` until it returns something truthy; fail the test with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(name="wait_for")
def wait_for_fixture() -> Callable[..., Any]:
    """`wait_for(condition, timeout, what)` for tests (helpers in a conftest cannot be imported)."""
    return wait_for


@dataclass
class ReceivedMail:
    envelope_to: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    """An aiosmtpd server on a fixed port that may be stopped and started again (server down/up)."""

    port: int
    delay_seconds: float = 0.0
    received: list[ReceivedMail] = field(default_factory=list)
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        message = email.message_from_bytes(envelope.original_content, policy=default)
        with self._lock:
            self.received.append(ReceivedMail(list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self.received)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server; `stop()`/`start()` take it down and bring it back on the same port."""
    server = SmtpServer(port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_server_down() -> Iterator[SmtpServer]:
    """An SMTP server whose port is chosen but that is not listening until the test calls `start()`."""
    server = SmtpServer(port=free_port())
    yield server
    server.stop()


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 10, f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def restart(self) -> None:
        """Stop and start again: nothing is persisted, so whatever the broker held is gone."""
        self.stop()
        self.start()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of this test's own on an ephemeral port, so the shared one is never touched or restarted."""
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(free_port(), directory)
    server.start()
    yield server
    server.stop()


@dataclass
class WorkerProcess:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, as when the machine loses the process."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `celery -A workers worker` (solo pool) with the given `TRACKER_*` settings; `beat=True`
    embeds the beat scheduler. Waits until the worker is ready; all are stopped after the test."""
    started: list[WorkerProcess] = []

    def start(env: dict[str, str], *, beat: bool = False) -> WorkerProcess:
        name = f"w{len(started) + 1}"
        log_path = tmp_path / f"worker-{name}.log"
        command = [
            str(CELERY),
            "-A",
            "workers",
            "worker",
            "--pool=solo",
            "--prefetch-multiplier=1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-n",
            f"{name}@%h",
            "-l",
            "INFO",
        ]
        if beat:
            command += ["-B", "--schedule", str(tmp_path / f"beat-{name}")]
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env={**os.environ, "TRACKER_LOG_LEVEL": "INFO", **env},
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        worker = WorkerProcess(name, process, log_path)
        started.append(worker)
        wait_for(
            lambda: " ready." in worker.log() or process.poll() is not None, 60, f"worker {name} to start"
        )
        assert process.poll() is None, worker.log()
        return worker

    yield start
    for worker in started:
        worker.stop()


def _seed_reminder_town(database_url: str, owners: int) -> dict[str, int]:
    """Committed: `owners` people of 司法所 with a task due the next working day each; a coordinator."""
    database = Database(database_url)
    ids: dict[str, int] = {}
    with database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        plan = Plan(
            organisation_id=sole_organisation(session).id,
            year=2026,
            title="2026年度法治政府建设主要安排",
            source_filename="plan.txt",
            source_bytes=b"plan",
            source_sha256="0" * 64,
            source_text="plan",
            status=PlanStatus.CONFIRMED,  # reminders speak of active plans only
        )
        coordinator = User(
            organisation_id=sole_organisation(session).id,
            username="coord",
            display_name="司法所协调人",
            email="coord@town.example",
        )
        coordinator.role = Role.COORDINATOR
        session.add_all([unit, plan, coordinator])
        session.flush()
        for number in range(owners):
            owner = User(
                organisation_id=sole_organisation(session).id,
                username=f"owner{number}",
                display_name=f"责任人{number}",
                email=f"owner{number}@town.example",
                department=unit,
            )
            item = PlanItem(plan=plan, title=f"普法任务{number}", text=f"普法任务{number}", position=number)
            title = f"普法任务{number}"
            session.add(
                Task(
                    plan_id=plan.id,
                    plan_item=item,
                    title=title,
                    deadline=date(2026, 3, 3),
                    owner=owner,
                    lead_department=unit,
                )
            )
        session.flush()
        ids["coordinator"] = coordinator.id
    database.dispose()
    return ids


@pytest.fixture
def seed_reminder_town() -> Callable[[str, int], dict[str, int]]:
    """`seed(database_url, owners)`: commit a town whose owners each have a task due on 2026-03-03."""
    return _seed_reminder_town
