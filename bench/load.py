"""Load on loopback: concurrent clients for 60 s over the board, task pages and progress posting,
against gunicorn (compose's web command) on PostgreSQL, or on the embedded default's SQLite
(`--database sqlite`: 2 gunicorn workers as `tracker quickstart` runs them). `--one-task` sends every
client to the same task (everyone filing progress on one shared task). Bounded in time; stops by itself.

A fresh PostgreSQL database gets a year of work (bench/web.py's `fill`: tasks under 10 plan items,
progress entries, 12 units). Every client signs in through the real login form, then loops: the
board (first page or a later one) 40%, a task page 40%, a progress entry posted with its CSRF token
20% (each post changes the data, so the board cache is rebuilt after it, as in real use). Prints each
kind's p50/p95/p99 under load, the same measured first with one client (the baseline of this run)
and their ratio, the throughput and the errors (any status other than 200, or 303/302 after a post).
A progress post reads the task page first and sends the version and percent it showed, as the form
does: a 409 is counted apart from the errors, and only as a 409 if it came as the Chinese page;
a post whose percent met another's is counted as a percent conflict (its entry kept).

    .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--tasks 2000] [--entries 10000]
    .venv/bin/python bench/load.py --database sqlite --clients 30 --workers 2
    .venv/bin/python bench/load.py --one-task --clients 15
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from web import PASSWORD, ROOT, TODAY, fill, free_port, scratch_database  # noqa: E402

from tracker.migrate import upgrade  # noqa: E402

TIMEOUT_SECONDS = 30.0
KINDS = ("board", "task page", "progress post")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    """409 answers, each checked to be the Chinese page (else it is an error)."""
    percent_conflicts: int = 0
    """Posts accepted whose percent met another's (303 to ?percent_conflict=…)."""


async def http(
    port: int, method: str, path: str, cookie: str = "", body: str = ""
) -> tuple[int, dict, bytes]:
    """One HTTP/1.1 request on a fresh connection (gunicorn's sync workers close after each)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = body.encode()
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if cookie:
        head.append(f"Cookie: {cookie}")
    if method == "POST":
        head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(data)}"]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    header_block, _, payload = raw.partition(b"\r\n\r\n")
    lines = header_block.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), value.strip())
    return int(lines[0].split()[1]), headers, payload


async def sign_in(port: int) -> tuple[str, str]:
    """The session cookie and its CSRF token, through the login form."""
    _, headers, page = await http(port, "GET", "/login")
    cookie = headers["set-cookie"].split(";")[0]
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"csrf_token": token, "username": "bench", "password": PASSWORD})
    status, headers, _ = await http(port, "POST", "/login", cookie, form)
    assert status == 302, status
    return headers["set-cookie"].split(";")[0], token


@dataclass(frozen=True)
class Targets:
    tasks: list[int]
    open_tasks: list[int]
    """Progress can be filed on these (办结 tasks refuse it)."""


def targets(url: str) -> Targets:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, status FROM tasks ORDER BY id")).all()
    engine.dispose()
    return Targets([row.id for row in rows], [row.id for row in rows if row.status != "done"])


CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
SEEN = re.compile(
    rb'id="progress-form".*?name="version_id" value="(\d+)".*?name="percent_seen" value="(\d+)"', re.S
)


async def timed(
    results: Results, kind: str, port: int, method: str, path: str, cookie: str, body: str = ""
) -> tuple[int, dict, bytes] | None:
    started = time.perf_counter()
    try:
        answer = await asyncio.wait_for(http(port, method, path, cookie, body), TIMEOUT_SECONDS)
    except (OSError, TimeoutError) as error:
        results.errors.append(f"{kind} {path}: {error!r}")
        return None
    results.latencies[kind].append(time.perf_counter() - started)
    return answer


def judge_post(results: Results, path: str, answer: tuple[int, dict, bytes]) -> None:
    status, headers, page = answer
    if (
        status == 409
        and headers.get("content-type", "").startswith("text/html")
        and "已被他人" in page.decode()
    ):
        results.conflicts += 1
    elif status in (302, 303):
        results.percent_conflicts += "percent_conflict=" in headers.get("location", "")
    else:
        said = re.findall(
            r'class="(?:flash flash-error|field-error)"[^>]*>([^<]+)<', page.decode(errors="replace")
        )
        results.errors.append(f"progress post {path}: status {status} {said[:2]}")


async def client(port: int, where: Targets, deadline: float, results: Results, seed: int) -> None:
    chooser = random.Random(seed)
    cookie, _ = await sign_in(port)
    while time.perf_counter() < deadline:
        roll = chooser.random()
        task_id = chooser.choice(where.tasks if roll < 0.8 else where.open_tasks)
        if roll < 0.4:
            path = chooser.choice(["/", "/?page=3"])
            answer = await timed(results, "board", port, "GET", path, cookie)
            if answer is not None and answer[0] != 200:
                results.errors.append(f"board {path}: status {answer[0]}")
            continue
        page = await timed(results, "task page", port, "GET", f"/tasks/{task_id}", cookie)
        if page is None:
            continue
        if "set-cookie" in page[1]:  # as a browser does: the page put this session's CSRF token in it
            cookie = page[1]["set-cookie"].split(";")[0]
        if page[0] != 200:
            results.errors.append(f"task page {task_id}: status {page[0]}")
            continue
        if roll < 0.8:
            continue
        seen = SEEN.search(page[2])
        if seen is None:
            results.errors.append(f"task page {task_id}: no progress form on an open task")
            continue
        token = CSRF.search(page[2]).group(1).decode()  # type: ignore[union-attr]  (this session's token)
        form = {
            "csrf_token": token,
            "text": "按计划推进，开展专项检查",
            "percent": str(chooser.randrange(101)),
        }
        form |= {"version_id": seen.group(1).decode(), "percent_seen": seen.group(2).decode()}
        path = f"/tasks/{task_id}/progress"
        answer = await timed(
            results, "progress post", port, "POST", path, cookie, urllib.parse.urlencode(form)
        )
        if answer is not None:
            judge_post(results, path, answer)


async def run_clients(port: int, clients: int, seconds: float, where: Targets) -> tuple[Results, float]:
    results = Results()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(port, where, deadline, results, seed) for seed in range(clients)))
    return results, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_web(url: str, port: int, workers: int, var_dir: str) -> subprocess.Popen[bytes]:
    """compose's web command, bound to loopback (GUNICORN_CMD_ARGS, as the system test does)."""
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": url,
        "TRACKER_SECRET_KEY": os.environ.get("TRACKER_SECRET_KEY") or "bench-load-signing-key-" + "x" * 16,
        "TRACKER_VAR_DIR": var_dir,
        "TRACKER_TODAY": TODAY.isoformat(),
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--config",
        "python:tracker.web.gunicorn_config",
    ]
    log = open(Path(env["TRACKER_VAR_DIR"]) / "web.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(
        [*command, "tracker.web:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    for _ in range(200):
        try:
            asyncio.run(http(port, "GET", "/ping"))
            return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def report(baseline: Results, loaded: Results, elapsed: float, clients: int) -> None:
    total = sum(len(v) for v in loaded.latencies.values())
    rate = total / elapsed
    print(
        f"{clients} clients, {elapsed:.1f} s: {total} requests, {rate:.1f} req/s, "
        f"{len(loaded.errors)} errors, {loaded.conflicts} 409 pages, "
        f"{loaded.percent_conflicts} posts told of a percent conflict"
    )
    columns = ("n", "p50 ms", "p95 ms", "p99 ms", "max ms", "1 client p50", "p50 ratio")
    print(f"{'kind':<14}" + "".join(f"{column:>14}" for column in columns))
    for kind in KINDS:
        values, alone = loaded.latencies[kind], baseline.latencies[kind]
        p50, base = percentile(values, 0.5) * 1000, statistics.median(alone) * 1000
        cells = [len(values), p50, *(percentile(values, q) * 1000 for q in (0.95, 0.99)), max(values) * 1000]
        cells += [base, p50 / base]
        print(
            f"{kind:<14}"
            + "".join(f"{cell:>14.1f}" if isinstance(cell, float) else f"{cell:>14}" for cell in cells)
        )
    for error in loaded.errors[:10]:
        print("error:", error)


@contextmanager
def embedded(var_dir: str) -> Iterator[str]:
    """The embedded default's database: SQLite under the run's own var folder, migrated."""
    url = f"sqlite:///{Path(var_dir) / 'luoshi.db'}"
    upgrade(url)
    yield url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes (WEB_CONCURRENCY)")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--one-task", action="store_true", help="every client on the same open task")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="luoshi-load-")
    with scratch_database("luoshi_load") if args.database == "postgresql" else embedded(var_dir) as url:
        fill(url, args.tasks, args.entries)
        where = targets(url)
        if args.one_task:
            where = Targets(where.open_tasks[:1], where.open_tasks[:1])
        port = free_port()
        server = start_web(url, port, args.workers, var_dir)
        try:
            asyncio.run(run_clients(port, 4, 3.0, where))  # warm every gunicorn process
            baseline, _ = asyncio.run(run_clients(port, 1, 8.0, where))
            loaded, elapsed = asyncio.run(run_clients(port, args.clients, args.seconds, where))
        finally:
            server.terminate()
            server.wait(30)
    shared = "; all clients on one task" if args.one_task else ""
    print(
        f"{args.tasks} tasks, {args.entries} entries; gunicorn {args.workers} sync workers; "
        f"{args.database}{shared}"
    )
    report(baseline, loaded, elapsed, args.clients)


if __name__ == "__main__":
    main()
