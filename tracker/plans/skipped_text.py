"""The words of the plan part that no item holds (`Plan.skipped`): listed with the parser's reason,
shown greyed on the review page, and turned into an item in one click (作为事项加入) when the reviewer
judges that the parser was wrong to leave them out."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker import audit
from tracker.plans.errors import PlanInputError
from tracker.plans.importing import add_parsed_items, directory_keywords
from tracker.plans.models import Plan, PlanItem
from tracker.plans.parsing.items import build_item
from tracker.plans.parsing.outline import Node
from tracker.plans.parsing.owners import OwnerKeywords
from tracker.plans.review import editable, outline_of, write_outline


@dataclass(frozen=True)
class SkippedStretch:
    start: int
    end: int
    reason: str
    text: str


def skipped_stretches(plan: Plan) -> list[SkippedStretch]:
    """The plan's skipped stretches with their words, in the order of the text."""
    found = []
    for entry in plan.skipped or []:
        start, end = entry["span"]
        found.append(SkippedStretch(start, end, entry["reason"], plan.source_text[start:end]))
    return sorted(found, key=lambda stretch: stretch.start)


def add_skipped_as_item(
    session: Session, plan: Plan, start: int, end: int, keywords: OwnerKeywords
) -> PlanItem:
    """作为事项加入: the skipped stretch [start, end) becomes a top-level item where it stands in the
    text, read as the parser reads an item (title, category, owners, timing), and leaves the list."""
    editable(plan)
    remaining = [entry for entry in plan.skipped or [] if list(entry["span"]) != [start, end]]
    if len(remaining) == len(plan.skipped or []):
        raise PlanInputError("这段文字已不在未采用的列表中（可能已经加入），请刷新页面后再试。")
    node = Node(start, end, None, "paragraph")
    parsed = build_item(
        plan.source_text, node, plan.year, directory_keywords(session, plan.organisation_id, keywords)
    )
    outline = outline_of(plan)
    before = [index for index, (item, _) in enumerate(outline) if (item.span_start or 0) > start]
    add_parsed_items(plan, [parsed], None, [len(plan.items)])
    added = plan.items[-1]
    outline.insert(before[0] if before else len(outline), (added, []))
    write_outline(plan, outline)
    plan.skipped = remaining
    session.flush()
    audit.record(
        session,
        "plan_item.added_from_skipped",
        added,
        changes={"span": [start, end], "title": added.title},
    )
    return added
