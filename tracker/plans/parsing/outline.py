"""The plan part as a tree of items: by its enumeration markers, its task tables, or, when it has
neither, its paragraphs (or the ；-separated runs of its one paragraph). Below a numbered item, in this
order: its own numbered sub-items; the paragraphs it holds that are led by a title sentence (强化企业
创新主体地位。…); the tasks it closes with owners' notes one by one (…（省财政厅牵头）。…（省大数据局
牵头）。); else, only for an item without a title sentence, its actions or areas (the seed's 三是 and
二是). An item with a title sentence is one piece of work: the sentences that describe it are not
tasks of their own. Three levels at most (一、 section → （一） item → action), the depth people track.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.plans.parsing.actions import (
    ACTION_VERBS,
    area_pieces,
    owner_groups,
    sentence_title,
    split_item,
    title_led,
    title_of,
    title_sentence,
)
from tracker.plans.parsing.docx_reading import SourceTable
from tracker.plans.parsing.headings import classify
from tracker.plans.parsing.limits import check_time
from tracker.plans.parsing.lines import is_noise, line_end, split_lines, trim
from tracker.plans.parsing.markers import Marker, MarkerIndex, outermost
from tracker.plans.parsing.tables import TableEntry, table_entries

MAX_DEPTH = 4
"""Read one level deeper than kept (`KEPT_DEPTH`), since a lone part such as 二、主要任务 gives way to
its sections and everything moves up a level."""
KEPT_DEPTH = 3
Span = tuple[int, int]
_PREAMBLE = re.compile(
    r"[：:]$|以下|如下|^(?:为|根据|按照|依据).*(?:制定|特制定|结合|现将|如下)|^[（(][^）)]*[）)]$"
)
_SEPARATORS = " \t\u3000\n；;，,、"
"""What joins inline items (一是…；二是…) and belongs to neither."""
_RECORD_KINDS = ("retro", "problem", "combined")
_FRAME_TITLE_MAX = 20


@dataclass
class Node:
    start: int
    end: int
    marker: str | None
    kind: str
    """"marked", "paragraph", "action", "area", "row" or "group"."""
    title: str | None = None
    """Set when the title is not read from the text (table cells, area names)."""
    cells: dict[str, str] = field(default_factory=dict)
    """A table row's owner and deadline cells."""
    content: Span | None = None
    """Where the item's description is, when that is not all of [start, end) (a table row)."""
    children: list[Node] = field(default_factory=list)
    marker_start: int | None = None
    """Where its marker is written (the marker belongs to the item, though its text starts after it)."""
    in_table: bool = False
    """Read from a task table: its row is a line of cells."""
    line_start: bool = False
    """Its marker starts a line (（一）, 1.), as a document's outline does, not a run inside a paragraph."""

    def heading(self, text: str) -> str:
        return self.title or title_of(text[self.start : self.end])


@dataclass(frozen=True)
class OutlineSource:
    text: str
    tables: list[SourceTable]
    masked: list[Span]
    markers: MarkerIndex = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "markers", MarkerIndex(self.text))


def segments(text: str, markers: list[Marker], hi: int) -> list[Node]:
    nodes = []
    for index, marker in enumerate(markers):
        if index + 1 < len(markers):
            end = markers[index + 1].start
        else:
            end = min(line_end(text, marker.start), hi) if marker.inline else hi
        start, end = trim(text, marker.end, end)
        end = trim(text, start, end, _SEPARATORS)[1]
        node = Node(start, end, marker.text.strip(" \t\u3000"), "marked")
        node.line_start = marker.at_line_start and not marker.inline
        node.marker_start = marker.start
        nodes.append(node)
    return nodes


def _from_entry(source: OutlineSource, entry: TableEntry, depth: int) -> Node:
    node = Node(
        entry.span[0], entry.span[1], entry.marker, entry.kind, entry.title, entry.cells, entry.detail
    )
    node.in_table = True
    if entry.children:
        node.children = [_from_entry(source, child, depth + 1) for child in entry.children]
    elif entry.detail is not None:
        _fill(source, node, depth)
    return node


def _fill(source: OutlineSource, node: Node, depth: int, exclude: frozenset[str] = frozenset()) -> None:
    """Give a node its children (see the module's docstring for the order of the rules)."""
    check_time()
    if depth >= MAX_DEPTH:
        return
    text = source.text
    start, end = node.content or (node.start, node.end)
    node.children = itemize(source, start, end, depth + 1, exclude)
    own_end = _first_marker(node.children) if node.children else end
    titled = None
    if node.kind == "marked":
        titled = title_sentence(text, start, own_end, node.line_start, bool(node.children))
    if titled is not None and node.title is None:
        node.title = sentence_title(text[titled[0] : titled[1]])
    if node.children:
        return
    body = titled[1] if titled else start
    paragraphs = [line for line in split_lines(text, body, end) if title_led(text, line.start, line.end)]
    if len(paragraphs) >= 2:
        node.children = [Node(line.start, line.end, None, "paragraph") for line in paragraphs]
        for child in node.children:
            child.title = title_of(text[child.start : child.end])
        return
    groups = owner_groups(text, body, end)
    if groups:
        node.children = [Node(a, b, None, "action") for a, b in groups]
        return
    pieces = (
        area_pieces(text, body, end)
        if titled is not None
        else split_item(text, start, end, clauses_too=node.kind != "marked")
    )
    for piece in pieces:
        child = Node(piece.start, piece.end, None, piece.kind, piece.title)
        if piece.kind == "action":
            _fill(source, child, depth + 1, exclude)
        node.children.append(child)


def _first_marker(children: list[Node]) -> int:
    first = children[0]
    return first.marker_start if first.marker_start is not None else first.start


def _unnumbered(source: OutlineSource, lo: int, hi: int) -> list[Node]:
    paragraphs = [
        line
        for line in split_lines(source.text, lo, hi)
        if not is_noise(line.text) and all(not a <= line.start < b for a, b in source.masked)
    ]
    while paragraphs and _PREAMBLE.search(paragraphs[0].text):
        paragraphs.pop(0)
    if not paragraphs:
        return []
    if len(paragraphs) == 1:
        line = paragraphs[0]
        pieces = split_item(source.text, line.start, line.end)
        nodes = [Node(piece.start, piece.end, None, "paragraph", piece.title) for piece in pieces] or [
            Node(line.start, line.end, None, "paragraph")
        ]
    else:
        nodes = [Node(line.start, line.end, None, "paragraph") for line in paragraphs]
    for node in nodes:
        _fill(source, node, 1)
    return nodes


def itemize(
    source: OutlineSource, lo: int, hi: int, depth: int = 1, exclude: frozenset[str] = frozenset()
) -> list[Node]:
    """The items of text[lo:hi] at `depth` (1 = the plan's top level)."""
    masked = [span for span in source.masked if not (span[0] <= lo and hi <= span[1])]
    markers = outermost(source.markers.within(lo, hi, masked), exclude)
    if markers:
        nodes = segments(source.text, markers, hi)
        for node in nodes:
            _fill(source, node, depth, exclude | {markers[0].family})
        return nodes
    entries = [
        entry
        for table in source.tables
        if lo <= table.span[0] < hi
        for entry in table_entries(source.text, table)
    ]
    if entries:
        return [_from_entry(source, entry, depth) for entry in entries]
    return _unnumbered(source, lo, hi) if depth == 1 else []


FRAME_REASON = "计划的框架（指导思想、总体要求、工作目标、保障措施等），不是具体任务"
RECORD_REASON = "上一年度的工作回顾或存在的问题，不是计划事项"
PART_HEADING_REASON = "小标题：其下各项已分别作为事项"


def _frame_reason(text: str, node: Node, plan_year: int | None, whole: bool) -> str | None:
    """Why a part of the plan is no task, or None. Only a heading can be frame: a 一是 run inside a
    paragraph, or an item that starts with what to do (做好财务收支情况公开), is always work."""
    title = node.heading(text)
    if node.kind not in ("marked", "group") or (not node.line_start and node.kind == "marked"):
        return None
    kind = classify(title, plan_year).kind
    if kind == "context":
        return FRAME_REASON
    # Only a whole plan document carries its record or problems as parts of its own (一、2025年工作回顾).
    if whole and kind in _RECORD_KINDS and len(title) <= _FRAME_TITLE_MAX and not ACTION_VERBS.match(title):
        return RECORD_REASON
    return None


def drop_frame(
    text: str, nodes: list[Node], plan_year: int | None, whole: bool
) -> tuple[list[Node], list[tuple[Span, str]]]:
    """Leave out the frame of a plan (指导思想, 保障措施) and, in a whole plan document, the parts about
    last year or its problems; a lone remaining part such as 二、主要任务 gives way to its tasks. Returns
    the items and, for each stretch left out, why."""
    reasons = [_frame_reason(text, node, plan_year, whole) for node in nodes]
    kept = [node for node, reason in zip(nodes, reasons, strict=True) if reason is None]
    left_out = [((node.start, node.end), r) for node, r in zip(nodes, reasons, strict=True) if r]
    if not kept:
        return nodes, []
    if len(kept) == 1 and len(nodes) > 1 and kept[0].children and kept[0].kind in ("marked", "group"):
        part = kept[0]
        return part.children, [*left_out, ((part.start, part.children[0].start), PART_HEADING_REASON)]
    return kept, left_out


def covered(text: str, nodes: list[Node]) -> list[Span]:
    """What the items hold, for accounting: each item's span with its marker, and a table row's whole
    line (its 序号 cell and the tabs between cells)."""
    spans = []
    for node in nodes:
        start = node.marker_start if node.marker_start is not None else node.start
        if node.in_table:
            spans.append((text.rfind("\n", 0, start) + 1, line_end(text, node.end)))
        else:
            spans.append((start, node.end))
    return spans


def prune(nodes: list[Node], depth: int = 1) -> None:
    """Keep three levels; what lies deeper stays in the text of its level-3 item."""
    for node in nodes:
        if depth >= KEPT_DEPTH:
            node.children = []
        else:
            prune(node.children, depth + 1)
