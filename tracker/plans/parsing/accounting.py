"""Every character of the plan part is accounted for: it belongs to one item, or to a stretch the
parser did not take, listed with the reason why (`skipped`).

Nothing is dropped silently: a reviewer sees each skipped stretch greyed in the source with its reason
and can add it as an item in one click. Reasons are read from what the stretch is: the plan's heading,
a lead-in, the frame of a plan (总体要求, 保障措施), the report's closing words (各位代表！…, 特此报告),
an annex's heading, a glossary (名词解释), the filing footer (抄送, 印发), the signature and date, a
web page's furniture, or words after the last item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.plans.parsing.lines import is_noise, split_lines, trim

Span = tuple[int, int]

HEADING = "计划部分的标题"
LEAD_IN = "引导语：说明计划的背景、要求或目标，没有具体任务"
AFTER_ITEMS = "计划所列事项之后的文字，不属于任何一项"
BETWEEN_ITEMS = "事项之间的说明文字"
CLOSING = "报告的结束语"
ANNEX = "附件的标题"
GLOSSARY = "名词解释：对文中用语的说明，不是任务"
FOOTER = "文尾的抄送、印发信息"
SIGNATURE = "落款（单位和日期）"
WEB = "网页附属信息（导航、页脚、版权等）"

_CLOSING_WORDS = re.compile(r"^(?:各位代表|特此|专此|以上报告|此致)")
_ANNEX = re.compile(r"^附\s*(?:件|表)\s*[0-9一二三四五六七八九十]*\s*[：:]?\s*$")
_GLOSSARY = re.compile(r"^(?:有关|相关)?名词(?:解释|注释|说明)|^注释\s*[：:]?$")
_FOOTER = re.compile(r"^(?:抄送|抄报|主送|印发)|印发$|^（此件|^\(此件|^（联系人")
_DATE_OR_SIGNATURE = re.compile(
    r"^(?:(?:19|20)[0-9]{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
    r"|(?:人民政府|委员会|办公室|办公厅|司法所|局|街道办事处)$"
)


@dataclass(frozen=True)
class SkippedSpan:
    """A stretch of the plan part that no item holds, and why."""

    span: Span
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"span": list(self.span), "reason": self.reason}


def _uncovered(region: Span, covered: list[Span]) -> list[Span]:
    gaps, cursor = [], region[0]
    for start, end in sorted(covered):
        if start > cursor:
            gaps.append((cursor, min(start, region[1])))
        cursor = max(cursor, end)
    if cursor < region[1]:
        gaps.append((cursor, region[1]))
    return [gap for gap in gaps if gap[1] > gap[0]]


class _Reader:
    """Tells the reason of each uncovered line piece, remembering a glossary once it has begun."""

    def __init__(
        self, text: str, hints: list[tuple[Span, str]], first_item: int, last_item: int, plan_end: int
    ) -> None:
        self.text = text
        self.hints = hints
        self.first_item = first_item
        self.last_item = last_item
        self.plan_end = plan_end
        self.in_glossary = False
        self.closed = False

    def reason(self, start: int, end: int) -> str:
        words = self.text[start:end].strip(" \t\u3000")
        for (a, b), why in self.hints:
            if a < end and start < b:
                return why
        if _GLOSSARY.match(words):
            self.in_glossary = True
            return GLOSSARY
        if _ANNEX.match(words) or (words.startswith("附件") and len(words) <= 40):
            self.in_glossary = False
            return ANNEX
        if self.in_glossary:
            return GLOSSARY
        if _FOOTER.search(words):
            return FOOTER
        if is_noise(words) or words.startswith("相关报道"):
            return WEB
        if _CLOSING_WORDS.match(words) and start < self.first_item:
            return LEAD_IN  # 各位代表！我们将按照…部署… before the first item introduces the plan
        if _CLOSING_WORDS.match(words) and start < self.plan_end:
            return BETWEEN_ITEMS  # 各位代表！今年，我们继续安排20件民生实事… between two items
        if _CLOSING_WORDS.match(words):
            self.closed = True
            return CLOSING
        if start >= self.last_item and len(words) <= 30 and _DATE_OR_SIGNATURE.search(words):
            return SIGNATURE
        if start < self.first_item:
            return LEAD_IN
        if self.closed:
            return CLOSING
        return AFTER_ITEMS if start >= self.last_item else BETWEEN_ITEMS


def account(
    text: str, region: Span, items: list[Span], hints: list[tuple[Span, str]], plan_end: int | None = None
) -> list[SkippedSpan]:
    """The stretches of `region` outside every item, each with its reason (a hint that covers it, or
    what the line is); neighbouring lines with the same reason are one stretch. `plan_end`: where the
    plan part's own items end (an annex after the report's closing words may follow)."""
    first = min((start for start, _ in items), default=region[1])
    last = max((end for _, end in items), default=region[0])
    reader = _Reader(text, hints, first, last, last if plan_end is None else plan_end)
    found: list[SkippedSpan] = []
    for gap in _uncovered(region, items):
        for line in split_lines(text, *gap):
            start, end = trim(text, line.start, line.end, " \t\u3000\n，,；;、")
            if end <= start:
                continue
            why = reader.reason(start, end)
            previous = found[-1] if found else None
            if previous and previous.reason == why and not text[previous.span[1] : start].strip():
                found[-1] = SkippedSpan((previous.span[0], end), why)
            else:
                found.append(SkippedSpan((start, end), why))
    return found
