"""Plans as plain text for the terminal: the outline with units and timing, the figures, the problems.

The same lines serve `tracker plan parse --format text` (a parse result) and `tracker plan show` (a
stored plan), so both read alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Protocol

from tracker.plans.models import Plan, PlanItem
from tracker.plans.parsing import ParsedItem, ParsedPlan

EXCERPT_CHARS = 40
EVERY = {
    "week": "每周",
    "month": "每月",
    "quarter": "每季度",
    "term": "每学期",
    "half_year": "每半年",
    "year": "每年",
}


class OutlineItem(Protocol):
    marker: str | None
    title: str
    category: str | None
    lead_units: list[str]
    support_units: list[str]
    owners_suggested: bool
    deadline: date | None
    deadline_phrase: str | None
    ongoing: bool


def _every(recurrence: Any) -> str | None:
    if recurrence is None:
        return None
    every = recurrence["every"] if isinstance(recurrence, dict) else recurrence.every
    return EVERY.get(every, every)


def timing_words(item: OutlineItem, recurrence: Any) -> str:
    if item.ongoing:
        return f"长期（{item.deadline_phrase}，每季度检查）"
    every = _every(recurrence)
    if every:
        return f"{every}（{item.deadline_phrase or every}）"
    if item.deadline is None:
        return "未定"
    said = f"，{item.deadline_phrase}" if item.deadline_phrase else "，默认"
    return f"{item.deadline.isoformat()}{said}"


def owner_words(item: OutlineItem) -> str:
    if not item.lead_units:
        return "责任单位待定"
    words = "牵头：" + "、".join(item.lead_units)
    if item.support_units:
        words += "；配合：" + "、".join(item.support_units)
    return words + ("（建议）" if item.owners_suggested else "")


def item_line(item: OutlineItem, recurrence: Any, depth: int) -> str:
    marker = f"{item.marker} " if item.marker else "- "
    return (
        f"{'  ' * depth}{marker}{item.title}  [{item.category or '其他'}] {owner_words(item)}；"
        f"时限：{timing_words(item, recurrence)}"
    )


def _outline(items: Sequence[ParsedItem] | Sequence[PlanItem], depth: int = 1) -> Iterator[str]:
    for item in items:
        yield item_line(item, item.recurrence, depth)
        yield from _outline(item.children, depth + 1)


def _figure(name: str, value: Any, qualifier: str | None, unit: str, year: int | None) -> str:
    number = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return f"  {name}：{number}{qualifier or ''}{unit}" + (f"（{year}年）" if year else "")


def skipped_lines(text: str, skipped: Sequence[tuple[Sequence[int], str]]) -> list[str]:
    """The stretches of the plan part that are no item, each with its reason and first words."""
    if not skipped:
        return []
    lines = ["未作为事项的文字（请核对是否遗漏）："]
    for (start, end), reason in skipped:
        words = " ".join(text[start:end].split())
        excerpt = words if len(words) <= EXCERPT_CHARS else words[: EXCERPT_CHARS - 1] + "…"
        lines.append(f"  [{start}–{end}] {reason}：{excerpt}")
    return lines


def plan_skipped(plan: ParsedPlan | Plan) -> list[tuple[Sequence[int], str]]:
    if isinstance(plan, ParsedPlan):
        return [(skipped.span, skipped.reason) for skipped in plan.skipped]
    return [(entry["span"], entry["reason"]) for entry in plan.skipped or []]


def notes_lines(plan: ParsedPlan | Plan) -> list[str]:
    """What a reader must look at: the skipped stretches and the warnings."""
    text = plan.text if isinstance(plan, ParsedPlan) else plan.source_text
    lines = skipped_lines(text, plan_skipped(plan))
    if plan.warnings:
        lines += ["提示：", *(f"  {warning}" for warning in plan.warnings)]
    return lines


def _lines(heading: str | None, outline: Iterator[str], plan: ParsedPlan | Plan) -> list[str]:
    """What a parse result and a stored plan both show: the outline, the figures, the problems, then
    the text left out and the warnings."""
    lines = [
        f"计划部分：{heading or '（全文）'}",
        "事项：",
        *outline,
        "上年度数据（基线）：",
        *(_figure(b.name, b.value, b.qualifier, b.unit, b.year) for b in plan.baselines),
        "问题短板：",
        *(f"  {index}. {s.text}" for index, s in enumerate(plan.shortcomings, start=1)),
    ]
    return lines + notes_lines(plan)


def parsed_plan_text(parsed: ParsedPlan) -> str:
    header = [f"计划年度：{parsed.plan_year}", f"标题：{parsed.title}"]
    return "\n".join(header + _lines(parsed.section_heading, _outline(parsed.items), parsed))


def stored_plan_text(plan: Plan) -> str:
    status = "已确认" if plan.status.value == "confirmed" else "草稿（待审核）"
    header = [
        f"计划 #{plan.id}：{plan.title}",
        f"年度：{plan.year}    状态：{status}    来源文件：{plan.source_filename}",
    ]
    return "\n".join(header + _lines(plan.section_heading, _outline(plan.top_items), plan))
