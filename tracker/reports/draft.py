"""The composed draft: sections, parts, paragraphs and sentences, every sentence with the records it
came from. Renderers (preview, Markdown, .docx) only lay this structure out; they decide no wording.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

GAP_MARK = "【待补充："


class SourceRef(NamedTuple):
    """A pointer to one record: `kind` is `plan`, `item`, `task`, `entry`, `increment`, `indicator`,
    `extension`, `evidence`, `shortcoming` or `duty`. A named tuple: a year's draft hashes tens of
    thousands of them."""

    kind: str
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, token: str) -> SourceRef:
        kind, _, number = token.partition(":")
        return cls(kind, int(number))


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What a person sees when they click a sentence: a label, an excerpt and where to look."""

    ref: SourceRef
    label: str
    detail: str = ""
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    sources: tuple[SourceRef, ...] = ()

    @property
    def is_gap(self) -> bool:
        """A 【待补充：…】 marker: the records do not hold what belongs here."""
        return GAP_MARK in self.text


@dataclass(frozen=True, slots=True)
class Paragraph:
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return "".join(sentence.text for sentence in self.sentences)


@dataclass(frozen=True, slots=True)
class Part:
    """One plan item's share of a section.

    `level` 0 is a run-in part (一是…, written inside the paragraph); 2 and 3 are headed parts
    ((（一）…) and (1. …)) whose `heading` stands on its own line, as GB/T 9704 levels 2 and 3.
    """

    key: str
    marker: str
    level: int
    paragraphs: tuple[Paragraph, ...]
    heading: Sentence | None = None
    item_id: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    number: str
    """The level-1 marker, such as 一、."""
    heading: Sentence
    intro: tuple[Paragraph, ...] = ()
    parts: tuple[Part, ...] = ()
    closing: tuple[Paragraph, ...] = ()
    """Paragraphs after the parts (the causes after 存在的不足)."""

    def paragraphs(self) -> Iterator[Paragraph]:
        yield from self.intro
        for part in self.parts:
            yield from part.paragraphs
        yield from self.closing


@dataclass(frozen=True, slots=True)
class AnnexRow:
    """One task in 附件：年度任务完成情况一览表: per-task detail that the prose leaves out."""

    task_id: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Annex:
    title: str
    columns: tuple[str, ...]
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    year: int
    title: Sentence
    opening: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    sources: Mapping[SourceRef, SourceInfo] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    annex: Annex | None = None
    issuer: str = ""
    """The town the report is of (上义镇): the document's author."""

    def sentences(self) -> Iterator[Sentence]:
        """Every sentence of the draft in reading order, headings included."""
        yield self.title
        for paragraph in self.opening:
            yield from paragraph.sentences
        for section in self.sections:
            yield section.heading
            for paragraph in section.intro:
                yield from paragraph.sentences
            for part in section.parts:
                if part.heading is not None:
                    yield part.heading
                for paragraph in part.paragraphs:
                    yield from paragraph.sentences
            for paragraph in section.closing:
                yield from paragraph.sentences

    @property
    def gaps(self) -> tuple[str, ...]:
        """Every 【待补充：…】 marker, in reading order: counted on the preview and by the CLI."""
        return tuple(sentence.text for sentence in self.sentences() if sentence.is_gap)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)
