"""Headings of a report or plan, their nesting, and what each one announces.

A heading is a line that starts with a section marker (一、 第一部分 （一） 1.) and whose first sentence
is short, or a short unnumbered line such as "下一步工作打算" that names a part. Marker families nest in
the order the document first uses them; unnumbered headings stand above them all. What a heading
announces decides where the plan is: next year's arrangements, the problems, last year's record, or
the frame of a plan (指导思想, 保障措施) that holds no tasks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tracker.plans.parsing.lines import Line, is_closing, is_noise
from tracker.plans.parsing.markers import FAMILY_BY_NAME, Marker, runs, scan
from tracker.plans.parsing.numerals import years_in

PLAN_WORDS = re.compile(
    r"安排|计划|要点|思路|打算|设想|谋划|努力方向|工作方向|重点工作|工作重点|主要任务|重点任务|工作任务|任务清单"
    r"|任务分解|举措|改进措施|整改措施|工作措施|主要措施|展望"
)
FUTURE_WORDS = re.compile(r"下一步|下步|下阶段|下一阶段|下一年|下年度|今后|明年|来年|新的一年|新一年|接下来")
RETRO_WORDS = re.compile(r"成效|成绩|情况|回顾|总结|做法|亮点|经验|进展|成果")
PROBLEM_WORDS = re.compile(r"问题|不足|短板|差距|困难|薄弱|瓶颈")
CONTEXT_WORDS = re.compile(
    r"指导思想|总体要求|基本原则|总体目标|工作目标|主要目标|组织领导|保障措施|工作要求|组织保障|工作保障"
    r"|有关要求|工作机制|实施步骤|方法步骤|时间安排|进度安排|工作步骤|实施范围|适用范围"
)
_CONTEXT_SLACK = 4
_HEADING_FAMILIES = tuple(
    FAMILY_BY_NAME[name] for name in ("part", "hanzi_dun", "hanzi_paren", "arabic_dot", "arabic_half")
)
MAX_HEADING_CHARS = 40
MAX_UNNUMBERED_CHARS = 25


@dataclass(frozen=True, slots=True)
class Heading:
    start: int
    """Where the heading line begins (its marker, if any)."""
    words_start: int
    words: str
    """The heading's own words: its first sentence, without the marker."""
    end: int
    """The end of the heading's own words (its line, or its first sentence when text runs on)."""
    level: float
    """0 for unnumbered headings, then 1, 2… in the order the marker families nest (a family starting
    again inside its own last part is half a level deeper)."""
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class Announcement:
    kind: str
    """"plan", "problem", "combined" (problems and next steps), "retro", "context" or "neutral"."""
    score: int = 0


def classify(words: str, plan_year: int | None) -> Announcement:
    """What a heading (or a title) announces, judged by its words and the years it names."""
    years = years_in(words)
    future = bool(FUTURE_WORDS.search(words)) or (
        plan_year is not None and any(y >= plan_year for y in years)
    )
    plan = bool(PLAN_WORDS.search(words))
    context = CONTEXT_WORDS.search(words)
    if context and len(words) <= len(context.group()) + _CONTEXT_SLACK and not future:
        return Announcement("context")
    if PROBLEM_WORDS.search(words):
        return Announcement("combined", 2) if future or plan else Announcement("problem")
    past = plan_year is not None and bool(years) and max(years) < plan_year
    if (RETRO_WORDS.search(words) and not future) or (past and not future):
        return Announcement("retro")
    if plan or future:
        return Announcement("plan", 2 * plan + 2 * future)
    return Announcement("neutral")


def _first_sentence(text: str, start: int, end: int) -> str:
    return text[start : _sentence_end(text, start, end)].strip(" \t\u3000。！？!?：:")


def _sentence_end(text: str, start: int, end: int) -> int:
    """Where the heading's own words end: at its first full stop or colon, else at the line's end
    (a heading run into its text, 四、下一步工作打算：一是…, leaves the rest of the line to its part)."""
    cut = re.compile(r"[。！？!?：:]").search(text, start, end)
    return cut.end() if cut else end


def _at_line_start(text: str, position: int) -> bool:
    before = text.rfind("\n", 0, position)
    return not text[before + 1 : position].strip(" \t\u3000")


def _heading_runs(text: str, lines: list[Line], masked: list[tuple[int, int]]) -> list[list[list[Marker]]]:
    """Per family (in the order the document first uses them), its runs of heading-like markers."""
    line_ends = {line.start: line.end for line in lines}
    families = []
    for markers in scan(text, 0, len(text), _HEADING_FAMILIES, masked).values():
        heading_like = [
            marker
            for marker in markers
            if _at_line_start(text, marker.start)
            and len(_first_sentence(text, marker.end, line_ends.get(marker.start, marker.end)))
            <= MAX_HEADING_CHARS
        ]
        family_runs = runs(heading_like)
        if family_runs:
            families.append(family_runs)
    families.sort(key=lambda family_runs: family_runs[0][0].start)
    return families


def _run_levels(families: list[list[list[Marker]]]) -> list[tuple[float, list[Marker]]]:
    """A family's level is its rank; a run that starts again inside the last part of the family's
    previous run, with no outer heading between (六、下一步工作打算 holding 一、二、三、), lies deeper."""
    leveled: list[tuple[float, list[Marker]]] = []
    for rank, family_runs in enumerate(families, start=1):
        outer_markers = sorted(m.start for outer in families[: rank - 1] for run in outer for m in run)
        for index, run in enumerate(family_runs):
            level: float = rank
            if index:
                previous_end, start = family_runs[index - 1][-1].start, run[0].start
                between = bisect.bisect_left(outer_markers, start) - bisect.bisect_right(
                    outer_markers, previous_end
                )
                level = rank if between else rank + 0.5
            leveled.append((level, run))
    return leveled


def _numbered(text: str, lines: list[Line], masked: list[tuple[int, int]]) -> list[Heading]:
    line_ends = {line.start: line.end for line in lines}
    headings = []
    for level, run in _run_levels(_heading_runs(text, lines, masked)):
        for marker in run:
            end = _sentence_end(text, marker.end, line_ends.get(marker.start, marker.end))
            words = _first_sentence(text, marker.end, end)
            headings.append(Heading(marker.start, marker.end, words, end, level, marker.text))
    return headings


def _unnumbered(lines: list[Line], taken: set[int], plan_year: int | None) -> list[Heading]:
    headings = []
    for line in lines[1:]:
        words = line.text.rstrip("：:")
        if (
            line.start in taken
            or len(words) > MAX_UNNUMBERED_CHARS
            or re.search(r"[。，；,;：:！？!?]", words)
        ):
            continue
        if is_noise(line.text) or is_closing(line.text) or classify(words, plan_year).kind == "neutral":
            continue
        headings.append(Heading(line.start, line.start, words, line.end, 0))
    return headings


def find_headings(
    text: str, lines: list[Line], masked: list[tuple[int, int]], plan_year: int | None
) -> list[Heading]:
    """All headings in document order (tables excluded; the first line, the title, is never one)."""
    first = lines[0].start if lines else 0
    numbered = [heading for heading in _numbered(text, lines, masked) if heading.start != first]
    taken = {heading.start for heading in numbered}
    outside = [line for line in lines if all(not a <= line.start < b for a, b in masked)]
    headings = numbered + _unnumbered(outside, taken, plan_year)
    return sorted(headings, key=lambda heading: heading.start)


def section_ends(headings: list[Heading], default: int) -> list[int]:
    """Where each heading's section ends: at the next heading of the same or a higher level (one pass)."""
    ends = [default] * len(headings)
    open_sections: list[int] = []
    for index, heading in enumerate(headings):
        while open_sections and headings[open_sections[-1]].level >= heading.level:
            ends[open_sections.pop()] = heading.start
        open_sections.append(index)
    return ends
