"""Enumeration markers: 一、 （一） 1. （1） ① 一是/一要 第一， 其一， and finding which of them structure a
stretch of text.

A marker counts only where such markers stand (at a line start, or after a sentence or clause ends, as
the family allows) and only as part of a run 1, 2, 3… in order, so "唯一是", "1.5万元" or a stray "（三）"
quoted in a sentence never cut an item. Of the families with runs in a stretch, the outermost is the one
that runs once through it (nested families restart in every item) and starts first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from tracker.plans.parsing.limits import check_time
from tracker.plans.parsing.numerals import marker_number

# A tab starts a table cell, which counts as the start of a line.
_LINE = r"(?:^|(?<=[\n\t]))[ \t\u3000]*"
_AFTER_SENTENCE = r"(?:^|(?<=[\n\t。；;：:！？!?]))[ \t\u3000]*"
_AFTER_CLAUSE = r"(?:^|(?<=[\n\t。；;：:！？!?，,]))[ \t\u3000]*"
_HANZI = r"[一二三四五六七八九十]{1,3}"
_DIGITS = r"[0-9０-９]{1,3}"
_GAP = r"[ \t\u3000]*"
_POINT = r"[.．](?![0-9０-９])"
"""A full stop after a number, but not a decimal point (1.5万元); 、 is never one (一、2025年…, 2、5月…)."""


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    pattern: re.Pattern[str]
    inline: bool
    """Found inside paragraphs (一是, ①); otherwise only at line starts (一、)."""


def _family(name: str, boundary: str, body: str, *, inline: bool) -> Family:
    return Family(name, re.compile(boundary + "(?P<m>" + body + ")", re.MULTILINE), inline)


FAMILIES: tuple[Family, ...] = (
    _family("part", _LINE, rf"第(?P<n>{_HANZI})(?:部分|章|篇)", inline=False),
    _family("hanzi_dun", _LINE, rf"(?P<n>{_HANZI}){_GAP}(?:、|{_POINT})", inline=False),
    _family("hanzi_paren", _AFTER_SENTENCE, rf"[（(]{_GAP}(?P<n>{_HANZI}){_GAP}[）)]", inline=False),
    _family("arabic_dot", _AFTER_SENTENCE, rf"(?P<n>{_DIGITS}){_GAP}(?:、|{_POINT})", inline=False),
    _family("arabic_paren", _AFTER_CLAUSE, rf"[（(]{_GAP}(?P<n>{_DIGITS}){_GAP}[）)]", inline=True),
    _family("arabic_half", _LINE, rf"(?P<n>{_DIGITS})[)）]", inline=False),
    _family("circled", _AFTER_CLAUSE, r"(?P<n>[①-⑳])", inline=True),
    _family("ordinal", _AFTER_CLAUSE, rf"第(?P<n>{_HANZI})[，,、：:]", inline=True),
    _family("qi", _AFTER_CLAUSE, r"其(?P<n>[一二三四五六七八九十])[，,、：:]", inline=True),
    _family("shi", _AFTER_CLAUSE, rf"(?P<n>{_HANZI})(?:是|要)", inline=True),
)
FAMILY_BY_NAME = {family.name: family for family in FAMILIES}
_AFTER_MARKER = " \t\u3000：:，,、"


@dataclass(frozen=True, slots=True)
class Marker:
    family: str
    value: int
    start: int
    """Where the marker is written."""
    end: int
    """Where the item's own words begin (after the marker and any colon or spaces)."""
    text: str
    at_line_start: bool = False
    """Written at the start of a line (or table cell), as the document's own structure is."""

    @property
    def inline(self) -> bool:
        return FAMILY_BY_NAME[self.family].inline


def _outside(position: int, masked: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(masked, (position, float("inf"))) - 1
    return index < 0 or not masked[index][0] <= position < masked[index][1]


def scan(
    text: str,
    lo: int,
    hi: int,
    families: tuple[Family, ...] = FAMILIES,
    masked: list[tuple[int, int]] | None = None,
) -> dict[str, list[Marker]]:
    """Every marker of every family in text[lo:hi], outside the `masked` spans (tables). The whole
    text is scanned once per document (headings and the outline both ask for it) and then filtered."""
    masked = masked or []
    if lo == 0 and hi == len(text):
        everywhere = _everywhere(text)
        return {
            family.name: kept
            for family in families
            if (
                kept := [
                    marker for marker in everywhere.get(family.name, ()) if _outside(marker.start, masked)
                ]
            )
        }
    return _scan(text, lo, hi, families, masked)


@lru_cache(maxsize=1)
def _everywhere(text: str) -> dict[str, tuple[Marker, ...]]:
    """The whole text's markers, kept for the document being read (`reading_one_document`)."""
    return {name: tuple(markers) for name, markers in _scan(text, 0, len(text), FAMILIES, []).items()}


@contextmanager
def reading_one_document() -> Iterator[None]:
    """The whole-text scan is shared within one document's reading only: forgotten before and after,
    so nothing is carried from one document to the next (nor kept in memory after it)."""
    _everywhere.cache_clear()
    try:
        yield
    finally:
        _everywhere.cache_clear()


def _scan(
    text: str, lo: int, hi: int, families: tuple[Family, ...], masked: list[tuple[int, int]]
) -> dict[str, list[Marker]]:
    found: dict[str, list[Marker]] = {}
    for family in families:
        check_time()
        markers = []
        for match in family.pattern.finditer(text, lo, hi):
            value = marker_number(match.group("n"))
            start = match.start("m")
            if value is None or not _outside(start, masked):
                continue
            end = match.end("m")
            while end < hi and text[end] in _AFTER_MARKER:
                end += 1
            line_start = not text[text.rfind("\n", 0, start) + 1 : start].strip(" \t\u3000")
            markers.append(Marker(family.name, value, start, end, match.group("m"), line_start))
        if markers:
            found[family.name] = markers
    return found


_LOOSE = {
    "hanzi_dun": re.compile(rf"(?<=[\u4e00-\u9fff”）)])(?P<m>(?P<n>{_HANZI})、)(?=[\u4e00-\u9fff“])"),
    "arabic_dot": re.compile(
        rf"(?<=[\u4e00-\u9fff”）)，,])(?P<m>(?P<n>{_DIGITS})(?:、|[.．](?![0-9０-９])))(?=[\u4e00-\u9fff“])"
    ),
}
"""Markers run into the text before them (…持续发展1.加强工作统筹谋划, …品牌五、加速数字社会建设), as text
pasted out of a spreadsheet cell arrives. Taken only to fill a gap in a run (6., 8. → the 7. between)."""


def _fill_gaps(text: str, markers: list[Marker], pattern: re.Pattern[str], name: str) -> list[Marker]:
    """`markers` with the missing numbers of their runs found run-in between their neighbours."""
    filled: list[Marker] = []
    previous_end, previous_value = 0, 0
    for marker in [*markers, None]:
        stop = marker.start if marker else len(text)
        wanted = previous_value + 1
        limit = marker.value if marker else wanted + 1
        if marker is None and not filled:
            break
        if wanted < limit:
            for match in pattern.finditer(text, previous_end, stop):
                value = marker_number(match.group("n"))
                if value == wanted and wanted < limit:
                    found = Marker(name, value, match.start("m"), match.end("m"), match.group("m"), True)
                    filled.append(found)  # a line break lost in copying: structure all the same
                    wanted += 1
        if marker is None:
            break
        filled.append(marker)
        previous_end, previous_value = marker.end, marker.value
    return filled


class MarkerIndex:
    """Every marker of the text, found once; the markers of any stretch are then a slice of it.
    (Nested items would otherwise be scanned again at every level.)"""

    def __init__(self, text: str) -> None:
        self.found = scan(text, 0, len(text))
        for name, pattern in _LOOSE.items():
            if name in self.found:
                self.found[name] = _fill_gaps(text, self.found[name], pattern, name)
        self.starts = {name: [marker.start for marker in markers] for name, markers in self.found.items()}

    def within(self, lo: int, hi: int, masked: list[tuple[int, int]]) -> dict[str, list[Marker]]:
        """What `scan(text, lo, hi, masked=masked)` finds."""
        result = {}
        for name, markers in self.found.items():
            starts = self.starts[name]
            inside = markers[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
            kept = [
                marker
                if marker.end <= hi
                else Marker(marker.family, marker.value, marker.start, hi, marker.text, marker.at_line_start)
                for marker in inside
                if _outside(marker.start, masked)
            ]
            if kept:
                result[name] = kept
        return result


def runs(markers: list[Marker]) -> list[list[Marker]]:
    """Runs n, n+1, n+2… in document order; a 1 starts a new run, numbers out of turn are ignored.

    The first run of a stretch may start above 1: 工作要点 often number their tasks straight through
    the sections (一、 holds 1. and 2., 二、 holds 3. and 4.), so a section's run starts where the previous
    section's stopped.
    """
    found: list[list[Marker]] = []
    current: list[Marker] | None = None
    for marker in markers:
        if current and marker.value == current[-1].value + 1:
            current.append(marker)
        elif marker.value == 1 or not found:
            current = [marker]
            found.append(current)
    return [run for run in found if len(run) >= 2]


def outermost(found: dict[str, list[Marker]], exclude: frozenset[str] = frozenset()) -> list[Marker]:
    """The markers that cut this stretch into items: the family that runs once, written at line starts
    (the document's own outline, before any 一是 run inside a paragraph), and starting first."""
    best: tuple[bool, bool, int] | None = None
    chosen: list[Marker] = []
    for name, markers in found.items():
        if name in exclude:
            continue
        family_runs = runs(markers)
        if not family_runs:
            continue
        in_paragraphs = not all(marker.at_line_start for run in family_runs for marker in run)
        key = (len(family_runs) > 1, in_paragraphs, family_runs[0][0].start)
        if best is None or key < best:
            best = key
            chosen = [marker for run in family_runs for marker in run]
    return chosen
