"""The whole stack, as compose.yaml runs it, minus Docker: the very commands of its migrate, web,
worker and beat services, with their environment, as local processes against a fresh PostgreSQL
database, a private Redis and an SMTP server in the test. A coordinator signs in over HTTP, uploads
the seed plan, confirms it and assigns a task; "today" moves past the deadline (the processes are
restarted with a new `TRACKER_TODAY`, as `docker compose up -d` after editing `.env` would); the
reminder reaches the SMTP server; the owner files progress with evidence; the coordinator gets the
report draft as .docx.

Only what necessarily differs from the containers is replaced: the addresses of PostgreSQL, Redis
and the SMTP server, the var volume (a folder), the base URL and port (GUNICORN_CMD_ARGS), and the
number of gunicorn processes on this 2-core machine.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import compose_file
import pytest
from docx import Document
from http_browser import HttpBrowser

from tests.integration.conftest import WorkerProcess, free_port
from tracker.config import PROJECT_ROOT

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
SECRETS = {"POSTGRES_PASSWORD": "unused-here", "TRACKER_SECRET_KEY": "system-test-secret-key-long-enough-32"}
PASSWORD = "system-test-pass-1"
BEFORE_THE_CYCLE = "2026-11-26T08:00:00"
"""Thursday before 09:00: nothing is due to be sent while the plan is set up."""
DEADLINE = "2026-11-30"
AFTER_THE_DEADLINE = "2026-12-01T09:59:50"
"""The next working day, ten seconds before beat's 10:00 cycle (trial clock, see docs/configuration.md)."""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Stack:
    start_process: Callable[..., WorkerProcess]
    wait_for: Callable[..., Any]
    local: dict[str, str]
    base_url: str
    running: list[WorkerProcess] = field(default_factory=list)

    def service(self, name: str) -> compose_file.Service:
        return compose_file.services({**compose_file.env_example(), **SECRETS})[name]

    def environment(self, name: str, today: str) -> dict[str, str]:
        """What the container gets: `.env` (env_file), the service's environment, then the local
        replacements for what only exists inside compose's network."""
        env_file = {k: v for k, v in compose_file.env_example().items() if k.startswith("TRACKER_")}
        return {**env_file, **self.service(name).environment, **self.local, "TRACKER_TODAY": today}

    @staticmethod
    def argv(command: list[str]) -> list[str]:
        return [str(BIN / command[0]), *command[1:]]

    def run(self, command: list[str], today: str = BEFORE_THE_CYCLE) -> str:
        """A one-off command in the migrate service's container (`docker compose run migrate …`)."""
        done = subprocess.run(
            self.argv(command),
            cwd=PROJECT_ROOT,
            env={**_base_environ(), **self.environment("migrate", today)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def up(self, today: str) -> None:
        for name in ("web", "worker", "beat"):
            argv = self.argv(self.service(name).command)
            self.running.append(self.start_process(name, argv, self.environment(name, today)))
        web, worker, beat = self.running[-3:]
        self.wait_for(lambda: _answers(self.base_url, web), 90, "the web to answer")
        self.wait_for(lambda: " ready." in _alive(worker).log(), 90, "the worker to be ready")
        self.wait_for(lambda: "beat: Starting" in _alive(beat).log(), 60, "beat to start")

    def down(self) -> None:
        for process in self.running:
            process.stop()
            assert process.process.returncode == 0, process.log()[-3000:]
        self.running.clear()

    def healthcheck(self, name: str, today: str) -> subprocess.CompletedProcess[str]:
        argv = self.service(name).healthcheck({"HOSTNAME": socket.gethostname()})
        return subprocess.run(
            self.argv(argv),
            cwd=PROJECT_ROOT,
            env={**_base_environ(), **self.environment(name, today)},
            capture_output=True,
            text=True,
            timeout=60,
        )


def _base_environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}


def _alive(process: WorkerProcess) -> WorkerProcess:
    assert process.process.poll() is None, process.log()[-3000:]
    return process


def _answers(base_url: str, web: WorkerProcess) -> bool:
    _alive(web)
    try:
        return HttpBrowser(base_url).get("/ping").status == 200
    except OSError:
        return False


@pytest.fixture
def stack(empty_postgres_url, private_redis, smtp_server, start_process, wait_for, tmp_path) -> Stack:  # type: ignore[no-untyped-def]
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    local = {
        "TRACKER_DATABASE_URL": empty_postgres_url,
        "TRACKER_BROKER_URL": private_redis.url,
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(smtp_server.port),
        "TRACKER_VAR_DIR": str(tmp_path / "luoshi-var"),
        "TRACKER_BASE_URL": base_url,
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    return Stack(start_process, wait_for, local, base_url)


def _id(output: str) -> int:
    return int(re.search(r"编号 (\d+)", output).group(1))  # type: ignore[union-attr]


def _option(page: str, select: str, label: str) -> str:
    """The value of the option labelled `label` in the page's `<select name=select>`."""
    block = re.search(rf'<select name="{select}"[^>]*>(.*?)</select>', page, flags=re.DOTALL).group(1)  # type: ignore[union-attr]
    return re.search(rf'<option value="(\d+)"[^>]*>{re.escape(label)}</option>', block).group(1)  # type: ignore[union-attr]


def set_up_the_plan(stack: Stack, seed_report_path: Path) -> dict[str, Any]:
    """The coordinator's morning: upload the seed, confirm it, assign a task to 司法所's owner."""
    coordinator = HttpBrowser(stack.base_url)
    coordinator.sign_in("fazhiban", PASSWORD)
    token = coordinator.get("/plans").csrf_token()
    review = coordinator.post_form(
        "/plans",
        {"csrf_token": token},
        files={"document": (seed_report_path.name, seed_report_path.read_bytes())},
    )
    assert review.status == 200 and re.search(r"/plans/\d+$", review.url), review.text[:2000]
    plan_id = int(review.url.rsplit("/", 1)[1])
    confirmed = coordinator.post_form(f"/plans/{plan_id}/confirm", {"csrf_token": review.csrf_token()})
    assert "计划已确认" in confirmed.text
    tasks = coordinator.get(f"/api/v1/tasks?plan_id={plan_id}").json()["tasks"]
    assert len(tasks) >= 10
    task_id = tasks[0]["id"]

    page = coordinator.get(f"/tasks/{task_id}").text
    unit = _option(page, "lead_department_id", "司法所")
    fields = {"csrf_token": coordinator.get(f"/tasks/{task_id}").csrf_token(), "lead_department_id": unit}
    version = re.search(r'name="version_id" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    coordinator.post_form(f"/tasks/{task_id}/assign", {**fields, "version_id": version})
    page = coordinator.get(f"/tasks/{task_id}").text
    version = re.search(r'name="version_id" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    owner = _option(page, "owner_id", "张责任")
    assigned = coordinator.post_form(
        f"/tasks/{task_id}/assign",
        {**fields, "version_id": version, "owner_id": owner, "deadline": DEADLINE},
    )
    assert "任务分配已保存" in assigned.text, assigned.text[:2000]
    task = coordinator.get(f"/api/v1/tasks/{task_id}").json()
    assert task["owner"]["name"] == "张责任" and task["deadline"] == DEADLINE
    return task


def test_the_compose_stack_from_plan_to_reminder_to_report(
    stack: Stack, smtp_server, seed_report_path
) -> None:  # type: ignore[no-untyped-def]
    assert "数据库已是最新结构" in stack.run(stack.service("migrate").command)
    stack.run(["tracker", "dept", "add", "司法所"])
    add_user = ["tracker", "user", "add", "--password", PASSWORD]
    stack.run([*add_user, "fazhiban", "--name", "李协调", "--role", "coordinator", "--email", "li@x.example"])
    stack.run([*add_user, "sifasuo", "--name", "张责任", "--dept", "司法所", "--email", "zhang@x.example"])

    stack.up(BEFORE_THE_CYCLE)
    task = set_up_the_plan(stack, seed_report_path)
    browser = HttpBrowser(stack.base_url)
    health = stack.wait_for(lambda: browser.get("/healthz").status == 200, 90, "/healthz to turn healthy")
    assert health
    assert stack.healthcheck("worker", BEFORE_THE_CYCLE).returncode == 0
    assert stack.healthcheck("beat", BEFORE_THE_CYCLE).returncode == 0
    assert smtp_server.messages() == [], "nothing is sent before 09:00"

    stack.down()  # "today" moves: the processes restart with the new TRACKER_TODAY
    stack.up(AFTER_THE_DEADLINE)

    def reminder() -> Any:
        return next((m for m in smtp_server.messages() if "zhang@x.example" in m.envelope_to), None)

    mail = stack.wait_for(reminder, 120, "the reminder mail at the SMTP server").message
    assert mail["Subject"].startswith("【落实】2026年12月1日任务提醒") and "逾期" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert f"{stack.base_url}/tasks/{task['id']}" in text and task["title"][:10] in text

    owner = HttpBrowser(stack.base_url)
    owner.sign_in("sifasuo", PASSWORD)
    token = owner.get(f"/tasks/{task['id']}").csrf_token()
    filed = owner.post_form(
        f"/tasks/{task['id']}/progress",
        {"csrf_token": token, "text": "12月1日开展宪法宣传周法治讲座，覆盖群众120人次", "percent": "60"},
        files={"evidence": ("讲座签到表.png", PNG)},
    )
    assert "进展已填报" in filed.text

    coordinator = HttpBrowser(stack.base_url)
    coordinator.sign_in("fazhiban", PASSWORD)
    token = coordinator.get("/reports/?year=2026").csrf_token()
    runs = coordinator.post_form("/reports/2026/runs", {"csrf_token": token, "format": "docx"})
    run_id = int(re.findall(r'data-run="(\d+)"', runs.text)[0])

    def finished() -> dict[str, Any] | None:
        status = coordinator.get(f"/reports/runs/{run_id}").json()
        return status if status["status"] in {"done", "failed"} else None

    run = stack.wait_for(finished, 120, "the report run")
    assert run["status"] == "done", run
    download = coordinator.get(run["download"])
    assert download.status == 200
    document = Document(io.BytesIO(download.body))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "主要举措和成效" in text and "宪法宣传周法治讲座" in text

    traced = coordinator.get("/healthz", headers={"X-Request-ID": "system-test-42"})
    assert traced.status == 200 and traced.headers["X-Request-ID"] == "system-test-42"
    web, worker, _beat = stack.running
    # gunicorn writes the access line after the response has gone: wait for it rather than race it
    stack.wait_for(lambda: "[system-test-42] gunicorn.access" in web.log(), 10, "the access log line")
    # The worker's lines carry the task's id: the cycle that decided the day names it twice.
    assert re.search(
        r"\[([0-9a-f-]{36})\] celery\.app\.trace: Task reminders\.run_cycle\[\1\] succeeded", worker.log()
    )
    stack.down()
