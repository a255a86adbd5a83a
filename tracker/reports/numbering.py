"""The plan's numbering style, carried into the draft: 一是/二是 run into the paragraph, （一）/（二）
as level-2 headings, 1./2. as level-3 headings.

A plan numbered 一、二、 is shown with （一）（二） inside the report, because 一、 already numbers the
report's own sections; a table or an unnumbered plan gets （一） as well.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable

from tracker.reports.figures import chinese_number

_CHINESE = "一二三四五六七八九十百零〇"


class Numbering(enum.Enum):
    RUN_IN = "run_in"
    PAREN = "paren"
    DIGIT = "digit"

    @property
    def level(self) -> int:
        """0 for a part that runs into its paragraph, else its GB/T 9704 heading level."""
        return {Numbering.RUN_IN: 0, Numbering.PAREN: 2, Numbering.DIGIT: 3}[self]

    def marker(self, index: int) -> str:
        """The marker of the `index`-th part, counted from 1."""
        if self is Numbering.RUN_IN:
            return f"{chinese_number(index)}是"
        if self is Numbering.PAREN:
            return f"（{chinese_number(index)}）"
        return f"{index}."


_PATTERNS = (
    (Numbering.RUN_IN, re.compile(rf"^[{_CHINESE}]+是$")),
    (Numbering.PAREN, re.compile(rf"^(?:[（(][{_CHINESE}]+[)）]|[{_CHINESE}]+[、．.])$")),
    (Numbering.DIGIT, re.compile(r"^(?:[（(]\d+[)）]|\d+[.、．)）]?)$")),
)


def numbering_of(marker: str | None) -> Numbering | None:
    if not marker:
        return None
    marker = marker.strip()
    for numbering, pattern in _PATTERNS:
        if pattern.match(marker):
            return numbering
    return None


def plan_numbering(markers: Iterable[str | None]) -> Numbering:
    """The style most of the plan's top-level items are written in."""
    styles = Counter(style for style in map(numbering_of, markers) if style is not None)
    if not styles:
        return Numbering.PAREN
    return styles.most_common(1)[0][0]
