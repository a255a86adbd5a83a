"""`tracker backup FILE` and `tracker restore FILE`: the town's whole record in one archive, taken
while the product runs, and put back into an empty installation.

The archive (a .tar.gz) holds `manifest.json` (format, backend, schema revision, row counts, every
file's SHA-256), the database — SQLite through its online backup API (one consistent snapshot while
writers go on), PostgreSQL through `pg_dump --format=custom` — and then the files under
`TRACKER_VAR_DIR`: `evidence/` (佐证材料), `reports/` (generated drafts), `outbox/` (the embedded
default's sent mail) and the embedded default's `secret_key`. The report wording is in the database.
The database is copied first: a file newer than the copy is harmless (the evidence sweep removes
it), while every row the copy holds has its file, since a file is in place (or still `.part`, which
restoring finishes) before its row commits.

Restoring checks every file against the manifest, refuses an installation that already holds data
(no merging two records), restores the database (PostgreSQL: `pg_restore`), brings its schema up to
this version (`tracker db upgrade`) and puts the files back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from tracker import clock
from tracker.config import SECRET_KEY_FILE, Settings
from tracker.db import Database
from tracker.errors import RuleError
from tracker.tasks.models import Evidence, ProgressEntry, Task

FORMAT = 1
FOLDERS = ("evidence", "reports", "outbox")
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
COUNTED = {"tasks": Task, "progress_entries": ProgressEntry, "evidence": Evidence}


@dataclass(frozen=True)
class BackupReport:
    path: Path
    backend: str
    counts: dict[str, int]
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _backend(database: Database) -> str:
    return "postgresql" if database.engine.dialect.name == "postgresql" else "sqlite"


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for pg_dump/pg_restore without the password, which goes in the environment."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise RuleError(
            f"找不到 {command[0]}：{what}需要 PostgreSQL 客户端（Debian 软件包 postgresql-client）。"
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuleError(f"{what}失败：{command[0]} 报告 {done.stderr.strip()[:500]}")


def _copy_database(database: Database, target: Path) -> None:
    if _backend(database) == "postgresql":
        url, env = _libpq(database.url)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={url}"],
            env,
            "备份数据库",
        )
        return
    source = sqlite3.connect(make_url(database.url).database or "", timeout=30)  # waits like the app
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one consistent snapshot; writers go on meanwhile (WAL)
    finally:
        copy.close()
        source.close()


def _counts(database: Database) -> dict[str, int]:
    with database.read_sessions() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in COUNTED.items()
        }


def _revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _var_files(var_dir: Path) -> Iterator[tuple[str, Path]]:
    """(name in the archive, path) of every file to keep, folders first, then the key."""
    for folder in FOLDERS:
        root = var_dir / folder
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    yield f"files/{path.relative_to(var_dir).as_posix()}", path
    key = var_dir / SECRET_KEY_FILE
    if key.is_file():
        yield f"files/{SECRET_KEY_FILE}", key


def make_backup(settings: Settings, database: Database, target: Path) -> BackupReport:
    """Write the archive to `target` (atomically: a temporary name beside it, renamed at the end)."""
    backend = _backend(database)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="luoshi-backup-") as scratch:
        dump = Path(scratch) / DATABASE_FILES[backend]
        counts = _counts(database)
        _copy_database(database, dump)
        files = list(_var_files(settings.var_dir))
        sums = {name: _sha256(path) for name, path in files}
        sums[DATABASE_FILES[backend]] = _sha256(dump)
        manifest = {
            "format": FORMAT,
            "created_at": clock.now(settings).isoformat(),
            "backend": backend,
            "revision": _revision(database),
            "counts_before_copy": counts,
            "files": sums,
        }
        partial = target.with_name(f".{target.name}.part")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE_FILES[backend])
            for name, path in files:
                archive.add(path, arcname=name)
        os.replace(partial, target)
    return BackupReport(target, backend, counts, len(files))


@dataclass(frozen=True)
class RestoreReport:
    backend: str
    revision: str | None
    counts: dict[str, int]
    files: int


def _read_manifest(archive: tarfile.TarFile) -> dict:  # type: ignore[type-arg]
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RuleError("这不是落实的备份文件（缺少或无法识别 manifest.json）。")
    return manifest


def _refuse_unless_empty(settings: Settings, database: Database) -> None:
    with database.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
    evidence = settings.var_dir / "evidence"
    if tables or (evidence.is_dir() and any(evidence.iterdir())):
        raise RuleError(
            "只能恢复到空的安装中：目标数据库已有数据表，或 evidence/ 中已有文件。"
            "请换一个新的 TRACKER_DATABASE_URL（空数据库）和 TRACKER_VAR_DIR。"
        )


def restore_backup(settings: Settings, database: Database, source: Path) -> RestoreReport:
    """Put the archive `source` back into the empty installation `settings`/`database`."""
    from tracker.migrate import upgrade

    backend = _backend(database)
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115  (closed by the `with` below)
    except (OSError, tarfile.TarError) as error:
        raise RuleError(f"无法读取备份文件 {source}：{error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="luoshi-restore-") as scratch:
        manifest = _read_manifest(archive)
        if manifest["backend"] != backend:
            raise RuleError(
                f"该备份来自 {manifest['backend']} 数据库，不能恢复到 {backend} 数据库；请使用同一种数据库。"
            )
        _refuse_unless_empty(settings, database)
        archive.extractall(scratch, filter="data")  # no absolute paths, no links out, no ../
        unpacked = Path(scratch)
        for name, expected in manifest["files"].items():
            path = unpacked / name
            if not path.is_file() or _sha256(path) != expected:
                raise RuleError(f"备份文件已损坏：{name} 缺失或与备份时不一致，未恢复任何内容。")
        _restore_database(database, unpacked / DATABASE_FILES[backend])
        upgrade(database.url)
        files = 0
        for name in manifest["files"]:
            if name.startswith("files/"):
                target = settings.var_dir / name.removeprefix("files/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(unpacked / name, target)
                files += 1
    return RestoreReport(backend, manifest.get("revision"), _counts(database), files)


def _restore_database(database: Database, dump: Path) -> None:
    if _backend(database) == "postgresql":
        url, env = _libpq(database.url)
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url}", str(dump)], env, "恢复数据库")
        return
    path = Path(make_url(database.url).database or "")
    database.dispose()
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(dump, path)
