"""Undo the hard line breaks of text copied out of a PDF or a fixed-width page.

Such text breaks every line at the page width, in mid-sentence (…抓好农村法治宣 / 传教育不放松…), and
every later step reads a line break as the end of a paragraph: a title would stop at 宣, a figure
(受教育群众 / 2000余人次) would lose its name. A line is taken as wrapped only when the document is
visibly laid out that way (several lines as wide as its widest line, some of them running on past the
end of a sentence, which a heading never does) and the line itself is that wide,
does not end a sentence or a clause, and the next line does not start a paragraph (indented, or with a
section marker). Anything else is left exactly as written, so the seed and ordinary documents, whose
paragraphs are single long lines, are untouched.
"""

from __future__ import annotations

import itertools
import re

_TERMINAL = "。！？!?；;：:）)】」》…"
_PARAGRAPH_START = re.compile(
    r"^(?:[ \t\u3000\xa0]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.．、]"
    r"|第[一二三四五六七八九十]+[部章条])"
)
_SLACK = 4
"""Columns a wrapped line may fall short of the widest one (a wide character or two at the margin)."""
_MIN_FULL_LINES = 3
_MIN_RUN_ON_LINES = 2
_SENTENCE_INSIDE = re.compile(r"[。；！？][^\n]*[^\s]")


_WIDE = re.compile(
    "["
    + "".join(
        f"{chr(first)}-{chr(last)}"
        for first, last in (
            (0x1100, 0x115F),
            (0x2E80, 0x303E),
            (0x3041, 0x33FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xA000, 0xA4CF),
            (0xAC00, 0xD7A3),
            (0xF900, 0xFAFF),
            (0xFE30, 0xFE4F),
            (0xFF00, 0xFF60),
            (0xFFE0, 0xFFE6),
            (0x20000, 0x3FFFD),
        )
    )
    + "]"
)
"""The wide blocks of Unicode's East Asian Width table that Chinese documents use (CJK ideographs and
punctuation, radicals, kana, Hangul, full-width forms): one regex pass per line instead of a table
lookup per character. Emoji and rare wide symbols count as narrow; widths only serve to find the
lines that run to the page's edge, which those do not change."""


def _width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


def _wrapped(line: str, following: str, full_width: int) -> bool:
    stripped = line.rstrip(" \t\u3000\xa0")
    return (
        _width(stripped) >= full_width - _SLACK
        and not stripped.endswith(tuple(_TERMINAL))
        and "\t" not in line
        and bool(following.strip())
        and "\t" not in following
        and not _PARAGRAPH_START.match(following)
    )


def join_hard_wraps(text: str) -> str:
    """`text` with line ends normalised to \\n and the page-width wraps of a hard-wrapped layout joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    full_width = max((_width(line.rstrip()) for line in lines), default=0)
    full = [line for line in lines if full_width and _width(line.rstrip()) >= full_width - _SLACK]
    run_on = sum(1 for line in full if _SENTENCE_INSIDE.search(line.rstrip()))
    if len(full) < _MIN_FULL_LINES or run_on < _MIN_RUN_ON_LINES:
        return text
    joined = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        if _wrapped(previous, line, full_width):
            joined[-1] = joined[-1].rstrip(" \t\u3000\xa0") + line
        else:
            joined.append(line)
    return "\n".join(joined)
