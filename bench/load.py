"""Load on loopback: 50 concurrent clients for 60 s over the board, task pages and progress posting,
against gunicorn (compose's web command) and PostgreSQL. Bounded in time; stops by itself.

A fresh PostgreSQL database gets a year of work (bench/web.py's `fill`: tasks under 10 plan items,
progress entries, 12 units). Every client signs in through the real login form, then loops: the
board (first page or a later one) 40%, a task page 40%, a progress entry posted with its CSRF token
20% (each post changes the data, so the board cache is rebuilt after it, as in real use). Prints each
kind's p50/p95/p99 under load, the same measured first with one client (the baseline of this run)
and their ratio, the throughput and the errors (any status other than 200, or 303/302 after a post).

    .venv/bin/python bench/load.py [--clients 50] [--seconds 60] [--tasks 2000] [--entries 10000]
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
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from web import PASSWORD, ROOT, TODAY, fill, free_port, scratch_database  # noqa: E402

TIMEOUT_SECONDS = 30.0
KINDS = ("board", "task page", "progress post")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


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


async def client(port: int, where: Targets, deadline: float, results: Results, seed: int) -> None:
    chooser = random.Random(seed)
    cookie, token = await sign_in(port)
    while time.perf_counter() < deadline:
        roll = chooser.random()
        task_id = chooser.choice(where.tasks if roll < 0.8 else where.open_tasks)
        if roll < 0.4:
            kind, method, path, body, wanted = "board", "GET", chooser.choice(["/", "/?page=3"]), "", {200}
        elif roll < 0.8:
            kind, method, path, body, wanted = "task page", "GET", f"/tasks/{task_id}", "", {200}
        else:
            kind, method, path, wanted = "progress post", "POST", f"/tasks/{task_id}/progress", {302, 303}
            body = urllib.parse.urlencode(
                {"csrf_token": token, "text": "按计划推进，开展专项检查", "percent": "50"}
            )
        started = time.perf_counter()
        try:
            status, _, _ = await asyncio.wait_for(http(port, method, path, cookie, body), TIMEOUT_SECONDS)
        except (OSError, TimeoutError) as error:
            results.errors.append(f"{kind} {path}: {error!r}")
            continue
        results.latencies[kind].append(time.perf_counter() - started)
        if status not in wanted:
            results.errors.append(f"{kind} {path}: status {status}")


async def run_clients(port: int, clients: int, seconds: float, where: Targets) -> tuple[Results, float]:
    results = Results()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(port, where, deadline, results, seed) for seed in range(clients)))
    return results, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_web(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """compose's web command, bound to loopback (GUNICORN_CMD_ARGS, as the system test does)."""
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": url,
        "TRACKER_VAR_DIR": tempfile.mkdtemp(),
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
        f"{clients} clients, {elapsed:.1f} s: {total} requests, {rate:.1f} req/s, {len(loaded.errors)} errors"
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes (WEB_CONCURRENCY)")
    args = parser.parse_args()

    with scratch_database("luoshi_load") as url:
        fill(url, args.tasks, args.entries)
        where = targets(url)
        port = free_port()
        server = start_web(url, port, args.workers)
        try:
            asyncio.run(run_clients(port, 4, 3.0, where))  # warm every gunicorn process
            baseline, _ = asyncio.run(run_clients(port, 1, 8.0, where))
            loaded, elapsed = asyncio.run(run_clients(port, args.clients, args.seconds, where))
        finally:
            server.terminate()
            server.wait(30)
    print(f"{args.tasks} tasks, {args.entries} entries; gunicorn {args.workers} sync workers; PostgreSQL")
    report(baseline, loaded, elapsed, args.clients)


if __name__ == "__main__":
    main()
