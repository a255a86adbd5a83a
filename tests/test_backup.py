"""A backup that restores (issue 12, Build 12): `tracker backup` taken while the product runs and
receives progress with evidence, `tracker restore` into a fresh directory and an empty database;
every task, entry and evidence file the backup holds is there and reads back byte for byte, on
SQLite and on PostgreSQL (pg_dump). A restore refuses an installation that holds data, a damaged
archive and another kind of database, saying why."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import Evidence, ProgressEntry, Task
from tracker.web import create_app

PASSWORD = "backup-drill-12"
KEY = "backup-drill-secret-key-0123456789abcdef"


def _tracker(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *arguments],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TRACKER_SECRET_KEY": KEY, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _town(database: Database, new_plan) -> list[int]:  # type: ignore[no-untyped-def]
    with database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        owner = User(
            organisation_id=sole_organisation(session).id,
            username="zhang",
            display_name="张三",
            role=Role.OWNER,
            department=unit,
        )
        set_password(owner, PASSWORD)
        plan = new_plan(session, confirmed=True)
        session.add_all([unit, owner, plan])
        session.flush()
        tasks = []
        for number in range(3):
            item = PlanItem(plan=plan, title=f"任务{number}", text=f"任务{number}", position=number)
            session.add(item)
            session.flush()
            tasks.append(Task(plan_id=plan.id, plan_item=item, title=f"任务{number}", lead_department=unit))
        session.add_all(tasks)
        session.flush()
        return [task.id for task in tasks]


class Filer(threading.Thread):
    """A person filing progress with a photo, again and again, through the site's own form."""

    def __init__(self, url: str, task_ids: list[int]) -> None:
        super().__init__(daemon=True)
        self.url, self.task_ids = url, task_ids
        self.stop = threading.Event()
        self.filed = 0
        self.errors: list[str] = []
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def _token(self, path: str) -> str:
        page = self.opener.open(self.url + path, timeout=60).read().decode()
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert found
        return found.group(1)

    def run(self) -> None:
        form = {"csrf_token": self._token("/login"), "username": "zhang", "password": PASSWORD}
        self.opener.open(self.url + "/login", data=urllib.parse.urlencode(form).encode(), timeout=60)
        number = 0
        while not self.stop.is_set():
            task_id = self.task_ids[number % len(self.task_ids)]
            photo = b"\x89PNG\r\n\x1a\n" + f"photo {number}".encode() * 200
            body, boundary = _multipart(
                {"csrf_token": self._token(f"/tasks/{task_id}"), "text": f"第{number}次进展"}, photo
            )
            request = urllib.request.Request(
                f"{self.url}/tasks/{task_id}/progress",
                data=body,
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            )
            try:
                self.opener.open(request, timeout=60)
                self.filed += 1
            except Exception as error:
                self.errors.append(repr(error))
            number += 1


def _multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = "luoshi-drill"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="现场.png"\r\n'
        f"Content-Type: image/png\r\n\r\n".encode()
        + photo
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return out.getvalue(), boundary


@pytest.fixture
def empty_target(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """`empty_target(backend)`: the URL of an empty database of that kind for the restore."""

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / 'restored' / 'luoshi.db'}"
        return request.getfixturevalue("empty_postgres_url")

    return make


def test_a_backup_taken_while_people_file_progress_restores_whole(
    fresh_database_url: str, tmp_path: Path, serve_app, new_plan, empty_target
) -> None:  # type: ignore[no-untyped-def]
    backend = "postgresql" if fresh_database_url.startswith("postgresql") else "sqlite"
    database = Database(fresh_database_url)
    task_ids = _town(database, new_plan)
    settings = Settings(var_dir=tmp_path / "var", database_url=fresh_database_url, secret_key=KEY)
    url = serve_app(create_app(settings, database=database))
    filer = Filer(url, task_ids)
    filer.start()
    while filer.filed < 5 and filer.is_alive():
        filer.stop.wait(0.1)
    archive = tmp_path / "luoshi-backup.tar.gz"
    taken = _tracker(
        {"TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(settings.var_dir)},
        "backup",
        str(archive),
    )
    filed_at_backup = filer.filed
    for _ in range(30):  # and people go on filing after it
        if filer.filed >= filed_at_backup + 3:
            break
        filer.stop.wait(0.2)
    filer.stop.set()
    filer.join(60)
    assert taken.returncode == 0, taken.stderr
    assert "已备份到" in taken.stdout and filer.errors == []

    restored_url = empty_target(backend)
    restored_var = tmp_path / "restored"
    put_back = _tracker(
        {"TRACKER_DATABASE_URL": restored_url, "TRACKER_VAR_DIR": str(restored_var)}, "restore", str(archive)
    )
    assert put_back.returncode == 0, put_back.stderr
    assert "已恢复" in put_back.stdout

    restored = Database(restored_url)
    store = EvidenceStore(restored_var / "evidence")
    with restored.unit_of_work() as session:
        assert sorted(session.scalars(select(Task.id))) == task_ids
        entries = session.scalar(select(func.count()).select_from(ProgressEntry))
        assert entries >= 5, "everything filed before the backup began is there"
        evidence = session.scalars(select(Evidence)).all()
        assert len(evidence) == entries, "each entry came with its photo"
        for one in evidence:
            data = store.path_of(one).read_bytes()
            assert hashlib.sha256(data).hexdigest() == one.sha256, one.original_name
        assert session.scalar(select(User.username)) == "zhang"
    restored.dispose()
    database.dispose()


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)
def test_a_restore_refuses_what_it_must_not_touch(fresh_database_url: str, tmp_path: Path, new_plan) -> None:  # type: ignore[no-untyped-def]
    database = Database(fresh_database_url)
    _town(database, new_plan)
    database.dispose()
    source = {"TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    archive = tmp_path / "backup.tar.gz"
    assert _tracker(source, "backup", str(archive)).returncode == 0

    into_itself = _tracker(source, "restore", str(archive))
    assert into_itself.returncode == 2 and "只能恢复到空的安装中" in into_itself.stderr

    fresh = {
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'new' / 'luoshi.db'}",
        "TRACKER_VAR_DIR": str(tmp_path / "new"),
    }
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "database.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 1])
            copy.addfile(member, io.BytesIO(data))
    refused = _tracker(fresh, "restore", str(damaged))
    assert refused.returncode == 2 and "备份文件已损坏：database.sqlite3" in refused.stderr
    assert not (tmp_path / "new" / "evidence").exists()

    not_a_backup = tmp_path / "plan.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as other:
        other.add(__file__, arcname="plan.txt")
    assert "这不是落实的备份文件" in _tracker(fresh, "restore", str(not_a_backup)).stderr
