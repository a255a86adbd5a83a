"""From the outline's nodes to items: title, category, owners and timing for each.

What an item states for itself wins; what its parent states (an annotation on a section, a table's
merged cells) passes down; what nobody states is suggested (owners from the keyword table, marked
`owners_suggested`) or defaulted (the plan year's last day, with no `deadline_phrase`). Areas split out
of an enumeration ("包含A、B、C等方面") are the parent's work in those areas, so they take the parent's
owners and category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.plans.parsing.categories import OTHER, categorise
from tracker.plans.parsing.deadlines import Timing, default_timing, find_timing
from tracker.plans.parsing.limits import check_time
from tracker.plans.parsing.outline import Node
from tracker.plans.parsing.owners import OwnerKeywords, first_leads, split_units, stated_owners
from tracker.plans.parsing.result import ParsedItem


@dataclass(frozen=True)
class _Owners:
    lead: list[str]
    support: list[str]
    suggested: bool


@dataclass(frozen=True)
class _FromParent:
    owners: _Owners | None
    stated_owners: bool
    timing: Timing | None
    """Only timing the parent itself stated: a default is not inherited as if it were said."""
    category: str | None


_ROOT = _FromParent(None, False, None, None)


def _own_text(text: str, node: Node) -> str:
    """The node's words outside its children (where a section's annotation or lead-in stands)."""
    pieces, cursor = [], node.start
    for child in sorted(node.children, key=lambda child: child.start):
        pieces.append(text[cursor : child.start])
        cursor = max(cursor, child.end)
    pieces.append(text[cursor : node.end])
    return "\n".join(pieces)


def _table_owners(cells: dict[str, str]) -> _Owners | None:
    lead = split_units(cells.get("lead", ""))
    support = [unit for unit in split_units(cells.get("support", "")) if unit not in lead]
    if not lead and not support:
        return None
    found = first_leads(lead, support)
    return _Owners(found.lead, found.support, False)


def _owners(
    node: Node, own: str, title: str, full: str, parent: _FromParent, keywords: OwnerKeywords
) -> _Owners:
    stated = _table_owners(node.cells)
    if stated is None and (found := stated_owners(own)) is not None:
        stated = _Owners(found.lead, found.support, False)
    if stated is not None:
        return stated
    if parent.owners is not None and (parent.stated_owners or node.kind == "area"):
        return parent.owners
    suggestion = keywords.suggest(title, full)
    if suggestion is None:
        return parent.owners or _Owners([], [], False)
    if parent.owners is not None and suggestion == keywords.fallback:
        return parent.owners
    return _Owners([suggestion], [], True)


def _timing(node: Node, own: str, plan_year: int) -> tuple[Timing | None, str | None]:
    """The timing the item states, and the phrase of a milestone inside it that is not its deadline."""
    found = find_timing(node.cells.get("deadline", ""), plan_year)
    if found is None:
        found = find_timing(own, plan_year)
        if found is not None and milestone(own, found, plan_year):
            return None, found.phrase
    return found, None


_MILESTONE_SENTENCES = 3
_TIME_SENTENCE_MAX = 20
_TIME_NOTE = re.compile(r"完成时限|时限要求|完成时间|时间节点")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def milestone(text: str, timing: Timing, plan_year: int) -> bool:
    """A date before the year's end said in one later sentence of a long item (…。支持吉翼公司上半年产品
    面市。) is that sentence's milestone, not the whole item's deadline: the item runs to the year's end."""
    if timing.phrase is None or timing.recurrence is not None or timing.deadline >= date(plan_year, 12, 31):
        return False
    sentences = [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]
    if len(sentences) < _MILESTONE_SENTENCES or timing.phrase in sentences[0]:
        return False
    saying = [sentence for sentence in sentences if timing.phrase in sentence]
    # A sentence that only sets the time (6月底前完成。, 完成时限：…) times the whole item.
    return bool(saying) and not any(
        len(sentence) <= _TIME_SENTENCE_MAX or _TIME_NOTE.search(sentence) for sentence in saying
    )


_KEYWORD_WINDOW = 400
"""Keywords are looked for in an item's first characters (its heading and first pieces of work): enough
to judge, and it keeps a section holding a thousand items from being read once per level."""


def build_item(
    text: str, node: Node, plan_year: int, keywords: OwnerKeywords, parent: _FromParent = _ROOT
) -> ParsedItem:
    check_time()
    full = text[node.start : node.end]
    window = full[:_KEYWORD_WINDOW]
    own = _own_text(text, node)
    title = node.heading(text)
    stated_timing, milestone_phrase = _timing(node, own, plan_year)
    timing = stated_timing or parent.timing or default_timing(plan_year)
    owners = _owners(node, own, title, window, parent, keywords)
    category = (
        (parent.category if node.kind == "area" else None)
        or categorise(title, window)
        or parent.category
        or OTHER
    )
    stated = not owners.suggested and bool(owners.lead)
    inherited = _FromParent(owners, stated, stated_timing or parent.timing, category)
    return ParsedItem(
        marker=node.marker,
        title=title,
        text=full,
        span=(node.start, node.end),
        category=category,
        lead_units=list(owners.lead),
        support_units=list(owners.support),
        owners_suggested=owners.suggested,
        deadline=timing.deadline,
        deadline_phrase=timing.phrase,
        recurrence=timing.recurrence,
        ongoing=timing.ongoing,
        milestone=milestone_phrase,
        children=[build_item(text, child, plan_year, keywords, inherited) for child in node.children],
    )
