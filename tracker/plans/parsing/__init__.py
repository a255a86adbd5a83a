"""The plan parser: a report's next-year arrangements (or a plan document) → items with owners and
deadlines, last year's figures and the named shortcomings. Pure Python; see docs/plan-format.md."""

from tracker.plans.parsing.categories import CATEGORIES
from tracker.plans.parsing.document import parse_document, parse_source, parse_text
from tracker.plans.parsing.owners import OwnerKeywords
from tracker.plans.parsing.reading import MAX_DOCUMENT_BYTES
from tracker.plans.parsing.result import ParsedBaseline, ParsedItem, ParsedPlan, ParsedShortcoming, Recurrence

__all__ = [
    "CATEGORIES",
    "MAX_DOCUMENT_BYTES",
    "OwnerKeywords",
    "ParsedBaseline",
    "ParsedItem",
    "ParsedPlan",
    "ParsedShortcoming",
    "Recurrence",
    "parse_document",
    "parse_source",
    "parse_text",
]
