"""Shortcomings (存在的问题/不足/短板) named by the report, one per enumerated problem.

Only the problems themselves: the lead-in (存在的不足：) and the analysis of causes that often follows
(分析问题原因，主要在于…) are not shortcomings to rectify.
"""

from __future__ import annotations

import re

from tracker.plans.parsing.actions import sentences
from tracker.plans.parsing.lines import is_noise, split_lines
from tracker.plans.parsing.markers import outermost
from tracker.plans.parsing.outline import OutlineSource, segments
from tracker.plans.parsing.result import ParsedShortcoming

Span = tuple[int, int]
_NOT_A_PROBLEM = re.compile(r"^(?:分析|究其|产生|原因|主要原因|问题的原因)|[：:]$|以下|如下")


def _paragraph_spans(source: OutlineSource, lo: int, hi: int) -> list[Span]:
    lines = [line for line in split_lines(source.text, lo, hi) if not is_noise(line.text)]
    lines = [line for line in lines if not _NOT_A_PROBLEM.search(line.text)]
    if len(lines) == 1:
        parts = sentences(source.text, lines[0].start, lines[0].end)
        return [span for span in parts if not _NOT_A_PROBLEM.search(source.text[span[0] : span[1]])]
    return [(line.start, line.end) for line in lines]


def find_shortcomings(source: OutlineSource, span: Span | None) -> list[ParsedShortcoming]:
    if span is None:
        return []
    lo, hi = span
    markers = outermost(source.markers.within(lo, hi, source.masked))
    if markers:
        spans = [(node.start, node.end) for node in segments(source.text, markers, hi)]
    else:
        spans = _paragraph_spans(source, lo, hi)
    return [ParsedShortcoming(source.text[start:end], (start, end)) for start, end in spans if end > start]
