"""Which plan area (top-level item) each shortcoming belongs to, so that 存在的不足 and the results of
整改 are told under their area.

A coordinator may say it on the 整改 page (`plan_item_id`). Otherwise it is guessed from the words:
the shortcoming goes under the item whose text shares the most two-character words with it. A word
counts less the more items use it (one that every item uses, such as 法治, counts for nothing), and
words around particles (的, 和, 与…) are ignored. A shortcoming that shares too little with every
item stays on its own rather than being forced under one.
"""

from __future__ import annotations

import re
from collections import Counter

from tracker.reports.index import YearIndex
from tracker.reports.records import ShortcomingRecord

MIN_SCORE = 1.5
"""About two words that only the chosen item uses."""

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PARTICLES = frozenset("的和与及等了在是对为并将其之")


def _words(text: str) -> set[str]:
    return {
        run[i : i + 2]
        for run in _HAN_RUN.findall(text)
        for i in range(len(run) - 1)
        if run[i] not in _PARTICLES and run[i + 1] not in _PARTICLES
    }


def _top_of(index: YearIndex, item_id: int) -> int | None:
    item = index.items.get(item_id)
    while item is not None and item.parent_id in index.items:
        item = index.items[item.parent_id]
    return item.id if item is not None else None


def relate_shortcomings(index: YearIndex) -> dict[int | None, list[ShortcomingRecord]]:
    """Every shortcoming by top-level item id, with `None` for those that belong to no item."""
    tops = index.top_items
    words = {top.id: _words("".join(node.text or node.title for node in index.subtree(top))) for top in tops}
    spread = Counter(word for item_words in words.values() for word in item_words)
    related: dict[int | None, list[ShortcomingRecord]] = {}
    for shortcoming in index.shortcomings.values():
        if shortcoming.plan_item_id is not None and _top_of(index, shortcoming.plan_item_id) is not None:
            related.setdefault(_top_of(index, shortcoming.plan_item_id), []).append(shortcoming)
            continue
        own = _words(shortcoming.text)
        best_id, best_score = None, MIN_SCORE
        for top in tops:
            if len(tops) > 1:
                score = sum(1 / spread[word] for word in own & words[top.id] if spread[word] < len(tops))
            else:
                score = len(own & words[top.id])
            if score >= best_score and (best_id is None or score > best_score):
                best_id, best_score = top.id, score
        related.setdefault(best_id, []).append(shortcoming)
    return related
