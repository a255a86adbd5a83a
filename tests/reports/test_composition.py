"""The composed draft follows the official outline and says what the records say, area by area, in
the voice of a report to a superior — and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.reports.composition import compose_draft, issuer_of
from tracker.reports.draft import Draft, SourceRef


def section_text(draft: Draft, key: str) -> str:
    return "".join(paragraph.text for paragraph in draft.section(key).paragraphs())


def test_the_draft_has_the_five_parts_of_the_official_outline(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"))
    draft = compose_draft(year.records())
    assert [(section.number, section.heading.text) for section in draft.sections] == [
        ("一、", "2026年度法治政府建设主要举措和成效"),
        ("二、", "党政主要负责人履行推进法治建设第一责任人职责情况"),
        ("三、", "存在的不足和原因"),
        ("四、", "2027年度推进法治政府建设的主要安排"),
        ("五、", "其他需要报告的情况"),
    ]
    assert draft.annex is not None and draft.annex.title == "2026年度任务完成情况一览表"


def test_one_part_per_plan_area_in_plan_order_with_its_run_in_marker(make_year) -> None:
    year = make_year()
    for marker, title in (("一是", "开展普法教育"), ("二是", "加强政务公开"), ("三是", "加强执法队伍建设")):
        year.entry(year.task(year.item(title, marker=marker), status="in_progress"), f"{title}有进展。")
    parts = compose_draft(year.records()).section("achievements").parts
    assert [(part.marker, part.level) for part in parts] == [("一是", 0), ("二是", 0), ("三是", 0)]
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


def test_a_tasks_entries_are_one_sentence_in_date_order(make_year) -> None:
    year = make_year()
    item = year.item("加强行政执法", marker="一是")
    task = year.task(year.item("加大执法人员培训力度", parent=item), status="in_progress")
    year.entry(task, "组织执法人员参加案卷评查培训。", on=date(2026, 6, 1))
    year.entry(task, "开展执法技能竞赛。", on=date(2026, 3, 1))
    text = section_text(compose_draft(year.records()), "achievements")
    assert text == "一是加强行政执法。开展执法技能竞赛；组织执法人员参加案卷评查培训。"


def test_a_task_whose_title_starts_with_its_deadline_is_told_as_an_action_not_an_area(make_year) -> None:
    year = make_year()
    item = year.item("深入开展普法宣传教育", marker="一是")
    task = year.task(year.item("5月底前组织民法典宣传月活动", parent=item), status="done")
    year.entry(task, "组织民法典宣传月活动，开展宣讲8场。", on=date(2026, 5, 28))
    text = section_text(compose_draft(year.records()), "achievements")
    assert text == "一是深入开展普法宣传教育。组织民法典宣传月活动，开展宣讲8场。"


def test_the_same_work_done_each_quarter_is_said_once(make_year) -> None:
    year = make_year()
    item = year.item("加强政务公开", marker="一是")
    task = year.task(item, recurring=True, status="in_progress")
    for quarter, month in zip("一二三四", (3, 6, 9, 12), strict=True):
        year.entry(task, f"第{quarter}季度公开救助对象和资金发放情况。", on=date(2026, month, 28))
    text = section_text(compose_draft(year.records()), "achievements")
    assert "公开救助对象和资金发放情况，全年共4次。" in text
    assert text.count("救助对象") == 1


def test_the_same_work_on_several_areas_is_said_once_for_all(make_year) -> None:
    year = make_year()
    item = year.item("进一步加强政务公开", marker="一是")
    for area in ("政策法规与解读", "财务收支情况", "重大项目建设"):
        task = year.task(year.item(area, parent=item), status="done")
        year.entry(task, f"在政务公开栏和政府网站公开{area}信息。", on=date(2026, 6, 30))
    text = section_text(compose_draft(year.records()), "achievements")
    assert "在政务公开栏和政府网站公开政策法规与解读、财务收支情况、重大项目建设信息。" in text


def test_figures_are_said_with_their_verbs_and_compared_with_last_year(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="in_progress")
    events = year.indicator(item, "开展法治讲座、法治宣传活动", "场", baseline="10")
    people = year.indicator(item, "覆盖", "人次", baseline="800")
    disputes = year.indicator(item, "矛盾纠纷", "起", baseline="47")
    for amount, attendance in (("2", "150"), ("4", "330"), ("6", "480")):
        entry = year.entry(task, "开展以案释法活动。")
        year.increment(entry, events, amount)
        year.increment(entry, people, attendance)
    year.increment(year.entry(task, "调处纠纷。"), disputes, "40")
    text = section_text(compose_draft(year.records()), "achievements")
    assert (
        "全年共开展法治讲座、法治宣传活动12场，比上年增加2场；覆盖960人次，比上年增加160人次；"
        "化解矛盾纠纷40起，比上年减少7起。" in text
    )


def test_a_figure_named_without_a_known_verb_is_warned_about(make_year) -> None:
    year = make_year()
    item = year.item("加强法治文化建设", marker="一是")
    entry = year.entry(year.task(item, status="in_progress"), "建设法治文化阵地。")
    year.increment(entry, year.indicator(item, "法治文化阵地", "处"), "3")
    draft = compose_draft(year.records())
    assert "全年共法治文化阵地3处。" in section_text(draft, "achievements")
    assert any("法治文化阵地" in warning and "没有动词" in warning for warning in draft.warnings)


def test_a_figure_an_entry_states_is_not_stated_again(make_year) -> None:
    year = make_year()
    item = year.item("化解矛盾纠纷", marker="一是")
    task = year.task(item, status="done")
    entry = year.entry(task, "全年各级调解组织成功化解各类矛盾纠纷47起。")
    year.increment(entry, year.indicator(item, "化解矛盾纠纷", "起", baseline="46"), "47")
    text = section_text(compose_draft(year.records()), "achievements")
    assert text == "一是化解矛盾纠纷。全年各级调解组织成功化解各类矛盾纠纷47起，比上年增加1起。"


def test_the_prose_holds_no_tallies_of_tasks_or_evidence(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="done", percent=100)
    entry = year.entry(task, "开展宪法宣传周活动。")
    year.evidence_file(task, "签到表.pdf", entry)
    year.task(year.item("修订村规民约", parent=item), status="in_progress", percent=40)
    draft = compose_draft(year.records())
    prose = "".join(paragraph.text for section in draft.sections for paragraph in section.paragraphs())
    for tally in ("项任务", "办结", "佐证材料", "%", "逾期"):
        assert tally not in prose
    assert [row.cells[5] for row in draft.annex.rows] == ["已办结", "推进中，完成进度40%"]
    assert [row.cells[6] for row in draft.annex.rows] == ["1份", "无"]


def test_continuing_work_is_told_as_going_on(make_year) -> None:
    year = make_year(as_of=date(2027, 1, 8))
    item = year.item("常态化开展法治副校长送法进校园", marker="一是")
    task = year.task(item, ongoing=True, deadline=None, status="in_progress")
    year.entry(task, "每学期开学组织校园法治讲座。")
    draft = compose_draft(year.records())
    assert "开展法治副校长送法进校园将长期坚持、常态化推进。" in section_text(draft, "achievements")
    assert draft.section("problems").parts == ()
    assert draft.annex.rows[0].cells[5] == "常态化推进，本年度进展记录1次"


def test_missing_records_are_marked_to_be_filled_never_invented(make_year) -> None:
    year = make_year()
    recorded = year.item("开展普法教育", marker="一是")
    year.entry(year.task(recorded, status="done"), "开展讲座。")
    untouched = year.item("加强政务公开", marker="二是")
    year.task(year.item("政策法规与解读", parent=untouched))
    quiet = year.item("加强执法监督", marker="三是")
    done = year.task(year.item("修订执法监督办法", parent=quiet), status="done")
    year.entry(year.task(year.item("开展案卷评查", parent=quiet), status="done"), "评查执法案卷。")
    year.indicator(quiet, "评查执法案卷", "件", baseline="20")
    draft = compose_draft(year.records())
    parts = draft.section("achievements").parts
    assert parts[1].paragraphs[0].text == (
        "二是加强政务公开。【待补充：“加强政务公开”本年度的工作举措和成效（没有进展记录）】"
    )
    assert "【待补充：“修订执法监督办法”的完成情况】" in parts[2].paragraphs[0].text
    assert "【待补充：指标“评查执法案卷”本年度的数据】" in parts[2].paragraphs[0].text
    gap = next(
        sentence for sentence in parts[2].paragraphs[0].sentences if "修订执法监督办法" in sentence.text
    )
    assert gap.is_gap and gap.sources == (SourceRef("task", done.id),)
    assert len(draft.gaps) == 6  # the three above, 二、, 三、's causes and 五、


def test_every_sentence_has_a_source_and_every_source_is_described(make_year) -> None:
    year = make_year()
    item = year.item("开展普法教育", marker="一是")
    task = year.task(item, status="in_progress", deadline=date(2026, 6, 30), reason="场地未落实")
    entry = year.entry(task, "开展讲座2场。")
    year.increment(entry, year.indicator(item, "开展法治讲座", "场", baseline="10", qualifier="余"), "2")
    year.extension(task, previous=date(2026, 3, 31), requested=date(2026, 6, 30), reason="等待场地")
    year.shortcoming(
        "普法宣传的吸引力尚需增强，普法精准度有待提高", measures="开通普法公众号", state="in_progress"
    )
    year.duty("study", "镇政府常务会议集体学习《行政复议法》")
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
    assert draft.issuer == "上义镇"
    assert draft.opening[0].text == (
        "2026年，上义镇按照年度法治政府建设工作安排推进各项工作。现将2026年度法治政府建设情况报告如下："
    )


def test_half_width_punctuation_typed_among_chinese_becomes_full_width(make_year) -> None:
    year = make_year()
    task = year.task(year.item("开展普法教育", marker="一是"), status="in_progress")
    year.entry(task, "开展讲座,覆盖群众(含学生)1,200人次;发放资料。")
    text = section_text(compose_draft(year.records()), "achievements")
    assert "开展讲座，覆盖群众（含学生）1,200人次；发放资料。" in text


def test_the_town_is_read_from_the_plans_title_only_when_it_is_there() -> None:
    assert issuer_of("上义镇2025年法治政府建设年度报告") == "上义镇"
    assert issuer_of("城关街道二〇二五年法治政府建设工作要点") == "城关街道"
    assert issuer_of("2026年法治政府建设工作要点") == ""
