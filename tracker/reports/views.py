"""Pieces every section hands to its templates, and the run-in parts (一是…二是…) two sections share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.plans.parsing.actions import ACTION_VERBS
from tracker.reports.citing import cite, run_in, split_paragraphs
from tracker.reports.draft import Part, SourceRef
from tracker.reports.numbering import Numbering
from tracker.reports.records import ItemRecord, ShortcomingRecord


@dataclass(frozen=True)
class ItemView:
    title: str
    category: str


def item_view(item: ItemRecord) -> ItemView:
    return ItemView(cite(item.title or item.text, SourceRef("item", item.id)), item.category or "")


_CLAUSE_PUNCTUATION = frozenset("，。；、：,;:")
_LEADING_VERB = re.compile(rf"^(?:进一步|继续|持续|全面|认真|积极|大力|切实)*(?:{ACTION_VERBS.pattern})")
AREA_MAX_CHARS = 15


def is_area(title: str) -> bool:
    """A short name that does not start with a verb (政策法规与解读, 重大项目建设): one of several areas
    of an item, which reads best in one list (包括A、B、C等方面), where an action (加大培训力度,
    修订村规民约) reads best as a sentence of its own. The verbs are the plan parser's."""
    title = title.strip()
    return (
        len(title) <= AREA_MAX_CHARS
        and not _CLAUSE_PUNCTUATION & set(title)
        and not _LEADING_VERB.match(title)
    )


def cited_shortcomings(shortcomings: Sequence[ShortcomingRecord]) -> list[str]:
    return [cite(short.text, SourceRef("shortcoming", short.id)) for short in shortcomings]


def run_in_parts(bodies: Sequence[tuple[str, int | None, str]]) -> tuple[Part, ...]:
    """Rendered bodies `(key, item id, text)` numbered 一是, 二是… in the order given."""
    parts = []
    for position, (key, item_id, body) in enumerate(bodies, start=1):
        marker = Numbering.RUN_IN.marker(position)
        parts.append(Part(key, marker, 0, run_in(marker, split_paragraphs(body)), None, item_id))
    return tuple(parts)
