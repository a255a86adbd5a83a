"""三、存在的不足和原因 at the level of a report to a superior: per plan area, the unfinished work and
the work done late named together, last year's shortcomings not yet rectified with what is being
done, and the causes the records give — no deadlines, overdue days or percentages."""

from __future__ import annotations

from datetime import date

from tracker.reports.composition import compose_draft
from tracker.reports.draft import SourceRef


def refs_in(draft, kind: str) -> set[SourceRef]:  # type: ignore[no-untyped-def]
    return {ref for sentence in _sentences(draft) for ref in sentence.sources if ref.kind == kind}


def _sentences(draft):  # type: ignore[no-untyped-def]
    return [
        sentence for paragraph in draft.section("problems").paragraphs() for sentence in paragraph.sentences
    ]


def text_of(draft) -> str:  # type: ignore[no-untyped-def]
    return "".join(paragraph.text for paragraph in draft.section("problems").paragraphs())


def test_unfinished_and_late_work_is_named_by_area_and_nothing_else(make_year) -> None:
    year = make_year(as_of=date(2026, 11, 26))
    item = year.item("加强执法队伍建设", marker="一是", category="队伍建设")
    done = year.task(year.item("人才培养", parent=item), status="done", percent=100)
    late = year.task(
        year.item("执法培训", parent=item), status="in_progress", deadline=date(2026, 6, 30), percent=60
    )
    year.entry(late, "举办培训1期。")
    pending = year.task(year.item("执法监督", parent=item))
    continuing = year.task(year.item("案卷评查常态化", parent=item), ongoing=True, deadline=None)
    extended = year.task(year.item("执法公示", parent=item), status="done", percent=100)
    year.extension(extended, previous=date(2026, 4, 30), requested=date(2026, 7, 31), reason="公示平台升级")
    draft = compose_draft(year.records())
    assert refs_in(draft, "task") == {SourceRef("task", task.id) for task in (late, pending, extended)}
    assert SourceRef("task", done.id) not in refs_in(draft, "task")
    assert SourceRef("task", continuing.id) not in refs_in(draft, "task")
    text = text_of(draft)
    assert text.startswith("一是队伍建设方面，执法培训、执法监督尚未完成。执法公示未能按原定时限完成。")
    for detail in ("逾期", "%", "2026年6月30日", "2026年4月30日"):
        assert detail not in text


def test_causes_come_from_reasons_extensions_and_shortcomings(make_year) -> None:
    year = make_year()
    item = year.item("加强政务公开", marker="一是")
    year.task(
        year.item("公共服务信息", parent=item), status="in_progress", reason="信息梳理工作量大,人手不足"
    )
    extended = year.task(year.item("基层组织建设", parent=item), status="in_progress")
    year.extension(
        extended, previous=date(2026, 9, 30), requested=date(2026, 12, 31), reason="等待村（社区）换届结束"
    )
    year.shortcoming("普法宣传的吸引力尚需增强", cause="运用新媒体的能力不足")
    text = text_of(compose_draft(year.records()))
    assert text.endswith(
        "分析问题原因，主要在于信息梳理工作量大，人手不足；等待村（社区）换届结束；运用新媒体的能力不足。"
    )


def test_without_a_recorded_cause_the_draft_asks_for_one(make_year) -> None:
    year = make_year()
    year.task(year.item("修订村规民约", marker="一是"), status="in_progress")
    draft = compose_draft(year.records())
    assert text_of(draft).endswith(
        "【待补充：问题原因（可在任务页填写“未完成原因”，或在整改页填写“尚未整改到位的原因”）】"
    )


def test_shortcomings_not_rectified_are_told_with_what_is_being_done(make_year) -> None:
    year = make_year()
    area = year.item("加强执法监督", marker="一是")
    year.task(area, status="done")
    year.shortcoming("执法监督机制有待细化", area=area)
    year.shortcoming(
        "基层法治工作力量相对薄弱，法律专业人员配备不足",
        state="in_progress",
        measures="向县里申请招录法律专业人员",
    )
    year.shortcoming("普法形式单一", state="done", measures="开通普法公众号", on=date(2026, 5, 1))
    draft = compose_draft(year.records())
    parts = [paragraph.text for part in draft.section("problems").parts for paragraph in part.paragraphs]
    assert parts == [
        "一是执法监督机制有待细化，整改尚未到位。",
        "二是基层法治工作力量相对薄弱，法律专业人员配备不足，目前正在向县里申请招录法律专业人员。",
    ]
    assert "普法形式单一" not in text_of(draft)


def test_a_rectified_shortcoming_is_reported_as_a_result(make_year) -> None:
    year = make_year()
    area = year.item("创新普法宣传形式", marker="一是")
    year.entry(year.task(area, status="done"), "开展“以案释法”微课堂。")
    year.shortcoming(
        "普法宣传的吸引力、感染力尚需增强",
        state="done",
        measures="开通普法公众号，推送以案释法短视频",
        on=date(2026, 5, 1),
        area=area,
    )
    year.shortcoming(
        "法律顾问作用发挥不充分", state="done", measures="建立法律顾问驻村日制度", on=date(2026, 6, 1)
    )
    draft = compose_draft(year.records())
    parts = [paragraph.text for part in draft.section("achievements").parts for paragraph in part.paragraphs]
    assert parts == [
        "一是创新普法宣传形式。开展“以案释法”微课堂。针对普法宣传的吸引力、感染力尚需增强的问题，"
        "开通普法公众号，推送以案释法短视频，已整改到位。",
        "二是抓好上年度查摆问题整改。针对法律顾问作用发挥不充分的问题，建立法律顾问驻村日制度，已整改到位。",
    ]
    assert text_of(draft) == "对照2026年度工作安排，各项任务均已完成。"


def test_a_year_without_shortfalls_says_so(make_year) -> None:
    year = make_year()
    year.entry(year.task(year.item("编印普法手册", marker="一是"), status="done"), "编印手册。")
    draft = compose_draft(year.records())
    assert draft.section("problems").parts == ()
    assert text_of(draft) == "对照2026年度工作安排，各项任务均已完成。"
