"""The numbers Word draws in front of automatically numbered paragraphs (1. （一） 一、), written into
the text so that it reads as the page does: without them a list typed with Word's numbering button
would lose its markers and its levels.

Each list (`w:num`) keeps its own counters per level; a paragraph at one level resets the deeper ones.
The format comes from the list's abstract definition (`numFmt`, `lvlText` such as "（%1）", `start`).
Bullets draw no number and are left out. When a deeper level looks exactly like a shallower one (Word
often draws "1." at two levels, told apart only by the indentation that plain text loses), the deeper
one is written in brackets, "（1）", so the levels stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from tracker.plans.parsing.numerals import CIRCLED

_HANZI = "零一二三四五六七八九"
_CHINESE_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographDigital",
    "ideographTraditional",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
}


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


def _hanzi(number: int) -> str:
    if number < 10:
        return _HANZI[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _HANZI[tens]) + "十" + (_HANZI[ones] if ones else "")


def _formatted(number: int, fmt: str) -> str:
    if fmt in _CHINESE_FORMATS and number < 100:
        return _hanzi(number)
    if fmt == "decimalEnclosedCircle" and 1 <= number <= len(CIRCLED):
        return CIRCLED[number - 1]
    if fmt == "decimalFullWidth":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= number <= 26:
        letter = chr(ord("A") + number - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(number)


def _value(element: Any, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


class ListNumbering:
    """Labels for the numbered paragraphs of one document, in reading order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], _Level] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {
            element.get(qn("w:abstractNumId")): element for element in numbering.iter(qn("w:abstractNum"))
        }
        for num in numbering.iter(qn("w:num")):
            definition = abstract.get(_value(num, "w:abstractNumId", ""))
            if definition is None:
                continue
            for lvl in definition.iter(qn("w:lvl")):
                level = _Level(
                    _value(lvl, "w:numFmt", "decimal"),
                    _value(lvl, "w:lvlText", ""),
                    int(_value(lvl, "w:start", "1")),
                )
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"), "0")))] = level

    def _looks_alike(self, num_id: str, depth: int, shallower: int) -> bool:
        mine, theirs = self.levels.get((num_id, depth)), self.levels.get((num_id, shallower))
        return mine is not None and theirs is not None and _signature(mine) == _signature(theirs)

    def label(self, paragraph: Any) -> str:
        """The number Word shows before `paragraph` ("" if none)."""
        found = _num_pr(paragraph)
        if found is None:
            return ""
        num_id, depth = found
        level = self.levels.get((num_id, depth))
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        counters[depth] = level.start if counters[depth] is None else counters[depth] + 1  # type: ignore[operator]
        for deeper in range(depth + 1, len(counters)):
            counters[deeper] = None
        if any(self._looks_alike(num_id, depth, shallower) for shallower in range(depth)):
            return f"（{_formatted(counters[depth] or level.start, level.fmt)}）"
        text = level.text
        for index in range(depth + 1):
            shown = self.levels.get((num_id, index))
            value = counters[index] if counters[index] is not None else (shown.start if shown else 1)
            text = text.replace(f"%{index + 1}", _formatted(value, shown.fmt if shown else "decimal"))  # type: ignore[arg-type]
        return text


def _signature(level: _Level) -> tuple[str, str]:
    return level.fmt, re.sub(r"%\d", "%", level.text)


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(list id, level) from the paragraph's own properties, else from its style's."""
    for properties in (paragraph._p.pPr, *_style_properties(paragraph)):
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is not None:
            num_id = _value(num_pr, "w:numId", "0")
            return None if num_id == "0" else (num_id, int(_value(num_pr, "w:ilvl", "0")))
    return None


def _style_properties(paragraph: Any) -> list[Any]:
    found, style = [], paragraph.style
    while style is not None and len(found) < 10:
        found.append(style.element.pPr)
        style = style.base_style
    return found
