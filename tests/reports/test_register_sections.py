"""二、第一责任人职责 and 五、其他需要报告的情况 come from the coordinator's register, kind by kind,
each line with its date; without lines they are 【待补充】 markers, never invented text."""

from __future__ import annotations

from datetime import date

from tracker.reports.composition import compose_draft
from tracker.reports.draft import SourceRef


def test_duties_are_told_kind_by_kind_with_their_dates(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    first = year.duty("study", "镇政府常务会议集体学习《中华人民共和国行政复议法》", on=date(2026, 2, 10))
    year.duty("study", "党委理论学习中心组专题学习习近平法治思想", on=date(2026, 6, 18))
    year.duty("research", "主持召开党委会专题研究法治政府建设工作", on=date(2026, 3, 5))
    year.duty("statement", "在年终述职中专题述法", on=date(2026, 12, 20))
    year.duty("other_matter", "全年无行政复议和行政诉讼案件", on=date(2026, 12, 31))
    draft = compose_draft(year.records())
    duty = [paragraph.text for part in draft.section("duty").parts for paragraph in part.paragraphs]
    assert duty == [
        "一是带头尊法学法，全年会前学法2次：2月10日，镇政府常务会议集体学习《中华人民共和国行政复议法》；"
        "6月18日，党委理论学习中心组专题学习习近平法治思想。",
        "二是专题研究部署法治建设，全年1次：3月5日，主持召开党委会专题研究法治政府建设工作。",
        "三是认真履行述法职责：12月20日，在年终述职中专题述法。",
    ]
    first_sentence = draft.section("duty").parts[0].paragraphs[0].sentences[0]
    assert SourceRef("duty", first.id) in first_sentence.sources
    assert draft.sources[SourceRef("duty", first.id)].href == "/duties?year=2026"
    assert [paragraph.text for paragraph in draft.section("other").paragraphs()] == [
        "全年无行政复议和行政诉讼案件。"
    ]


def test_without_register_lines_both_parts_ask_to_be_filled(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    draft = compose_draft(year.records())
    duty = [paragraph.text for paragraph in draft.section("duty").paragraphs()]
    other = [paragraph.text for paragraph in draft.section("other").paragraphs()]
    assert len(duty) == 1 and duty[0].startswith(
        "【待补充：党政主要负责人履行推进法治建设第一责任人职责的情况"
    )
    assert len(other) == 1 and other[0].startswith("【待补充：其他需要报告的情况")
