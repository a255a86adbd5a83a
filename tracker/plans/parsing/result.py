"""What the parser returns: plain values, and `to_dict()` giving the JSON documented in
`docs/plan-format.md` (stable: the CLI, the API and the review page all speak it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.plans.parsing.accounting import SkippedSpan

Span = tuple[int, int]


@dataclass(frozen=True)
class Recurrence:
    """Work that comes due again and again (每月, 每季度, 每学期…) or ongoing work with check-ins."""

    every: str
    """"week", "month", "quarter", "term", "half_year" or "year"."""
    due: tuple[date, ...]
    """Every due date inside the plan year, so no consumer has to recompute the calendar."""
    check_in: bool = False
    """True for ongoing work (长期坚持, 常态化): the dates are progress check-ins, not deliverables."""

    def to_dict(self) -> dict[str, Any]:
        return {"every": self.every, "due": [day.isoformat() for day in self.due], "check_in": self.check_in}


@dataclass
class ParsedItem:
    """One arrangement of the plan (一是…, （二）…, a table row) or one action or area split out of it."""

    marker: str | None
    title: str
    text: str
    span: Span
    category: str
    lead_units: list[str] = field(default_factory=list)
    support_units: list[str] = field(default_factory=list)
    owners_suggested: bool = False
    deadline: date | None = None
    deadline_phrase: str | None = None
    recurrence: Recurrence | None = None
    ongoing: bool = False
    children: list[ParsedItem] = field(default_factory=list)
    milestone: str | None = None
    """A date phrase one later sentence of a long item names (上半年): that sentence's milestone, not
    the item's deadline; only warned about (not part of the JSON)."""

    @property
    def deadline_suggested(self) -> bool:
        """The deadline is the plan year's end by default, not something the text said."""
        return self.deadline is not None and self.deadline_phrase is None

    def walk(self) -> list[ParsedItem]:
        """This item and all below it, depth-first (the order of `PlanItem.position`)."""
        found = [self]
        for child in self.children:
            found.extend(child.walk())
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "title": self.title,
            "text": self.text,
            "span": list(self.span),
            "category": self.category,
            "lead_units": list(self.lead_units),
            "support_units": list(self.support_units),
            "owners_suggested": self.owners_suggested,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_phrase": self.deadline_phrase,
            "recurrence": self.recurrence.to_dict() if self.recurrence else None,
            "ongoing": self.ongoing,
            "children": [child.to_dict() for child in self.children],
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class ParsedBaseline:
    """A figure the report gives for its year: 32名法律明白人, 10余场, 97.9%."""

    name: str
    value: Decimal
    qualifier: str | None
    unit: str
    year: int | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _number(self.value),
            "qualifier": self.qualifier,
            "unit": self.unit,
            "year": self.year,
            "span": list(self.span),
        }


@dataclass(frozen=True)
class ParsedShortcoming:
    """One named problem from the report's 存在的问题/不足 part."""

    text: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass
class ParsedPlan:
    plan_year: int
    title: str
    section_heading: str | None
    section_span: Span
    items: list[ParsedItem]
    baselines: list[ParsedBaseline]
    shortcomings: list[ParsedShortcoming]
    warnings: list[str]
    text: str
    """The decoded, look-alike-mapped document text that every span indexes into."""
    skipped: list[SkippedSpan] = field(default_factory=list)
    """Every stretch of the plan part that no item holds, with the reason (see `accounting`)."""

    def all_items(self) -> list[ParsedItem]:
        found: list[ParsedItem] = []
        for item in self.items:
            found.extend(item.walk())
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_year": self.plan_year,
            "title": self.title,
            "plan_section": {"heading": self.section_heading, "span": list(self.section_span)},
            "items": [item.to_dict() for item in self.items],
            "baselines": [baseline.to_dict() for baseline in self.baselines],
            "shortcomings": [shortcoming.to_dict() for shortcoming in self.shortcomings],
            "warnings": list(self.warnings),
            "skipped": [skipped.to_dict() for skipped in self.skipped],
        }
