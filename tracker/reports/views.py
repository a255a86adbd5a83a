"""Pieces every section hands to its templates, and the run-in parts (一是…二是…) two sections share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


def cited_shortcomings(shortcomings: Sequence[ShortcomingRecord]) -> list[str]:
    return [cite(short.text, SourceRef("shortcoming", short.id)) for short in shortcomings]


def run_in_parts(bodies: Sequence[tuple[str, int | None, str]]) -> tuple[Part, ...]:
    """Rendered bodies `(key, item id, text)` numbered 一是, 二是… in the order given."""
    parts = []
    for position, (key, item_id, body) in enumerate(bodies, start=1):
        marker = Numbering.RUN_IN.marker(position)
        parts.append(Part(key, marker, 0, run_in(marker, split_paragraphs(body)), None, item_id))
    return tuple(parts)
