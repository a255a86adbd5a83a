"""The source text as HTML with every extracted item marked at its span, so a reviewer sees where
each item came from. Spans nest (an item holds its actions); a span that would cross another is left
unmarked rather than producing broken markup. All text is escaped; a mark's `note` (markup the
caller built, such as a skipped stretch's reason and button) follows its closing tag."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    item_id: int
    depth: int
    css: str = "item"
    note: Markup | None = None


def highlighted(text: str, marks: list[Mark], lo: int, hi: int) -> Markup:
    """text[lo:hi] with <mark> elements around the spans that lie inside it."""
    inside = sorted(
        (mark for mark in marks if lo <= mark.start < mark.end <= hi),
        key=lambda mark: (mark.start, -mark.end),
    )
    parts: list[str] = []
    open_marks: list[Mark] = []
    cursor = lo

    def move_to(position: int) -> None:
        nonlocal cursor
        parts.append(str(escape(text[cursor:position])))
        cursor = position

    def close() -> None:
        done = open_marks.pop()
        move_to(done.end)
        parts.append("</mark>" + (str(done.note) if done.note else ""))

    for mark in inside:
        while open_marks and open_marks[-1].end <= mark.start:
            close()
        if open_marks and mark.end > open_marks[-1].end:
            continue
        move_to(mark.start)
        parts.append(
            f'<mark class="src-{mark.css} depth-{mark.depth}" id="src-{mark.css}-{mark.item_id}" '
            f'data-{mark.css}="{mark.item_id}">'
        )
        open_marks.append(mark)
    while open_marks:
        close()
    move_to(hi)
    return Markup("".join(parts))
