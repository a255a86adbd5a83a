"""Numbers as plans write them: 一…九十九 in markers, full-width ０-９ digits, years such as 二〇二六年.

Markers need only small numbers and are parsed here directly (fast, and exact for 十一, 二十);
counts in baselines may be any Chinese numeral and go through cn2an.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

HANZI_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
HANZI_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
HANZI_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")

YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2}|二[〇○零][一二三四五六七八九〇○零]{2})(?=\s*年)")


def ascii_digits(text: str) -> str:
    """Full-width digits and dot as ASCII, for int()/Decimal()."""
    return text.translate(_FULL_WIDTH_DIGITS)


def small_hanzi(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 九十九 → 99; anything else → None."""
    if not text or len(text) > 3:
        return None
    if "十" not in text:
        return HANZI_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = HANZI_DIGITS.get(tens, 0) if tens else 1
    ones_value = HANZI_DIGITS.get(ones, -1) if ones else 0
    if tens_value == 0 or ones_value < 0 or (tens and tens not in HANZI_DIGITS):
        return None
    return tens_value * 10 + ones_value


def marker_number(text: str) -> int | None:
    """The value of a marker's number in any of its spellings (3, ３, 三, ③)."""
    if text in CIRCLED:
        return CIRCLED.index(text) + 1
    if text.isdigit():
        return int(ascii_digits(text))
    return small_hanzi(text)


def year_value(text: str) -> int:
    """2026 or 二〇二六 → 2026."""
    if text[0] in "12":
        return int(text)
    return int("".join(str(HANZI_DIGITS[char]) for char in text))


def years_in(text: str) -> list[int]:
    return [year_value(match.group(1)) for match in YEAR.finditer(text)]


_RANGE_OR_TARGET = re.compile(r"(?:[—–\-－~～至到]|到|至|截至|截止)[ \t]*$")
_RANGE_START = re.compile(r"^[ \t]*年?[ \t]*[—–\-－~～至到][ \t]*(?:19|20)[0-9]{2}")


def plain_years(text: str) -> list[int]:
    """The years a text names for itself: not the ends of a range (2021—2025年), not a far target
    (到2035年), not the years inside a referenced title (《…纲要（2021—2035年）》), which say nothing
    about which year a plan is for."""
    found = []
    for match in YEAR.finditer(text):
        before = text[max(0, match.start() - 4) : match.start()]
        after = text[match.end() : match.end() + 8]
        opened = text.rfind("《", 0, match.start())
        if opened >= 0 and text.find("》", opened, match.start()) < 0:
            continue
        if _RANGE_OR_TARGET.search(before) or _RANGE_START.match(after):
            continue
        found.append(year_value(match.group(1)))
    return found


def quantity(text: str) -> Decimal | None:
    """A count written in digits or Chinese numerals (32, ３２, 三十二, 十, 1.5万) as a Decimal."""
    text = ascii_digits(text.strip())
    multiplier = Decimal(1)
    if text.endswith("万") and len(text) > 1 and text[-2].isdigit():
        text, multiplier = text[:-1], Decimal(10000)
    try:
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
            return Decimal(text) * multiplier
        return Decimal(str(cn2an.cn2an(text.replace("两", "二"), "strict"))) * multiplier
    except (ValueError, InvalidOperation, KeyError):
        return None
