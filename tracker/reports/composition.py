"""Composing the annual report draft: plain records in, a structured draft out.

`compose_draft` is pure: it reads `YearRecords` only, so the web preview, the Celery task, the CLI and
the tests all get the same draft from the same records. Its sections are 主要举措和成效
(`achievements`), 存在的问题 (`problems`) and 下一年度主要安排 (`arrangements`); the wording of every
sentence comes from the templates in `tracker.reports.wording`.
"""

from __future__ import annotations

import re

from tracker.reports.achievements import compose_achievements
from tracker.reports.arrangements import compose_arrangements
from tracker.reports.citing import cite, one_sentence, split_paragraphs
from tracker.reports.draft import Draft, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.numbering import plan_numbering
from tracker.reports.problems import compose_problems
from tracker.reports.records import YearRecords
from tracker.reports.sources import describe_sources
from tracker.reports.tally import cited_count, task_refs
from tracker.reports.wording import Wording

_ISSUER = re.compile(r"^\s*(\S*?(?:镇|乡|街道|县|区|市|政府|办事处))\s*(?:\d{4}|[〇零一二三四五六七八九]{4})")


def issuer_of(plan_title: str) -> str:
    """The town the plan belongs to, when its title starts with it (上义镇2025年… → 上义镇)."""
    match = _ISSUER.match(plan_title)
    return match.group(1) if match else ""


def compose_draft(records: YearRecords, wording: Wording | None = None) -> Draft:
    wording = wording or Wording()
    index = YearIndex(records)
    plan_ref = SourceRef("plan", records.plan.id)
    year = cite(records.plan.year, plan_ref)
    issuer = cite(issuer_of(records.plan.title), plan_ref) if issuer_of(records.plan.title) else ""
    warnings: list[str] = []
    title = one_sentence(wording.render("title", issuer=issuer, year=year))
    opening = split_paragraphs(
        wording.render(
            "opening",
            issuer=issuer,
            year=year,
            item_count=cited_count([SourceRef("item", item.id) for item in index.top_items], [plan_ref]),
            task_count=cited_count(task_refs(list(index.tasks.values())), [plan_ref]),
        )
    )
    sections = (
        compose_achievements(
            index, wording, plan_numbering(item.marker for item in index.top_items), warnings
        ),
        compose_problems(index, wording),
        compose_arrangements(index, wording, issuer),
    )
    draft = Draft(records.plan.year, title, opening, sections)
    unsourced = [sentence.text for sentence in draft.sentences() if not sentence.sources]
    warnings.extend(f"这句话没有记录来源，请修改措辞模板：{text}" for text in unsourced)
    refs = {ref for sentence in draft.sentences() for ref in sentence.sources}
    return Draft(records.plan.year, title, opening, sections, describe_sources(index, refs), tuple(warnings))
