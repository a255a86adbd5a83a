"""The evidence sweep (beat, hourly): the evidence folder ends up holding exactly what the database
records, whatever crashed in between.

- A `.part` file whose stored name a row records: its transaction committed but the process died
  before moving it into place. The move is finished.
- A `.part` file nobody records, older than the grace period: an upload cut short (a web worker
  killed mid-request, a machine that lost power). Removed.
- A stored file nobody records, older than the grace period: its row was deleted (a task removed),
  or it was left by a version that wrote files in place. Removed.

The grace period (an hour, far longer than any request) keeps the sweep off a file whose transaction
is still open or has only just committed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.db import Base
from tracker.tasks.evidence import PARTIAL_SUFFIX, STORED_NAME, EvidenceStore
from tracker.tasks.models import StoredFile

log = logging.getLogger(__name__)
GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class SweepReport:
    finished: int = 0
    """Moves into place completed for committed rows."""
    removed: int = 0
    """Files nobody records, removed."""


def recorded_names(session: Session) -> set[str]:
    """Every stored name any table of stored files records (task evidence, 整改 evidence…)."""
    names: set[str] = set()
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if isinstance(model, type) and issubclass(model, StoredFile) and hasattr(model, "__table__"):
            names.update(session.scalars(select(model.stored_name)))  # type: ignore[attr-defined]
    return names


def sweep_evidence(
    session: Session, store: EvidenceStore, now: datetime, grace: timedelta = GRACE
) -> SweepReport:
    """Finish cut-short moves and remove what nobody records (see the module's docstring)."""
    if not store.root.is_dir():
        return SweepReport()
    recorded = recorded_names(session)
    cutoff = (now - grace).timestamp()
    finished = removed = 0
    for path in sorted(store.root.glob("??/*")):
        partial = path.name.endswith(PARTIAL_SUFFIX)
        name = path.name.removesuffix(PARTIAL_SUFFIX)
        if not path.is_file() or not STORED_NAME.match(name):
            continue
        if partial and name in recorded:
            os.replace(path, path.with_name(name))
            finished += 1
        elif name not in recorded and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    if finished or removed:
        log.warning("evidence sweep: %d moves finished, %d orphan files removed", finished, removed)
    return SweepReport(finished, removed)
