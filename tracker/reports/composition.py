"""Composing the annual report draft: plain records in, a structured draft out.

`compose_draft` is pure: it reads `YearRecords` only, so the web preview, the Celery task, the CLI and
the tests all get the same draft from the same records. Its sections follow the outline the 2019
rules give the annual report: 一、主要举措和成效 (`achievements`), 二、党政主要负责人履行推进法治建设
第一责任人职责情况 (`duty`), 三、存在的不足和原因 (`problems`), 四、下一年度主要安排
(`arrangements`), 五、其他需要报告的情况 (`other`), then the annex table of every task. The wording
of every sentence comes from the sentence patterns in `tracker.reports.patterns`.
"""

from __future__ import annotations

import re

from tracker.reports.achievements import compose_achievements
from tracker.reports.annex import compose_annex
from tracker.reports.arrangements import compose_arrangements
from tracker.reports.citing import citations, cite, one_sentence, sentences_text, split_paragraphs
from tracker.reports.draft import Draft, Sentence, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.numbering import plan_numbering
from tracker.reports.patterns import Patterns
from tracker.reports.problems import compose_problems
from tracker.reports.records import YearRecords
from tracker.reports.register_sections import compose_duties, compose_other
from tracker.reports.relating import relate_shortcomings
from tracker.reports.sources import describe_sources
from tracker.reports.views import scope_of

DRAFT_MARK = "（草稿）"
_ISSUER = re.compile(r"^\s*(\S*?(?:镇|乡|街道|县|区|市|政府|办事处))\s*(?:\d{4}|[〇零一二三四五六七八九]{4})")


def issuer_of(plan_title: str) -> str:
    """The town the plan belongs to, when its title starts with it (上义镇2025年… → 上义镇)."""
    match = _ISSUER.match(plan_title)
    return match.group(1) if match else ""


def compose_draft(records: YearRecords, patterns: Patterns | None = None) -> Draft:
    with citations():
        return _compose(records, patterns or Patterns())


def _compose(records: YearRecords, patterns: Patterns) -> Draft:
    index = YearIndex(records)
    plan_ref = SourceRef("plan", records.plan.id)
    year = cite(records.plan.year, plan_ref)
    issuer = issuer_of(records.plan.title)
    cited_issuer = cite(issuer, plan_ref) if issuer else None
    warnings: list[str] = list(patterns.refused)
    named = one_sentence(patterns.fill("title", 单位=cited_issuer, 年度=year))
    title = Sentence(named.text + DRAFT_MARK, named.sources)
    opening = split_paragraphs(sentences_text([patterns.fill("opening", 单位=cited_issuer, 年度=year)]))
    related = relate_shortcomings(index)
    numbering = plan_numbering(item.marker for item in index.top_items)
    sections = (
        compose_achievements(index, patterns, numbering, related, scope_of(issuer), warnings),
        compose_duties(index, patterns),
        compose_problems(index, patterns, related),
        compose_arrangements(index, patterns, issuer, related),
        compose_other(index, patterns),
    )
    draft = Draft(records.plan.year, title, opening, sections, annex=compose_annex(index))
    unsourced = [sentence.text for sentence in draft.sentences() if not sentence.sources]
    warnings.extend(f"这句话没有记录来源，请检查句式：{text}" for text in unsourced)
    refs = {ref for sentence in draft.sentences() for ref in sentence.sources}
    return Draft(
        records.plan.year,
        title,
        opening,
        sections,
        describe_sources(index, refs),
        tuple(dict.fromkeys(warnings)),
        draft.annex,
        issuer,
    )
