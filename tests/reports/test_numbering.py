"""The plan's own numbering style decides how the draft numbers its parts."""

from tracker.reports.numbering import Numbering, numbering_of, plan_numbering


def test_markers_are_recognised_by_style() -> None:
    assert numbering_of("一是") is Numbering.RUN_IN
    assert numbering_of("十一是") is Numbering.RUN_IN
    assert numbering_of("（三）") is Numbering.PAREN
    assert numbering_of("(三)") is Numbering.PAREN
    assert numbering_of("二、") is Numbering.PAREN
    assert numbering_of("1.") is Numbering.DIGIT
    assert numbering_of("（2）") is Numbering.DIGIT
    assert numbering_of("3、") is Numbering.DIGIT
    assert numbering_of(None) is None
    assert numbering_of("第一条") is None


def test_the_style_most_items_use_wins_and_an_unnumbered_plan_gets_headings() -> None:
    assert plan_numbering(["一是", "二是", None, "（三）"]) is Numbering.RUN_IN
    assert plan_numbering([None, None]) is Numbering.PAREN


def test_markers_count_in_chinese_numerals() -> None:
    assert [Numbering.RUN_IN.marker(n) for n in (1, 10, 11)] == ["一是", "十是", "十一是"]
    assert Numbering.PAREN.marker(12) == "（十二）"
    assert Numbering.DIGIT.marker(3) == "3."
