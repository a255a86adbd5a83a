"""The coverage rule as a check tests share: every character of the plan part is an item's, a
marker's, or in a listed skipped stretch; skipped stretches and items never overlap."""

from __future__ import annotations

import re

from tracker.plans.parsing import ParsedPlan

_SEPARATOR = re.compile(r"[\s，,；;、。：:（）()]*")


def assert_accounted(plan: ParsedPlan) -> None:
    text = plan.text
    region_end = max([plan.section_span[1], *(s.span[1] for s in plan.skipped)])
    owner = [None] * len(text)
    for item in plan.items:
        for position in range(*item.span):
            owner[position] = "item"
    for skipped in plan.skipped:
        assert skipped.reason, skipped
        for position in range(*skipped.span):
            assert owner[position] is None, f"skipped {skipped.span} overlaps an item"
            owner[position] = "skipped"
    markers = [item.marker for item in plan.all_items() if item.marker]
    position = plan.section_span[0]
    while position < region_end:
        if owner[position] is not None:
            position += 1
            continue
        start = position
        while position < region_end and owner[position] is None:
            position += 1
        loose = text[start:position]
        words = _SEPARATOR.sub("", loose)
        assert not words or any(words == _SEPARATOR.sub("", marker) for marker in markers), (
            f"unaccounted text {loose!r} at {start}"
        )
    for item in plan.all_items():
        assert text[item.span[0] : item.span[1]] == item.text
