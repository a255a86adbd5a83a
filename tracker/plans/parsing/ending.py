"""Where the plan's last item ends, and the annexes that carry on the plan after the report closes.

A report's closing words (各位代表！…让我们…) can follow the last item on its own line: they end the
last item, though a paragraph starting 各位代表！ in the middle of the plan (各位代表！今年，我们继续
安排20件民生实事…) stays inside its item's text (as no task of its own: `actions.title_led`). When
every earlier item is one line, the last one is too: the paragraphs after it (a news page going on,
报告指出，…) are not part of it. An annex that lists the year's work (附件 2026年自治区民生实事,
1.…（牵头单位：…）) is part of the plan: it becomes one more item with its entries as children.
"""

from __future__ import annotations

import re

from tracker.plans.parsing.lines import Line, line_end, trim
from tracker.plans.parsing.numerals import ascii_digits
from tracker.plans.parsing.outline import Node, OutlineSource, itemize
from tracker.plans.parsing.result import ParsedItem

_SOFT_CLOSING = re.compile(r"^(?:各位代表|同志们)[！!，,：:]")
_ANNEX_LINE = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[：:]?\s*(?P<title>.*)$")
_ANNEX_WORK = re.compile(r"民生实事|重点任务|任务清单|任务分解|工作任务|项目清单|重点项目|实事项目|分工")
_ANNEX_TITLE_MAX = 40


def _cut(node: Node, at: int, text: str) -> None:
    """End `node` (and its last descendants) before position `at`."""
    node.end = trim(text, node.start, at)[1]
    node.children = [child for child in node.children if child.start < node.end]
    if node.children:
        _cut(node.children[-1], min(at, node.end), text)


def end_last_item(text: str, nodes: list[Node], lines: list[Line]) -> None:
    """Cut the last item at closing words on a line of their own, or at its first line when every
    earlier item was a single line."""
    if not nodes:
        return
    last = nodes[-1]
    for line in lines:
        if last.start < line.start < last.end and _SOFT_CLOSING.match(line.text):
            _cut(last, line.start, text)
            break
    earlier = nodes[:-1]
    single = [node for node in earlier if "\n" not in text[node.start : node.end].strip()]
    if len(earlier) >= 2 and len(single) == len(earlier) and last.line_start:
        own_line_end = line_end(text, last.start)
        if own_line_end < last.end:
            _cut(last, own_line_end, text)


def annex_items(source: OutlineSource, lines: list[Line], lo: int, hi: int, plan_year: int) -> list[Node]:
    """Annexes in text[lo:hi] that list the plan year's work, each as a group item of its entries."""
    found: list[Node] = []
    inside = [line for line in lines if lo <= line.start < hi]
    for index, line in enumerate(inside):
        match = _ANNEX_LINE.match(line.text)
        if match is None:
            continue
        title_line = (
            line if match.group("title") else (inside[index + 1] if index + 1 < len(inside) else None)
        )
        if title_line is None or len(title_line.text) > _ANNEX_TITLE_MAX:
            continue
        words = title_line.text if title_line is not line else match.group("title")
        if not _ANNEX_WORK.search(words) or str(plan_year - 1) + "年" in words:
            continue
        end = next((later.start for later in inside[index + 1 :] if _ANNEX_LINE.match(later.text)), hi)
        body_start = title_line.end
        entries = itemize(source, body_start, end, 2)
        if not entries:
            continue
        end_last_item(source.text, entries, inside)
        start = title_line.start if title_line is not line else line.start + match.start("title")
        found.append(Node(start, entries[-1].end, None, "group", words, children=entries))
    return found


_DIGITS_IN_MARKER = re.compile(r"[0-9０-９]+")


def _goes_on(text: str, item: ParsedItem, end: int) -> str | None:
    """The next number of the item's run, when it is written after the item's marker before `end`
    (the run went on past what the marker patterns read: （99） then （100））."""
    marker = item.marker or ""
    found = _DIGITS_IN_MARKER.search(marker)
    if found is None:
        return None
    before, after = marker[: found.start()], marker[found.end() :].rstrip(" \t\u3000：:，,")
    following = str(int(ascii_digits(found.group())) + 1)
    pattern = re.compile(
        rf"(?:^|(?<=[\n\t。；;]))[ \t\u3000]*{re.escape(before)}\s*{following}\s*{re.escape(after)}", re.M
    )
    return before + following + after if pattern.search(text, item.span[0], end) else None


def cut_short(text: str, items: list[ParsedItem], end: int) -> list[str]:
    """Warnings for runs of numbered items that go on past their last item read (inside it, or after
    it in the skipped text), so a plan whose tail was not read item by item says so."""
    found = []
    for siblings, run_end in _runs(items, end):
        last = siblings[-1]
        following = _goes_on(text, last, run_end)
        if following is not None:
            found.append(
                f"「{last.marker}{last.title}」之后还有{following}等编号的内容，未能逐项读出（计划被截断）；"
                "请在审核时核对原文，把遗漏的内容拆分或作为事项加入。"
            )
    return found


def _runs(items: list[ParsedItem], end: int) -> list[tuple[list[ParsedItem], int]]:
    runs = [(items, end)] if items else []
    for item in items:
        runs.extend(_runs(item.children, item.span[1]))
    return runs
