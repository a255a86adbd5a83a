"""Where the plan is, where the problems are, and where last year's record is.

The plan part is found by its heading (六、2026年度…主要安排, 下一步工作打算, 工作计划…) or by a lead-in
sentence (下一步，我镇将从以下几个方面改进：…). A heading that names a year or the future beats a
lead-in, and a lead-in beats a heading that only says 举措 or 任务 (reports call last year's work that too).
A part that holds both the problems and the next steps is divided where the next steps begin, so a
list of problems is never read as plan items, however much it looks like one. A document that is only
a plan (工作要点, a task table) is read whole.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from tracker.plans.parsing.headings import PLAN_WORDS, PROBLEM_WORDS, Heading, classify, section_ends
from tracker.plans.parsing.lines import Line, closing_starts, trim
from tracker.plans.parsing.markers import runs, scan

Span = tuple[int, int]

_PIECE = re.compile(r"[^。！？!?；;：:\n]+[。！？!?；;：:]?")
_FUTURE_START = re.compile(
    r"^(?:在|从|于)?(?:下一步|下步|下阶段|下一阶段|今后|明年|来年|新的一年|新一年|接下来|展望|(?:19|20)[0-9]{2}年度?[，,]?)"
)
_FUTURE_VERB = re.compile(r"(?<!现)将|要|拟|计划|准备|继续|着力|力争|努力|重点|打算|安排|措施|思路")
_LIST_INTRO = re.compile(
    r"以下|如下|几个方面|几方面|几点"
    r"|[一二三四五六七八九十两0-9]+(?:个方面|个重点|项重点|项工作|件实事|个领域)(?:的?工作|的?任务)?[：:。]?$"
)
_REPORTING = re.compile(r"(?:报告|汇报|总结|情况|说明)如下")
_FIX = re.compile(r"改进|整改|解决|针对|补齐|弥补|加以|提升")
_PROBLEM_PRESENCE = re.compile(
    r"存在|仍有|还有|也有|尚有|认识到|主要是|表现在|主要有|面临|不足之处|问题和|问题与"
)
_MARKER_AHEAD = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十0-9]+[）)]"
    r"|[0-9]+[.、．]|①|第一[，、])"
)


@dataclass(frozen=True)
class DocView:
    """The parsed-so-far document that the search for parts works on."""

    text: str
    lines: list[Line]
    headings: list[Heading]
    masked: list[Span]
    title_span: Span
    plan_year: int | None
    ends: list[int] = field(default_factory=list)
    """Where each heading's section ends (see `section_ends`)."""
    closings: list[int] = field(default_factory=list)
    """Where content stops (see `closing_starts`), in order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "ends", section_ends(self.headings, len(self.text)))
        object.__setattr__(self, "closings", closing_starts(self.lines))


@dataclass(frozen=True)
class Layout:
    heading: str | None
    section: Span
    """The plan part, its heading or lead-in included."""
    body: Span
    """Where its items are."""
    whole: bool
    problems: Span | None
    record: list[Span]
    """Where the report gives last year's figures."""
    region: Span = (0, 0)
    """The whole part the plan was found in, from its heading to the next part (or the document's end):
    closing words, annexes, glossary and footer included. Every character of it is accounted for."""


@dataclass(frozen=True)
class _Candidate:
    priority: int
    score: int
    level: float
    start: int
    body: Span
    heading: str
    region_end: int

    def rank(self) -> tuple[int, int, float, int]:
        """Stronger evidence first, then the outer heading (a 三、 part over a 3. item inside it), then
        the later one (the plan comes after the record)."""
        return (self.priority, self.score, -self.level, self.start)


def content_end(doc: DocView, position: int) -> int:
    """Where the document's content ends after `position` (before 特此报告, signature, web footer)."""
    index = bisect.bisect_left(doc.closings, position + 1)
    end = doc.closings[index] if index < len(doc.closings) else len(doc.text)
    return trim(doc.text, position, end)[1]


def _enclosing_end(doc: DocView, position: int, default: int) -> int:
    """The end of the innermost section holding `position`."""
    end = default
    for heading, heading_end in zip(doc.headings, doc.ends, strict=True):
        if heading.start >= position:
            break
        if position < heading_end:
            end = min(end, heading_end)
    return end


_LOOKING_BACK = re.compile(r"做了|一年来|过去一年|过去的一年|回顾|取得了|完成了|开展了")


def leadin_kind(sentence: str, followed_by_list: bool) -> tuple[str, int] | None:
    """("plan", score) for 下一步，我镇将…：; ("problem", 0) for 存在以下不足：; else None
    (主要做了以下工作： looks back and is no plan's lead-in)."""
    if _LOOKING_BACK.search(sentence):
        return None
    future = _FUTURE_START.match(sentence)
    intro = bool(_LIST_INTRO.search(sentence)) or sentence.endswith(("：", ":")) or followed_by_list
    problem = PROBLEM_WORDS.search(sentence)
    if problem and not _FIX.search(sentence):
        present = _PROBLEM_PRESENCE.search(sentence)
        return ("problem", 0) if present and intro else None
    if _REPORTING.search(sentence) or not _FUTURE_VERB.search(sentence):
        return None
    if future or (intro and (_LIST_INTRO.search(sentence) or PLAN_WORDS.search(sentence))):
        return "plan", 2 * bool(future) + 2 * intro + bool(_LIST_INTRO.search(sentence))
    return None


def _year_ok(doc: DocView, sentence: str) -> bool:
    """A lead-in that opens with a year must name the plan year or later (2025年，我镇… is the record)."""
    match = re.match(r"^(?:在|从|于)?((?:19|20)[0-9]{2})年", sentence)
    return not match or doc.plan_year is None or int(match.group(1)) >= doc.plan_year


def find_leadins(doc: DocView) -> list[tuple[str, int, Span]]:
    """(kind, score, sentence span) of every lead-in sentence outside headings and tables."""
    heading_lines = {heading.start for heading in doc.headings}
    found = []
    for line in doc.lines:
        if line.start in heading_lines or any(a <= line.start < b for a, b in doc.masked):
            continue
        for piece in _PIECE.finditer(doc.text, line.start, line.end):
            start, end = trim(doc.text, piece.start(), piece.end())
            sentence = doc.text[start:end]
            ahead = bool(_MARKER_AHEAD.match(doc.text, end, min(end + 8, line.end)))
            announces = sentence.endswith(("：", ":"))
            if not ahead and not announces and doc.text[end : line.end].strip(" \t\u3000"):
                continue  # a sentence inside a paragraph (今后，凡是…) leads into nothing
            kind = leadin_kind(sentence, ahead)
            if kind and _year_ok(doc, sentence):
                found.append((kind[0], kind[1], (start, end)))
    return found


def _heading_candidates(doc: DocView) -> list[_Candidate]:
    found = []
    for index, heading in enumerate(doc.headings):
        announced = classify(heading.words, doc.plan_year)
        if announced.kind != "plan":
            continue
        end = min(doc.ends[index], content_end(doc, heading.end))
        priority = 3 if announced.score >= 4 else 1
        line = doc.text[heading.start : heading.end]
        found.append(
            _Candidate(
                priority,
                announced.score,
                heading.level,
                heading.start,
                (heading.end, end),
                line,
                doc.ends[index],
            )
        )
    return found


def _leadin_candidates(doc: DocView, leadins: list[tuple[str, int, Span]]) -> list[_Candidate]:
    found = []
    for kind, score, (start, end) in leadins:
        if kind != "plan":
            continue
        enclosing = _enclosing_end(doc, start, len(doc.text))
        stop = min(enclosing, content_end(doc, start))
        sentence = doc.text[start:end]
        body_start = end if sentence.endswith(("：", ":")) else start
        found.append(_Candidate(2, score, 0, start, (body_start, stop), sentence.rstrip("：:"), enclosing))
    return found


def _combined_candidates(doc: DocView, leadins: list[tuple[str, int, Span]]) -> list[_Candidate]:
    """Parts holding problems and next steps without a lead-in: the last enumeration is the plan."""
    found = []
    for index, heading in enumerate(doc.headings):
        if classify(heading.words, doc.plan_year).kind != "combined":
            continue
        end = min(doc.ends[index], content_end(doc, heading.end))
        family_runs = [
            run
            for markers in scan(doc.text, heading.end, end, masked=doc.masked).values()
            for run in runs(markers)
        ]
        if not family_runs:
            continue
        last = max(family_runs, key=lambda run: run[0].start)
        problem_before = any(
            kind == "problem" and heading.end <= span[0] < last[0].start for kind, _, span in leadins
        )
        if len(family_runs) >= 2 or not problem_before:
            line = doc.text[heading.start : heading.end]
            found.append(
                _Candidate(0, 0, heading.level, heading.start, (last[0].start, end), line, doc.ends[index])
            )
    return found


def _problems(doc: DocView, leadins: list[tuple[str, int, Span]], plan_start: int) -> Span | None:
    """The problems part before the plan: the outermost heading that announces problems (not an item
    such as 1.…能力不足 inside it), else a lead-in such as 存在以下不足："""
    regions: list[tuple[float, Span]] = []
    for index, heading in enumerate(doc.headings):
        kind = classify(heading.words, doc.plan_year).kind
        if heading.start < plan_start and kind in ("problem", "combined"):
            regions.append((heading.level, (heading.end, doc.ends[index])))
    if not regions:
        for kind, _, (start, end) in leadins:
            if kind == "problem" and start < plan_start:
                after = end if doc.text[start:end].endswith(("：", ":")) else start
                regions.append((0, (after, _enclosing_end(doc, start, len(doc.text)))))
    if not regions:
        return None
    outermost = min(level for level, _ in regions)
    start, end = [span for level, span in regions if level == outermost][-1]
    end = min(end, plan_start) if start < plan_start else end
    return trim(doc.text, start, end)


def locate(doc: DocView, whole: bool) -> Layout | None:
    """The document's parts, or None when it holds no plan."""
    if whole:
        return _whole(doc)
    leadins = find_leadins(doc)
    candidates = (
        _heading_candidates(doc) + _leadin_candidates(doc, leadins) + _combined_candidates(doc, leadins)
    )
    if not candidates:
        return None
    best = max(candidates, key=_Candidate.rank)
    if best.priority == 2:  # a lead-in inside a part whose heading announces the year's work: the part
        outer = [c for c in candidates if c.priority in (1, 3) and c.start < best.start < c.region_end]
        best = max(outer, key=_Candidate.rank, default=best)
    problems = _problems(doc, leadins, best.body[0] if best.priority == 0 else best.start)
    record_end = min(best.start, problems[0]) if problems else best.start
    section = (best.start, best.body[1])
    record = [(doc.title_span[1], record_end)]
    return Layout(best.heading, section, best.body, False, problems, record, (best.start, best.region_end))


def _whole(doc: DocView) -> Layout:
    end = content_end(doc, doc.title_span[1])
    top = min((heading.level for heading in doc.headings), default=0)
    record, problems = [], None
    for index, heading in enumerate(doc.headings):
        if heading.level != top:
            continue
        kind = classify(heading.words, doc.plan_year).kind
        span = (heading.end, min(doc.ends[index], end))
        if kind == "retro":
            record.append(span)
        elif kind in ("problem", "combined") and problems is None:
            problems = span
    title = doc.text[doc.title_span[0] : doc.title_span[1]] or None
    section = (doc.title_span[0], end)
    return Layout(
        title, section, (doc.title_span[1], end), True, problems, record, (section[0], len(doc.text))
    )
