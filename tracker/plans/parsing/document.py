"""The parser's entry points: a document's bytes (or text) → a `ParsedPlan`.

Pure Python over plain values: no database, no Flask, no clock except as the last resort for a plan
year nobody wrote down (and then it says so in `warnings`).
"""

from __future__ import annotations

import re
from datetime import date

from tracker import calendar, clock
from tracker.plans.errors import PlanInputError
from tracker.plans.parsing.accounting import HEADING, account
from tracker.plans.parsing.actions import ACTION_VERBS
from tracker.plans.parsing.baselines import find_baselines
from tracker.plans.parsing.docx_reading import SourceTable
from tracker.plans.parsing.ending import annex_items, cut_short, end_last_item
from tracker.plans.parsing.headings import classify, find_headings
from tracker.plans.parsing.items import build_item
from tracker.plans.parsing.limits import PARSE_SECONDS, check_time, time_limit
from tracker.plans.parsing.lines import Line, is_noise, split_lines
from tracker.plans.parsing.markers import reading_one_document
from tracker.plans.parsing.numerals import plain_years
from tracker.plans.parsing.outline import OutlineSource, covered, drop_frame, itemize, prune
from tracker.plans.parsing.owners import OwnerKeywords
from tracker.plans.parsing.problems import find_shortcomings
from tracker.plans.parsing.reading import SourceDocument, prepare_text, read_document
from tracker.plans.parsing.result import ParsedItem, ParsedPlan
from tracker.plans.parsing.sections import DocView, Layout, locate
from tracker.plans.parsing.tables import text_tables
from tracker.plans.parsing.years import announced_year, dated_year, file_year, text_year, title_year

NO_PLAN_MESSAGE = (
    "未找到计划部分：文中没有“××年度……主要安排”“工作计划”“工作要点”“下一步工作打算”一类的标题或引导语，"
    "也不像一份单独的计划或任务表。请确认上传的是含有下一年度工作安排的报告或计划。"
)
NO_ITEMS_MESSAGE = "找到了计划部分“{heading}”，但其中没有可识别的工作事项。"
_REPORT_TITLE = re.compile(r"报告|总结|述职|汇报|情况|自查|自评")
_PLAN_TITLE = re.compile(r"计划|要点|安排|方案|打算|思路|清单|任务分解|分工|台账|举措|任务表|责任表|工作重点")
_REPORT_TEXT = re.compile(r"(?:报告|汇报|总结)如下|现将.{0,40}(?:报告|汇报)")
_STARTS_WITH_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．])"
)
_TITLE_MAX = 80
_TITLE_SEARCH_LINES = 8
_WEEKDAYS = "一二三四五六日"


def _title_like(words: str) -> bool:
    return (
        len(words) <= _TITLE_MAX
        and not words.endswith(("。", "；", "："))
        and not _STARTS_WITH_MARKER.match(words)
    )


def _title(lines: list[Line]) -> tuple[tuple[int, int], str]:
    """The document's title line(s), skipping web-page furniture above it; an empty span if none.
    A line that names a report or plan wins over a first line that names only the site."""
    candidates = []
    seen = 0
    for index, line in enumerate(lines):
        if is_noise(line.text):  # furniture (下载 打印 【字号…】) does not count among the first lines
            continue
        seen += 1
        if seen > _TITLE_SEARCH_LINES or not _title_like(line.text):
            break
        candidates.append(index)
    named = [
        index
        for index in candidates
        if _REPORT_TITLE.search(lines[index].text) or _PLAN_TITLE.search(lines[index].text)
    ]
    for index in (named or candidates)[:1]:
        line = lines[index]
        words = re.sub(r"^(?:名称|标题)\s*[：:]\s*", "", line.text)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and following.text.startswith("关于") and len(following.text) <= _TITLE_MAX:
            return (line.start, following.end), words + following.text
        return (line.start, line.end), words
    return (0, 0), ""


def _kind(title: str) -> str:
    report, plan = bool(_REPORT_TITLE.search(title)), bool(_PLAN_TITLE.search(title))
    return "mixed" if report and plan else "report" if report else "plan" if plan else "unknown"


def _provisional_year(
    explicit: int | None, title: str, kind: str, lines: list[Line], filename: str | None
) -> int | None:
    """The year as far as can be told before the plan part is found (to tell next year's headings from
    last year's)."""
    if explicit:
        return explicit
    return announced_year(lines) or title_year(title, kind) or dated_year(lines) or file_year(filename)


def _final_year(
    explicit: int | None, layout: Layout, provisional: int | None, text: str, warnings: list[str]
) -> int:
    if explicit:
        return explicit
    named = plain_years(layout.heading or "")
    if named:
        return max(named)
    if provisional:
        return provisional
    in_plan = text_year(text[layout.body[0] : layout.body[1]], looks_back=False)
    if in_plan:
        warnings.append(f"文中没有写明计划年度，按计划中最早提到的{in_plan}年处理，请在审核时确认。")
        return in_plan
    warnings.append("文中未写明计划年度，已按当前年度处理，请在审核时确认。")
    return clock.current_date().year


def _looks_like_report(doc: DocView) -> bool:
    if _REPORT_TEXT.search(doc.text):
        return True
    return any(
        classify(heading.words, doc.plan_year).kind in ("retro", "problem") for heading in doc.headings
    )


def _day_note(day: date) -> str:
    return calendar.holiday_name(day) or f"周{_WEEKDAYS[day.weekday()]}"


def _warnings(items: list[ParsedItem], plan_year: int) -> list[str]:
    found = []
    fallback = calendar.fallback_reason(plan_year)
    if fallback:
        found.append(fallback)
    default_noted = False
    for item in (found_item for top in items for found_item in top.walk()):
        if item.deadline is None or calendar.is_workday(item.deadline):
            pass
        elif item.deadline_phrase:
            found.append(
                f"「{item.title}」的完成时限 {item.deadline.isoformat()}（{item.deadline_phrase}）"
                f"是非工作日（{_day_note(item.deadline)}），已按原文保留，请确认。"
            )
        elif not default_noted:
            default_noted = True
            found.append(
                f"默认完成时限 {item.deadline.isoformat()} 是非工作日（{_day_note(item.deadline)}），请确认。"
            )
        if item.milestone and not item.children:
            found.append(
                f"「{item.title}」中的“{item.milestone}”是其中一句所说事项的时间节点，"
                f"整项按 {plan_year} 年底完成，请确认。"
            )
        if not item.children and not item.lead_units:
            found.append(f"「{item.title}」未能确定责任单位，请在审核时指定。")
    return list(dict.fromkeys(found))


def _actionable(items: list[ParsedItem]) -> bool:
    return any(ACTION_VERBS.search(item.text) for item in items)


def parse_source(
    source: SourceDocument, *, plan_year: int | None = None, owner_keywords: OwnerKeywords | None = None
) -> ParsedPlan:
    text = source.text
    lines = split_lines(text)
    tables = list(source.tables) or text_tables(text, lines)
    masked = sorted(table.span for table in tables)
    title_span, title = _title(lines)
    kind = _kind(title)
    provisional = _provisional_year(plan_year, title, kind, lines, source.name)
    skip = {line.start for line in lines if title_span[0] <= line.start < title_span[1]}
    headings = [h for h in find_headings(text, lines, masked, provisional) if h.start not in skip]
    doc = DocView(text, lines, headings, masked, title_span, provisional)
    check_time()
    layout = locate(doc, whole=kind == "plan")
    fragment = layout is None
    if layout is None:
        if kind in ("report", "mixed") or _looks_like_report(doc):
            raise PlanInputError(NO_PLAN_MESSAGE, detail="no plan heading, lead-in or plan title")
        layout = locate(doc, whole=True)
        assert layout is not None
    warnings: list[str] = []
    year = _final_year(plan_year, layout, provisional, text, warnings)
    source_outline = OutlineSource(text, tables, masked)
    check_time()
    nodes, left_out = drop_frame(text, itemize(source_outline, *layout.body), year, layout.whole)
    prune(nodes)
    end_last_item(text, nodes, lines)
    region = layout.region
    last_end = nodes[-1].end if nodes else layout.section[1]
    annexes = annex_items(source_outline, lines, nodes[-1].end, len(text), year) if nodes else []
    if annexes:  # the plan goes on in an annex after the report's closing words
        nodes += annexes
        region = (region[0], len(text))
    check_time()
    keywords = owner_keywords or OwnerKeywords.load()
    items = [build_item(text, node, year, keywords) for node in nodes]
    if not items or (fragment and not _actionable(items)):
        message = NO_PLAN_MESSAGE if fragment else NO_ITEMS_MESSAGE.format(heading=layout.heading or title)
        raise PlanInputError(message, detail=f"no items in {layout.body}")
    # A report's plan part ends with its last item: the closing words, words after the list and an
    # annex after the closing are outside it (listed in `skipped`, the annex as an item of its own).
    section = (layout.section[0], max(layout.section[1], last_end) if layout.whole else last_end)
    hints = [*left_out, *_hints(text, layout, tables)]
    skipped = account(text, region, covered(text, nodes), hints, plan_end=last_end)
    return ParsedPlan(
        plan_year=year,
        title=title or layout.heading or f"{year}年度工作计划",
        section_heading=layout.heading,
        section_span=section,
        items=items,
        baselines=find_baselines(text, layout.record, year),
        shortcomings=find_shortcomings(source_outline, layout.problems),
        warnings=warnings + cut_short(text, items, region[1]) + _warnings(items, year),
        text=text,
        skipped=skipped,
    )


def _hints(text: str, layout: Layout, tables: list[SourceTable]) -> list[tuple[tuple[int, int], str]]:
    """Reasons known from the layout: the plan's heading, and the header rows of task tables."""
    hints = []
    if layout.heading and not layout.whole:
        hints.append(((layout.section[0], layout.body[0]), HEADING))
    elif layout.whole and layout.body[0] > layout.section[0]:
        hints.append(((layout.section[0], layout.body[0]), "文件标题"))
    for table in tables:
        if table.rows:
            header = table.rows[0]
            hints.append(((header[0][0], header[-1][1]), "任务表的表头"))
    return hints


def parse_document(
    data: bytes,
    filename: str | None = None,
    *,
    plan_year: int | None = None,
    owner_keywords: OwnerKeywords | None = None,
    seconds: float = PARSE_SECONDS,
) -> ParsedPlan:
    """Parse a plan document (.txt in UTF-8/GB18030/UTF-16, or .docx); PlanInputError if it is no plan
    or takes longer than `seconds` to read."""
    with time_limit(seconds), reading_one_document():
        source = read_document(data, filename)
        return parse_source(source, plan_year=plan_year, owner_keywords=owner_keywords)


def parse_text(
    text: str, *, plan_year: int | None = None, owner_keywords: OwnerKeywords | None = None
) -> ParsedPlan:
    """Parse text already decoded (pasted into the review page)."""
    if not text.strip():
        raise PlanInputError("没有输入任何文字。")
    with time_limit(), reading_one_document():
        return parse_source(
            SourceDocument(prepare_text(text)), plan_year=plan_year, owner_keywords=owner_keywords
        )
