"""Fixtures for the report feature: a builder of one year's plain records for the pure tests, LibreOffice
for the PDF check, and real services (a committed database, a private Redis, a Celery worker process)
for the generation run end to end."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.migrate import upgrade
from tracker.reports.records import (
    EntryRecord,
    EvidenceRecord,
    ExtensionRecord,
    IncrementRecord,
    IndicatorRecord,
    ItemRecord,
    PlanRecord,
    ShortcomingRecord,
    TaskRecord,
    YearRecords,
)
from tracker.reports.sample import add_sample_year


class YearBuilder:
    """Builds `YearRecords` the way a year unfolds: items, their tasks, entries with increments."""

    def __init__(self, *, year: int, title: str, as_of: date) -> None:
        self.plan = PlanRecord(1, year, title)
        self.as_of = as_of
        self._ids = count(100)
        self.items: list[ItemRecord] = []
        self.tasks: list[TaskRecord] = []
        self.entries: list[EntryRecord] = []
        self.indicators: list[IndicatorRecord] = []
        self.increments: list[IncrementRecord] = []
        self.extensions: list[ExtensionRecord] = []
        self.evidence: list[EvidenceRecord] = []
        self.shortcomings: list[ShortcomingRecord] = []

    def item(
        self,
        title: str,
        *,
        marker: str | None = None,
        parent: ItemRecord | None = None,
        category: str | None = None,
        text: str | None = None,
    ) -> ItemRecord:
        record = ItemRecord(
            next(self._ids),
            parent.id if parent else None,
            len(self.items),
            marker,
            title,
            text or title,
            category,
        )
        self.items.append(record)
        return record

    def task(
        self,
        item: ItemRecord,
        *,
        status: str = "pending",
        deadline: date | None = date(2026, 12, 31),
        percent: int = 0,
        ongoing: bool = False,
        recurring: bool = False,
        title: str | None = None,
    ) -> TaskRecord:
        record = TaskRecord(
            next(self._ids), item.id, title or item.title, status, deadline, percent, ongoing, recurring
        )
        self.tasks.append(record)
        return record

    def entry(self, task: TaskRecord, text: str, *, on: date = date(2026, 5, 1)) -> EntryRecord:
        record = EntryRecord(next(self._ids), task.id, on, text)
        self.entries.append(record)
        return record

    def indicator(
        self,
        item: ItemRecord,
        name: str,
        unit: str,
        *,
        baseline: str | None = None,
        qualifier: str | None = None,
    ) -> IndicatorRecord:
        record = IndicatorRecord(
            next(self._ids), item.id, name, unit, Decimal(baseline) if baseline else None, qualifier, 2025
        )
        self.indicators.append(record)
        return record

    def increment(self, entry: EntryRecord, indicator: IndicatorRecord, amount: str) -> IncrementRecord:
        record = IncrementRecord(next(self._ids), entry.id, indicator.id, Decimal(amount))
        self.increments.append(record)
        return record

    def extension(
        self, task: TaskRecord, *, previous: date, requested: date, reason: str, status: str = "approved"
    ) -> ExtensionRecord:
        record = ExtensionRecord(next(self._ids), task.id, status, previous, requested, reason)
        self.extensions.append(record)
        return record

    def evidence_file(self, task: TaskRecord, name: str, entry: EntryRecord | None = None) -> EvidenceRecord:
        record = EvidenceRecord(next(self._ids), task.id, entry.id if entry else None, name)
        self.evidence.append(record)
        return record

    def shortcoming(self, text: str, *, rectified: bool = False) -> ShortcomingRecord:
        record = ShortcomingRecord(next(self._ids), text, rectified)
        self.shortcomings.append(record)
        return record

    def records(self) -> YearRecords:
        return YearRecords(
            plan=self.plan,
            as_of=self.as_of,
            items=tuple(self.items),
            tasks=tuple(self.tasks),
            entries=tuple(self.entries),
            indicators=tuple(self.indicators),
            increments=tuple(self.increments),
            extensions=tuple(self.extensions),
            evidence=tuple(self.evidence),
            shortcomings=tuple(self.shortcomings),
        )


@pytest.fixture
def make_year() -> Callable[..., YearBuilder]:
    def make(
        *, year: int = 2026, title: str = "上义镇2025年法治政府建设年度报告", as_of: date = date(2026, 11, 26)
    ) -> YearBuilder:
        return YearBuilder(year=year, title=title, as_of=as_of)

    return make


@pytest.fixture
def docx_to_pdf(tmp_path):  # type: ignore[no-untyped-def]
    """Converts a .docx to PDF with LibreOffice (its own profile folder, so parallel runs do not
    share one) and returns the PDF's text as pdftotext reads it, with its page count."""

    def convert(data: bytes) -> tuple[str, int]:
        source = tmp_path / "draft.docx"
        source.write_bytes(data)
        profile = (tmp_path / "libreoffice-profile").as_uri()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = tmp_path / "draft.pdf"
        assert pdf.exists(), "LibreOffice made no PDF"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        return text, pages

    return convert


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[[Callable[[], object], float, str], object]:
    """`wait_until(condition, timeout, what)`: poll until truthy, or fail the test saying what."""
    return _wait


@pytest.fixture
def committed_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty migrated database of this run's backend whose commits are real, for a worker process
    that opens its own connections; a separate database so nothing leaks into other tests."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'committed.db'}"
        upgrade(url)
        yield url
        return
    server = make_url(database_url)
    name = f"{server.database}_w{secrets.token_hex(3)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def private_redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis server of this test's own on an ephemeral port: the shared one is never touched."""
    port = _free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        _wait(answers, 15, f"redis-server on port {port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def celery_worker_process(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], subprocess.Popen[bytes]]]:
    """Starts `celery -A workers worker` (solo pool) with the given TRACKER_* settings and waits until
    it is ready; it is stopped after the test and its log is printed if the test fails."""
    started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = tmp_path / f"worker-{len(started)}.log"
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "workers",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "INFO",
        ]
        with log.open("wb") as output:
            process = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
            )
        started.append((process, log))
        _wait(
            lambda: " ready." in log.read_text(errors="replace") or process.poll() is not None,
            60,
            "the Celery worker to start",
        )
        assert process.poll() is None, log.read_text(errors="replace")
        return process

    yield start
    for process, log in started:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        print(log.read_text(errors="replace"))


@dataclass
class GenerationSite:
    """A year committed to its own database, a coordinator who may sign in, a worker running on a
    private Redis, and the settings of the web app that talks to them."""

    settings: Settings
    database: Database
    username: str
    password: str


@pytest.fixture
def generation_site(
    committed_database_url: str, private_redis_url: str, celery_worker_process, tmp_path: Path
) -> Iterator[GenerationSite]:
    database = Database(committed_database_url)
    password = "generate-the-draft-1"
    with database.unit_of_work() as session:
        add_sample_year(session, tasks=30, entries_per_task=4, items=3)
        coordinator = User(username="coordinator", display_name="法治办", role=Role.COORDINATOR)
        set_password(coordinator, password)
        session.add(coordinator)
    settings = Settings(
        var_dir=tmp_path / "var",
        database_url=committed_database_url,
        broker_url=private_redis_url,
        today="2026-11-26",
    )
    settings.var_dir.mkdir()
    celery_worker_process(
        {
            "TRACKER_DATABASE_URL": settings.database_url,
            "TRACKER_BROKER_URL": settings.broker_url,
            "TRACKER_VAR_DIR": str(settings.var_dir),
            "TRACKER_TODAY": settings.today or "",
        }
    )
    yield GenerationSite(settings, database, "coordinator", password)
    database.dispose()
