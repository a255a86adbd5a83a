"""The draft as Markdown: the title as `#`, sections as `##`, headed parts as `###`/`####`, run-in
parts and prose as plain paragraphs, the annex as a table after 附件：…. Recorded text is escaped so
that a `*` or `#` someone typed into a progress entry stays text."""

from __future__ import annotations

import re

from tracker.reports.draft import Annex, Draft, Paragraph, Part

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START_MARK = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_markdown(text: str, *, starts_line: bool = True) -> str:
    """Text that Markdown shows as written (only punctuation can be backslash-escaped there); a
    heading's text, which follows its `#` marks, needs no escaping of line-start marks."""
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    if not starts_line:
        return text
    text = _LINE_START_MARK.sub(r"\1\\\2", text)
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)


def _paragraphs(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    return [escape_markdown(paragraph.text) for paragraph in paragraphs]


def _part(part: Part) -> list[str]:
    blocks = []
    if part.heading is not None:
        blocks.append("#" * (part.level + 1) + " " + escape_markdown(part.heading.text, starts_line=False))
    return blocks + _paragraphs(part.paragraphs)


def _annex(annex: Annex) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(escape_markdown(cell, starts_line=False) for cell in cells) + " |"

    table = [row(annex.columns), "|" + "---|" * len(annex.columns), *(row(line.cells) for line in annex.rows)]
    return [f"附件：{annex.title}", "\n".join(table)]


def render_markdown(draft: Draft) -> str:
    blocks = ["# " + escape_markdown(draft.title.text, starts_line=False), *_paragraphs(draft.opening)]
    for section in draft.sections:
        blocks.append(f"## {section.number}{escape_markdown(section.heading.text, starts_line=False)}")
        blocks.extend(_paragraphs(section.intro))
        for part in section.parts:
            blocks.extend(_part(part))
        blocks.extend(_paragraphs(section.closing))
    if draft.annex is not None:
        blocks.extend(_annex(draft.annex))
    return "\n\n".join(blocks) + "\n"
