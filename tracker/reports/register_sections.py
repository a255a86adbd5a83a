"""二、党政主要负责人履行推进法治建设第一责任人职责情况 and 五、其他需要报告的情况, both from the
coordinator's register (`tracker.duties`): one run-in part per kind of duty (一是带头尊法学法…), each
line with its date; the other matters one sentence each. A section without any line is a visible
【待补充】 marker saying where to record it."""

from __future__ import annotations

from tracker.duties.models import DutyKind
from tracker.reports.citing import cite, clause, gap, sentences_text, split_paragraphs
from tracker.reports.draft import Section, SourceRef
from tracker.reports.figures import chinese_month_day
from tracker.reports.index import YearIndex
from tracker.reports.patterns import Patterns, heading_sentence
from tracker.reports.views import run_in_parts

DUTY_ORDER = (
    DutyKind.STUDY,
    DutyKind.RESEARCH,
    DutyKind.STATEMENT,
    DutyKind.INSPECTION,
    DutyKind.OTHER_DUTY,
)


def _line(text: str, held_on_text: str, ref: SourceRef) -> str:
    return cite(f"{held_on_text}，{clause(text)}", ref)


def compose_duties(index: YearIndex, patterns: Patterns) -> Section:
    heading = heading_sentence(patterns, "heading.duty", SourceRef("plan", index.plan.id))
    bodies = []
    for kind in DUTY_ORDER:
        lines = [line for line in index.records.duties if line.kind == kind.value]
        if not lines:
            continue
        refs = [SourceRef("duty", line.id) for line in lines]
        said = "；".join(
            _line(line.text, chinese_month_day(line.held_on), ref)
            for line, ref in zip(lines, refs, strict=True)
        )
        body = patterns.fill(f"duty.{kind.value}", 事项=said, 次数=cite(len(lines), *refs))
        bodies.append((f"duty-{kind.value}", None, sentences_text([body])))
    if bodies:
        return Section("duty", "二、", heading, (), run_in_parts(bodies))
    missing = gap(
        "党政主要负责人履行推进法治建设第一责任人职责的情况（请在“第一责任人履职登记”中登记常务会议学法、专题研究、述法、督察等事项）",
        SourceRef("plan", index.plan.id),
    )
    return Section("duty", "二、", heading, split_paragraphs(missing), ())


def compose_other(index: YearIndex, patterns: Patterns) -> Section:
    heading = heading_sentence(patterns, "heading.other", SourceRef("plan", index.plan.id))
    lines = [line for line in index.records.duties if line.kind == DutyKind.OTHER_MATTER.value]
    if lines:
        body = sentences_text([cite(line.text, SourceRef("duty", line.id)) for line in lines])
    else:
        body = gap(
            "其他需要报告的情况；没有的，请在“第一责任人履职登记”中登记一条“无其他需要报告的情况”",
            SourceRef("plan", index.plan.id),
        )
    return Section("other", "五、", heading, split_paragraphs(body), ())
