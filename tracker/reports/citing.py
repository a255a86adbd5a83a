"""How a sentence remembers where it came from.

Every value handed to a wording template is text with an invisible citation in front of it (and after
each sentence end inside it), written in Unicode private-use characters that no report contains. After
a template has rendered, `split_paragraphs` cuts the text into paragraphs and sentences and gathers the
citations each sentence holds. A sentence that a coordinator's template wrote from nothing carries
none, and the draft reports it, so the draft can never claim what the record does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tracker.reports.draft import GAP_MARK, Paragraph, Sentence, SourceRef

OPEN = "\ue000"
CLOSE = "\ue001"

_ENDING = r"(?:[。！？!?]+[”’」』）)》]*|】|：$)"
GAP_OPEN, GAP_CLOSE = GAP_MARK, "】"
"""A visible marker where the records are missing (【待补充：…】): a sentence of its own."""
_INNER_ENDING = re.compile(_ENDING + r"(?=.)", re.DOTALL)
_ENDINGS = re.compile(_ENDING)
_CITATION = re.compile(OPEN + r"([^" + CLOSE + r"]*)" + CLOSE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_TRAILING_PUNCTUATION = "。！？!?；;，,、：: \t\n"


_CITED: ContextVar[list[tuple[SourceRef, ...]] | None] = ContextVar("report_citations", default=None)
"""The citations of the draft being composed, each written into the text as its number."""


@contextmanager
def citations() -> Iterator[None]:
    """Compose one draft: every citation inside is kept here and written as a short number, so a
    year of 20,000 figures is not spelled out and parsed back ref by ref."""
    token = _CITED.set([])
    try:
        yield
    finally:
        _CITED.reset(token)


def citation(refs: tuple[SourceRef, ...] | list[SourceRef]) -> str:
    kept = _CITED.get()
    if kept is None:  # outside a draft: the references spelled out
        return OPEN + " ".join(str(ref) for ref in refs) + CLOSE
    kept.append(tuple(refs))
    return f"{OPEN}#{len(kept) - 1}{CLOSE}"


def _cited_refs(group: str) -> tuple[SourceRef, ...]:
    if group.startswith("#"):
        kept = _CITED.get()
        return kept[int(group[1:])] if kept is not None else ()
    return tuple(SourceRef.parse(token) for token in group.split())


_HALF_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_WIDTH_MARK = re.compile(r"[,;:?!()]")
_HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]")


def full_width(text: str) -> str:
    """Half-width punctuation typed among Chinese (上义镇,在县委) as the report writes it (，), while
    numbers (1,000; 9:30) and Latin text keep theirs."""

    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if match.group() in ",:" and before.isdigit() and after.isdigit():
            return match.group()
        near_chinese = bool(_HAN.match(before) or _HAN.match(after))
        return _HALF_WIDTH[match.group()] if near_chinese else match.group()

    return _HALF_WIDTH_MARK.sub(replace, text)


def cite(text: object, *refs: SourceRef) -> str:
    """`text` marked as coming from `refs`; each sentence inside it is marked, not only the first.
    The marking characters are removed from the text first, so recorded text cannot forge a source;
    half-width punctuation among Chinese becomes full-width."""
    plain = str(text)
    if OPEN in plain or CLOSE in plain:
        plain = plain.replace(OPEN, "").replace(CLOSE, "")
    if "\n" in plain:
        plain = _LINE_BREAK.sub("", plain)
    plain = plain.strip()
    if _HALF_WIDTH_MARK.search(plain):
        plain = full_width(plain)
    if not refs:
        return plain
    mark = citation(refs)
    if _INNER_ENDING.search(plain) is None:
        return mark + plain
    return mark + _INNER_ENDING.sub(lambda match: match.group(0) + mark, plain)


def clause(text: str) -> str:
    """A cited text without its closing punctuation, to be joined into a longer sentence."""
    return text.rstrip(_TRAILING_PUNCTUATION)


def strip_citations(text: str) -> str:
    return _CITATION.sub("", text)


def _sentence(raw: str) -> Sentence | None:
    text = strip_citations(raw).strip()
    if not text:
        return None
    refs = dict.fromkeys(ref for group in _CITATION.findall(raw) for ref in _cited_refs(group))
    return Sentence(text, tuple(refs))


def split_sentences(text: str) -> tuple[Sentence, ...]:
    sentences, start = [], 0
    for end in _ENDINGS.finditer(text):
        sentence = _sentence(text[start : end.end()])
        start = end.end()
        if sentence is not None:
            sentences.append(sentence)
    last = _sentence(text[start:])
    return (*sentences, last) if last is not None else tuple(sentences)


def split_paragraphs(rendered: str) -> tuple[Paragraph, ...]:
    """Paragraphs are separated by a blank line; single line breaks inside one are template layout."""
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(rendered.strip()):
        sentences = split_sentences(_LINE_BREAK.sub("", block))
        if sentences:
            paragraphs.append(Paragraph(sentences))
    return tuple(paragraphs)


def one_sentence(rendered: str) -> Sentence:
    """A template's output kept as one line, such as a title or a heading, with all its citations."""
    sentences = split_sentences(re.sub(r"\s*\n\s*", "", rendered.strip()))
    refs = tuple(dict.fromkeys(ref for sentence in sentences for ref in sentence.sources))
    return Sentence("".join(sentence.text for sentence in sentences), refs)


def run_in(marker: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Paragraph, ...]:
    """Paragraphs whose first sentence starts with `marker` (一是…), as the plan writes its items."""
    if not paragraphs:
        return ()
    first, *rest = paragraphs[0].sentences
    marked = Sentence(marker + first.text, first.sources)
    return (Paragraph((marked, *rest)), *paragraphs[1:])


def gap(what: str, *refs: SourceRef) -> str:
    """The marker for something the records do not hold, cited by the records that show it missing.
    A draft never fills such a place with words of its own."""
    return cite(f"{GAP_OPEN}{clause(what)}{GAP_CLOSE}", *refs)


def sentences_text(pieces: list[str]) -> str:
    """Cited sentences (without their 。) joined into one paragraph's text; a gap marker is a
    sentence of its own and takes no 。, and a sentence that leads into a list keeps its ：."""

    def ended(piece: str) -> str:
        if piece.endswith((GAP_CLOSE, "：")):
            return piece
        return clause(piece) + "。"

    return "".join(ended(piece) for piece in pieces if piece)
