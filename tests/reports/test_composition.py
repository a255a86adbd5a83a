"""The composed draft says what the records say, item by item, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.reports.composition import compose_draft, issuer_of
from tracker.reports.draft import Draft, SourceRef


def texts(draft: Draft, section: str) -> list[str]:
    return [paragraph.text for part in draft.section(section).parts for paragraph in part.paragraphs]


def test_one_part_per_top_level_item_in_plan_order_with_its_run_in_marker(make_year) -> None:
    year = make_year()
    for marker, title in (("一是", "开展普法教育"), ("二是", "加强政务公开"), ("三是", "加强执法队伍建设")):
        year.task(year.item(title, marker=marker))
    draft = compose_draft(year.records())
    parts = draft.section("achievements").parts
    assert [part.marker for part in parts] == ["一是", "二是", "三是"]
    assert [part.level for part in parts] == [0, 0, 0]
    assert [part.paragraphs[0].sentences[0].text for part in parts] == [
        "一是开展普法教育。",
        "二是加强政务公开。",
        "三是加强执法队伍建设。",
    ]


@pytest.mark.parametrize(
    ("markers", "expected"),
    [
        (("（一）", "（二）"), [(2, "（一）开展普法教育"), (2, "（二）加强政务公开")]),
        (("一、", "二、"), [(2, "（一）开展普法教育"), (2, "（二）加强政务公开")]),
        (("1.", "2."), [(3, "1.开展普法教育"), (3, "2.加强政务公开")]),
        ((None, None), [(2, "（一）开展普法教育"), (2, "（二）加强政务公开")]),
    ],
)
def test_a_plan_numbered_with_headings_keeps_headed_parts(make_year, markers, expected) -> None:
    year = make_year()
    for marker, title in zip(markers, ("开展普法教育", "加强政务公开"), strict=True):
        year.task(year.item(title, marker=marker))
    parts = compose_draft(year.records()).section("achievements").parts
    assert [(part.level, part.heading.text) for part in parts] == expected


def test_work_is_told_from_progress_entries_in_date_order(make_year) -> None:
    year = make_year()
    item = year.item("加强政务公开", marker="一是")
    area = year.task(
        year.item("政策法规与解读", parent=item), title="政策法规与解读公开", status="in_progress"
    )
    year.entry(area, "公开政策解读5篇。", on=date(2026, 6, 1))
    year.entry(area, "更新政策文件目录。", on=date(2026, 3, 1))
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0]
    assert "政策法规与解读公开：更新政策文件目录；公开政策解读5篇。" in paragraph.text


def test_figures_are_sums_of_increments_compared_with_last_years_baseline(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="in_progress")
    events = year.indicator(item, "开展法治讲座、法治宣传活动", "场", baseline="10", qualifier="余")
    people = year.indicator(item, "覆盖", "人次", baseline="800", qualifier="余")
    for amount, attendance in (("2", "150"), ("4", "330"), ("6", "480")):
        entry = year.entry(task, f"开展讲座{amount}场。")
        year.increment(entry, events, amount)
        year.increment(entry, people, attendance)
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0].text
    assert "全年开展法治讲座、法治宣传活动12场，比上年增加2场；覆盖960人次，比上年增加160人次。" in paragraph


def test_a_figure_below_or_equal_to_the_baseline_says_so(make_year) -> None:
    year = make_year()
    item = year.item("化解矛盾纠纷", marker="一是")
    entry = year.entry(year.task(item, status="in_progress"), "调解纠纷。")
    year.increment(entry, year.indicator(item, "化解矛盾纠纷", "起", baseline="47"), "40")
    year.increment(entry, year.indicator(item, "法律咨询", "次", baseline="60"), "60")
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0].text
    assert "化解矛盾纠纷40起，比上年减少7起；法律咨询60次，与上年持平。" in paragraph


def test_an_indicator_without_a_baseline_is_given_without_comparison(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    entry = year.entry(year.task(item, status="in_progress"), "发放资料。")
    year.increment(entry, year.indicator(item, "发放普法资料", "份"), "1200.5000")
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0].text
    assert "全年发放普法资料1200.5份。" in paragraph
    assert "比上年" not in paragraph


def test_a_percentage_is_never_added_up(make_year) -> None:
    year = make_year()
    item = year.item("学法考试", marker="一是")
    task = year.task(item, status="in_progress")
    single = year.indicator(item, "学法考试优秀率", "%", baseline="98")
    repeated = year.indicator(item, "调解成功率", "%", baseline="97.9")
    year.increment(year.entry(task, "组织考试。"), single, "100")
    year.increment(year.entry(task, "一季度调解。"), repeated, "96")
    year.increment(year.entry(task, "二季度调解。"), repeated, "98")
    draft = compose_draft(year.records())
    paragraph = draft.section("achievements").parts[0].paragraphs[0].text
    assert "学法考试优秀率100%，比上年增加2个百分点" in paragraph
    assert "调解成功率" not in paragraph
    assert any("调解成功率" in warning and "不能相加" in warning for warning in draft.warnings)


def test_an_item_without_any_record_says_so_plainly(make_year) -> None:
    year = make_year()
    recorded = year.item("开展普法教育", marker="一是")
    year.entry(year.task(recorded, status="done", percent=100), "开展讲座2场。")
    untouched = year.item("加强政务公开", marker="二是")
    year.task(year.item("政策法规与解读", parent=untouched))
    year.task(year.item("财务收支情况", parent=untouched))
    part = compose_draft(year.records()).section("achievements").parts[1]
    assert part.paragraphs[0].text == "二是加强政务公开。该事项2项任务本年度暂无进展记录。"


def test_the_state_of_an_items_tasks_is_counted(make_year) -> None:
    year = make_year()
    item = year.item("加强执法队伍建设", marker="一是")
    for title, status in (("人才培养", "done"), ("执法培训", "in_progress"), ("执法监督", "pending")):
        task = year.task(year.item(title, parent=item), status=status)
        if status != "pending":
            year.entry(task, f"{title}有进展。")
    paragraph = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0].text
    assert paragraph.endswith("该事项共3项任务，办结1项、推进中1项、未开始1项。")


def test_evidence_is_counted_with_the_work_it_supports(make_year) -> None:
    year = make_year()
    task = year.task(year.item("开展普法教育", marker="一是"), status="in_progress")
    entry = year.entry(task, "开展宪法宣传周活动。")
    photo = year.evidence_file(task, "现场照片.jpg", entry)
    year.evidence_file(task, "签到表.pdf", entry)
    sentence = compose_draft(year.records()).section("achievements").parts[0].paragraphs[0].sentences[1]
    assert sentence.text == "开展宪法宣传周活动，留存佐证材料2份。"
    assert SourceRef("evidence", photo.id) in sentence.sources
    assert SourceRef("entry", entry.id) in sentence.sources


def test_every_sentence_has_a_source_and_every_source_is_described(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="in_progress", deadline=date(2026, 6, 30))
    entry = year.entry(task, "开展讲座2场。")
    year.increment(entry, year.indicator(item, "讲座", "场", baseline="10", qualifier="余"), "2")
    year.extension(task, previous=date(2026, 3, 31), requested=date(2026, 6, 30), reason="等待场地")
    year.shortcoming("普法宣传的吸引力尚需增强，普法精准度有待提高")
    draft = compose_draft(year.records())
    sentences = list(draft.sentences())
    assert len(sentences) > 10
    assert [sentence.text for sentence in sentences if not sentence.sources] == []
    assert {ref for sentence in sentences for ref in sentence.sources} == set(draft.sources)
    assert draft.warnings == ()
    assert draft.sources[SourceRef("task", task.id)].href == f"/tasks/{task.id}"


def test_the_same_records_give_the_same_draft(make_year) -> None:
    year = make_year()
    task = year.task(year.item("开展普法教育", marker="一是"), status="in_progress")
    year.entry(task, "开展讲座2场。")
    assert compose_draft(year.records()) == compose_draft(year.records())


def test_title_and_opening_name_the_town_and_year(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    draft = compose_draft(year.records())
    assert draft.title.text == "上义镇2026年法治政府建设年度报告（草稿）"
    assert (
        draft.opening[0]
        .sentences[0]
        .text.startswith("2026年，上义镇对照年度法治政府建设计划确定的1个方面、1项任务")
    )


def test_the_town_is_read_from_the_plans_title_only_when_it_is_there() -> None:
    assert issuer_of("上义镇2025年法治政府建设年度报告") == "上义镇"
    assert issuer_of("城关街道二〇二五年法治政府建设工作要点") == "城关街道"
    assert issuer_of("2026年法治政府建设工作要点") == ""
