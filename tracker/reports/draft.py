"""The composed draft: sections, parts, paragraphs and sentences, every sentence with the records it
came from. Renderers (preview, Markdown, .docx) only lay this structure out; they decide no wording.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """A pointer to one record: `kind` is `plan`, `item`, `task`, `entry`, `increment`, `indicator`,
    `extension`, `evidence` or `shortcoming`."""

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


@dataclass(frozen=True, slots=True)
class Draft:
    year: int
    title: Sentence
    opening: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    sources: Mapping[SourceRef, SourceInfo] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

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

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)
