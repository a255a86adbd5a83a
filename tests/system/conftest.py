"""The whole stack as processes: the integration rig's SMTP server, private Redis and `wait_for`,
plus a launcher for any command (web, worker, beat, migrate, the embedded default) that keeps its
output in a log file and stops what it started, and a way to see every process a command spawned."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import (  # noqa: F401  (fixtures re-exported for tests/system)
    WorkerProcess,
    free_port,
    private_redis,
    smtp_server,
    wait_for,
    wait_for_fixture,
)
from tracker.config import PROJECT_ROOT


@pytest.fixture
def start_process(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """`start(name, argv, env)`: run `argv` from the project folder with `env` added to this
    process's environment, output in `<tmp>/<name>.log`; everything still running is stopped
    (SIGTERM, then SIGKILL of its process group) after the test."""
    started: list[WorkerProcess] = []

    def start(name: str, argv: list[str], env: dict[str, str]) -> WorkerProcess:
        log_path = tmp_path / f"{name}-{len(started)}.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                argv,
                cwd=PROJECT_ROOT,
                env={**os.environ, **env},
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(WorkerProcess(name, process, log_path))
        return started[-1]

    yield start
    for worker in reversed(started):
        worker.stop()
        if worker.process.poll() is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(worker.process.pid, signal.SIGKILL)
