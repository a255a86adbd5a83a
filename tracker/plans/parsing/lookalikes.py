"""Look-alike code points that break matching, mapped to the characters they imitate.

Text copied from government web pages often carries Kangxi radicals (⼀ ⾼ ⼯ for 一 高 工) and CJK
radical forms (⻓ ⻔ ⻋ for 长 门 车) that render like the ordinary characters but compare unequal, so
"⼀是" would never be seen as a marker. They are mapped one to one; full-width punctuation, digits and
brackets are left as written (the parser's patterns accept both widths). Zero-width characters are
dropped, typographic spaces (EM SPACE…) become spaces and line ends become "\\n". The mapped text is
what the plan stores and every span indexes.
"""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement forms that stand for a whole character (after Unihan's
# EquivalentUnifiedIdeograph); component-only forms such as ⺡ (氵) imitate nothing people type.
_RADICAL_FORMS = "⺁⺇⺊⺌⺎⺐⺒⺓⺜⺝⺟⺠⺩⺶⻁⻄⻅⻆⻈⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳"
_RADICAL_CHARS = "厂几卜小兀尢巳幺日月母民王羊虎西见角讠贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟"

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Kangxi radicals and CJK compatibility ideographs: NFKC gives the unified character.
    for first, last in ((0x2F00, 0x2FD5), (0xF900, 0xFAD9), (0x2F800, 0x2FA1D)):
        for code in range(first, last + 1):
            char = chr(code)
            mapped = unicodedata.normalize("NFKC", char)
            if mapped != char and len(mapped) == 1:
                table[code] = mapped
    for form, char in zip(_RADICAL_FORMS, _RADICAL_CHARS, strict=True):
        table[ord(form)] = char
    for char in _ZERO_WIDTH:
        table[ord(char)] = ""
    table[0xA0] = " "  # no-break space from web pages
    # EM, EN, thin and other typographic spaces: pages indent paragraphs with them ("\u2003\u20031.推动…").
    for code in (*range(0x2000, 0x200B), 0x202F, 0x205F):
        table[code] = " "
    return table


_TABLE = _build_table()


def map_lookalikes(text: str) -> str:
    """The text with look-alikes replaced, zero-width characters removed and line ends unified."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TABLE)
