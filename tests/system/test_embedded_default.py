"""README's first command: `tracker quickstart` (what `python3 bootstrap.py run` becomes) runs web,
worker and beat together on SQLite, the SQLAlchemy broker and the file outbox; Ctrl-C stops every
process it started with exit status 0, and a second run finds the data of the first."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from http_browser import HttpBrowser
from processes import alive, descendants

from tests.integration.conftest import free_port
from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.integration
COORDINATOR = ("fazhiban", "luoshi-demo-2026")


class Quickstart:
    """One run of the command in a session of its own, as a terminal's foreground job."""

    def __init__(self, var_dir: Path, port: int) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env["TRACKER_VAR_DIR"] = str(var_dir)
        self.log_path = var_dir.parent / f"quickstart-{port}-{os.urandom(2).hex()}.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tracker", "quickstart", "--port", str(port)],
                cwd=PROJECT_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.url = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ctrl_c(self) -> None:
        """What the terminal does: SIGINT to the foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout)

    def kill(self) -> None:
        for pid in descendants(self.process.pid) | {self.process.pid}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def quickstart(tmp_path: Path) -> Iterator[Any]:
    runs: list[Quickstart] = []

    def start(port: int) -> Quickstart:
        runs.append(Quickstart(tmp_path / "var", port))
        return runs[-1]

    yield start
    for run in runs:
        if run.process.poll() is None:
            run.kill()


def _healthy(browser: HttpBrowser) -> dict[str, Any] | None:
    page = browser.get("/healthz")
    return page.json() if page.status == 200 else None


def _serving(run: Quickstart) -> bool:
    assert run.process.poll() is None, run.output()
    if "已启动" not in run.output():
        return False
    try:
        return HttpBrowser(run.url).get("/ping").status == 200
    except OSError:  # not listening yet
        return False


def test_one_command_runs_everything_stops_on_ctrl_c_and_keeps_the_data(quickstart, wait_for) -> None:
    port = free_port()
    first = quickstart(port)
    wait_for(lambda: _serving(first), 120, "the site to answer")
    assert f"落实 Luoshi 已启动：http://127.0.0.1:{port}" in first.output()
    browser = HttpBrowser(first.url)
    browser.sign_in(*COORDINATOR)

    # Worker and beat are alive: both left their heartbeats, and the broker answers.
    health = wait_for(lambda: _healthy(browser), 60, "/healthz to report every part healthy")
    assert set(health["parts"]) == {"database", "broker", "beat", "worker"}
    assert health["parts"]["beat"]["last_run"] and health["parts"]["worker"]["last_run"]

    # The worker consumes from the embedded broker: a report run requested on the page finishes.
    token = browser.get("/reports/?year=2026").csrf_token()
    page = browser.post_form("/reports/2026/runs", {"csrf_token": token, "format": "md"})
    run_id = int(re.findall(r'data-run="(\d+)"', page.text)[0])
    done = wait_for(
        lambda: browser.get(f"/reports/runs/{run_id}").json()["status"] == "done", 90, "the report run"
    )
    assert done
    report = browser.get(f"/reports/runs/{run_id}/download")
    assert report.status == 200 and "主要举措和成效" in report.text

    processes = descendants(first.process.pid)
    assert len(processes) >= 5, "gunicorn (master and two workers), the worker and beat"
    first.ctrl_c()
    assert first.wait(90) == 0, first.output()
    assert not [pid for pid in processes if alive(pid)], first.output()
    assert "stopping web, worker and beat" in first.output()

    second = quickstart(port)
    wait_for(lambda: _serving(second), 120, "the site to answer again")
    again = HttpBrowser(second.url)
    again.sign_in(*COORDINATOR)
    kept = again.get(f"/reports/runs/{run_id}").json()
    assert kept["status"] == "done" and kept["download"]
    assert "主要举措和成效" in again.get(kept["download"]).text
    processes = descendants(second.process.pid)
    second.process.send_signal(signal.SIGTERM)  # a service manager's stop
    assert second.wait(90) == 0, second.output()
    assert not [pid for pid in processes if alive(pid)]
