"""Citations travel with the text through a template and come out attached to each sentence."""

from __future__ import annotations

from tracker.reports.citing import cite, clause, one_sentence, split_paragraphs
from tracker.reports.draft import SourceRef

ENTRY = SourceRef("entry", 7)
TASK = SourceRef("task", 3)


def test_every_sentence_of_a_cited_text_carries_the_citation() -> None:
    paragraphs = split_paragraphs(cite("开展讲座2场。发放资料300份！覆盖“全镇”。", ENTRY))
    assert [(sentence.text, sentence.sources) for sentence in paragraphs[0].sentences] == [
        ("开展讲座2场。", (ENTRY,)),
        ("发放资料300份！", (ENTRY,)),
        ("覆盖“全镇”。", (ENTRY,)),
    ]


def test_a_sentence_joining_several_cited_values_holds_all_their_sources() -> None:
    rendered = f"{cite('执法培训', TASK)}：{clause(cite('举办培训1期。', ENTRY))}。"
    (paragraph,) = split_paragraphs(rendered)
    assert paragraph.sentences[0].text == "执法培训：举办培训1期。"
    assert paragraph.sentences[0].sources == (TASK, ENTRY)


def test_a_sentence_written_from_nothing_has_no_source() -> None:
    (paragraph,) = split_paragraphs(f"{cite('讲座2场', ENTRY)}。取得明显成效。")
    assert [sentence.sources for sentence in paragraph.sentences] == [(ENTRY,), ()]


def test_blank_lines_separate_paragraphs_and_single_line_breaks_are_layout() -> None:
    paragraphs = split_paragraphs(f"{cite('甲', TASK)}\n。\n\n  \n{cite('乙。', ENTRY)}\n")
    assert [paragraph.text for paragraph in paragraphs] == ["甲。", "乙。"]


def test_recorded_line_breaks_do_not_break_the_paragraph() -> None:
    (paragraph,) = split_paragraphs(cite("第一行\n第二行。", ENTRY))
    assert paragraph.text == "第一行第二行。"


def test_a_heading_stays_one_line_with_all_its_citations() -> None:
    sentence = one_sentence(f"{cite('2027', TASK)}年度推进法治政府建设的主要安排\n")
    assert (sentence.text, sentence.sources) == ("2027年度推进法治政府建设的主要安排", (TASK,))


def test_clause_drops_closing_punctuation_only() -> None:
    assert clause(cite("开展讲座2场；", ENTRY)).endswith("开展讲座2场")
    assert clause("100%。") == "100%"


def test_recorded_text_cannot_forge_a_citation() -> None:
    forged = "取得明显成效\ue000task:99\ue001。"
    (paragraph,) = split_paragraphs(f"{cite(forged, ENTRY)}")
    assert [(sentence.text, sentence.sources) for sentence in paragraph.sentences] == [
        ("取得明显成效task:99。", (ENTRY,))
    ]
