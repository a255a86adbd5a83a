"""The evidence folder holds exactly what the database records, whatever crashes in between (issue 12,
break 14: a web worker killed mid-upload left orphan files, and nothing swept them): files are
written under a temporary name and moved into place when their transaction commits; the hourly
sweep removes what nobody recorded and finishes a move a crash cut short."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from tracker.clock import stamp
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.tasks.evidence import EvidenceStore, Upload, attach_evidence, partial_of
from tracker.tasks.evidence_sweep import sweep_evidence
from tracker.tasks.models import Evidence
from workers.schedule import beat_schedule

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _files(root: Path) -> list[str]:
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def test_a_file_is_in_place_only_once_its_row_is_committed(town, database: Database, tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    with database.unit_of_work() as session:
        task = session.merge(town.task)
        (evidence,) = attach_evidence(
            session, store, task, [Upload("照片.png", PNG)], uploaded_by_id=None, entry=None, max_bytes=10**6
        )
        assert _files(store.root) == [evidence.stored_name + ".part"], "not in place before the commit"
    assert _files(store.root) == [evidence.stored_name]
    assert store.path_of(evidence).read_bytes() == PNG

    session = database.sessions()
    attach_evidence(
        session,
        store,
        session.merge(town.task),
        [Upload("b.png", PNG)],
        uploaded_by_id=None,
        entry=None,
        max_bytes=10**6,
    )
    session.rollback()
    session.close()
    assert _files(store.root) == [evidence.stored_name], "a rollback leaves nothing behind"


KILLED_MID_UPLOAD = """
import os, pathlib, signal, sys
from sqlalchemy import select
from tracker.db import Database
from tracker.tasks.evidence import EvidenceStore, Upload, attach_evidence
from tracker.tasks.models import Task
from tracker.organisations.service import sole_organisation
database = Database(sys.argv[1])
upload = Upload("a.png", b"\\x89PNG\\r\\n\\x1a\\n" + b"0" * 4096)
with database.unit_of_work() as session:
    task = session.scalars(select(Task)).first()
    store = EvidenceStore(pathlib.Path(sys.argv[2]))
    attach_evidence(session, store, task, [upload], uploaded_by_id=None, entry=None, max_bytes=10**6)
    os.kill(os.getpid(), signal.SIGKILL)  # the web worker is lost mid-request, before the commit
"""


def test_an_upload_cut_short_by_a_killed_process_is_swept_and_a_cut_short_move_finished(
    fresh_database_url: str, tmp_path: Path, new_plan
) -> None:  # type: ignore[no-untyped-def]
    from tracker.plans.models import PlanItem
    from tracker.tasks.models import Task

    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        plan = new_plan(session, confirmed=True)
        item = PlanItem(plan=plan, title="讲座", text="讲座", position=0)
        session.add_all([plan, item])
        session.flush()
        session.add(Task(plan_id=plan.id, plan_item=item, title="讲座"))
    root = tmp_path / "evidence"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_MID_UPLOAD, fresh_database_url, str(root)], cwd=PROJECT_ROOT, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    (orphan,) = root.rglob("*.part")

    # A committed row whose move a crash cut short, and an old file no row records any more.
    store = EvidenceStore(root)
    with database.unit_of_work() as session:
        task = session.scalars(select(Task)).one()
        (committed,) = attach_evidence(
            session, store, task, [Upload("b.png", PNG)], uploaded_by_id=None, entry=None, max_bytes=10**6
        )
    final = store.root / committed.stored_name[:2] / committed.stored_name
    os.replace(final, partial_of(final))
    forgotten = store.root / "ab" / ("ab" + "0" * 30)
    forgotten.parent.mkdir(exist_ok=True)
    forgotten.write_bytes(PNG)
    an_hour_ago = time.time() - 3700
    for path in (orphan, forgotten):
        os.utime(path, (an_hour_ago, an_hour_ago))
    just_now = store.root / "cd" / ("cd" + "1" * 30 + ".part")
    just_now.parent.mkdir(exist_ok=True)
    just_now.write_bytes(PNG)  # an upload whose transaction may still be open

    with database.unit_of_work() as session:
        report = sweep_evidence(session, store, stamp())
    assert (report.finished, report.removed) == (1, 2)
    assert _files(root) == sorted([committed.stored_name, just_now.name])
    with database.unit_of_work() as session:
        assert store.path_of(session.get_one(Evidence, committed.id)).read_bytes() == PNG
    database.dispose()


def test_a_download_finishes_a_move_the_sweep_has_not_reached_yet(
    town, database: Database, tmp_path: Path
) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    with database.unit_of_work() as session:
        (evidence,) = attach_evidence(
            session,
            store,
            session.merge(town.task),
            [Upload("a.png", PNG)],
            uploaded_by_id=None,
            entry=None,
            max_bytes=10**6,
        )
    final = store.root / evidence.stored_name[:2] / evidence.stored_name
    os.replace(final, partial_of(final))
    assert store.path_of(evidence).read_bytes() == PNG and final.exists()


def test_beat_sweeps_every_hour(settings) -> None:  # type: ignore[no-untyped-def]
    entry = beat_schedule(settings)["evidence-sweep"]
    assert entry["task"] == "evidence.sweep" and entry["schedule"].run_every == timedelta(hours=1)
