"""What each town answered to a 督办, for the county that issued it and for the town itself.

Who sees which town's row is `tracker.organisations.scope`'s one rule applied to the row's town: the
county's people see every town it went to, a town's people only their own (another town's copy of
the same 督办 is not there for them, and a 督办 with none of theirs is "not found").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.exceptions import NotFound

from tracker.accounts.models import User
from tracker.duban.models import Duban, DubanTask
from tracker.organisations.scope import in_scope
from tracker.tasks.models import ProgressEntry, Task


@dataclass(frozen=True)
class Seen:
    """A 督办 with the towns' rows the person may see."""

    duban: Duban
    towns: list[DubanTask]


def _rows(person: User, *, duban_id: int | None = None, answers: bool = False):  # type: ignore[no-untyped-def]
    task = selectinload(DubanTask.task)
    loads = [
        selectinload(DubanTask.duban).selectinload(Duban.organisation),
        selectinload(DubanTask.organisation),
        task.selectinload(Task.lead_department),
        task.selectinload(Task.owner),
    ]
    if answers:
        entries = task.selectinload(Task.progress_entries)
        loads += [entries.selectinload(ProgressEntry.author), entries.selectinload(ProgressEntry.evidence)]
    query = select(DubanTask).where(in_scope(DubanTask.organisation_id, person)).options(*loads)
    if duban_id is not None:
        query = query.where(DubanTask.duban_id == duban_id)
    return query.order_by(DubanTask.duban_id.desc(), DubanTask.organisation_id)


def visible_dubans(session: Session, person: User) -> list[Seen]:
    """Newest 督办 first, each with the towns' rows `person` sees."""
    seen: dict[int, Seen] = {}
    for row in session.scalars(_rows(person)):
        seen.setdefault(row.duban_id, Seen(row.duban, [])).towns.append(row)
    return list(seen.values())


def visible_duban(session: Session, person: User, duban_id: int) -> Seen:
    """One 督办 with its towns' answers (progress entries, evidence); NotFound when `person` sees none
    of its towns, as when there is no such 督办."""
    rows = list(session.scalars(_rows(person, duban_id=duban_id, answers=True)))
    if not rows:
        raise NotFound()
    return Seen(rows[0].duban, rows)
