"""The plan part as a tree of items: by its enumeration markers, its task tables, or, when it has
neither, its paragraphs (or the ；-separated runs of its one paragraph); then each item's own actions
or areas as children. Three levels at most (一、 section → （一） item → action), the depth people track.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.plans.parsing.actions import split_item, title_of
from tracker.plans.parsing.docx_reading import SourceTable
from tracker.plans.parsing.headings import classify
from tracker.plans.parsing.lines import is_noise, line_end, split_lines, trim
from tracker.plans.parsing.markers import Marker, MarkerIndex, outermost
from tracker.plans.parsing.tables import TableEntry, table_entries

MAX_DEPTH = 3
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
        nodes.append(Node(start, end, marker.text.strip(" \t\u3000"), "marked"))
    return nodes


def _from_entry(source: OutlineSource, entry: TableEntry, depth: int) -> Node:
    node = Node(
        entry.span[0], entry.span[1], entry.marker, entry.kind, entry.title, entry.cells, entry.detail
    )
    if entry.children:
        node.children = [_from_entry(source, child, depth + 1) for child in entry.children]
    elif entry.detail is not None:
        _fill(source, node, depth)
    return node


def _fill(source: OutlineSource, node: Node, depth: int, exclude: frozenset[str] = frozenset()) -> None:
    """Give a node its children: sub-items by markers or tables, else its actions or areas."""
    if depth >= MAX_DEPTH:
        return
    start, end = node.content or (node.start, node.end)
    node.children = itemize(source, start, end, depth + 1, exclude)
    if node.children:
        return
    for piece in split_item(source.text, start, end):
        child = Node(piece.start, piece.end, None, piece.kind, piece.title)
        if piece.kind == "action":
            _fill(source, child, depth + 1, exclude)
        node.children.append(child)


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


def _is_frame(title: str, plan_year: int | None, whole: bool) -> bool:
    kind = classify(title, plan_year).kind
    if kind == "context":
        return True
    # Only a whole plan document carries its record or problems as parts of its own (一、2025年工作回顾).
    return whole and kind in _RECORD_KINDS and len(title) <= _FRAME_TITLE_MAX


def drop_frame(text: str, nodes: list[Node], plan_year: int | None, whole: bool) -> list[Node]:
    """Leave out the frame of a plan (指导思想, 保障措施) and, in a whole plan document, the parts about
    last year or its problems; a lone remaining part such as 二、主要任务 gives way to its tasks."""
    kept = [node for node in nodes if not _is_frame(node.heading(text), plan_year, whole)]
    if not kept:
        return nodes
    if len(kept) == 1 and len(nodes) > 1 and kept[0].children and kept[0].kind in ("marked", "group"):
        return kept[0].children
    return kept
