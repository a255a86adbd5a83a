"""Plans as towns and county departments really write them: each style a document of its own
(tests/plans/documents), read into the same items."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.plans.parsing import ParsedItem, ParsedPlan, parse_document, parse_text


def parse(document, name: str) -> ParsedPlan:  # type: ignore[no-untyped-def]
    parsed = parse_document(document(name), name)
    for item in parsed.all_items():
        assert parsed.text[item.span[0] : item.span[1]] == item.text
    return parsed


def titles(items: list[ParsedItem]) -> list[str]:
    return [item.title for item in items]


def test_a_task_table_gives_one_item_per_task_with_its_columns(document) -> None:
    plan = parse(document, "table_task_breakdown.txt")
    assert plan.plan_year == 2026
    assert [(group.marker, group.title) for group in plan.items] == [
        ("一、", "加强法治建设组织领导"),
        ("二、", "深化法治宣传教育"),
        ("三、", "规范行政执法"),
    ]
    duty, inspection = plan.items[0].children
    assert (duty.marker, duty.title) == ("1", "落实第一责任人职责")
    assert (inspection.lead_units, inspection.support_units) == (["司法所"], ["党政办"])
    assert (inspection.deadline, inspection.deadline_phrase) == (date(2026, 9, 30), "第三季度")
    assert not inspection.owners_suggested


def test_a_task_cell_merged_over_rows_makes_one_item_with_a_child_per_row(document) -> None:
    duty = parse(document, "table_task_breakdown.txt").items[0].children[0]
    assert titles(duty.children) == ["召开党委会专题研究法治建设工作不少于2次", "组织领导班子成员年终述法"]
    first, second = duty.children
    assert (first.lead_units, first.support_units, first.deadline) == (
        ["党政办"],
        ["司法所"],
        date(2026, 6, 30),
    )
    assert (second.lead_units, second.support_units, second.deadline) == (
        ["党政办"],
        ["纪委"],
        date(2026, 12, 31),
    )


def test_table_deadline_columns_give_recurrence_and_ongoing_work(document) -> None:
    tasks = {item.title: item for item in parse(document, "table_task_breakdown.txt").all_items()}
    school = tasks["推进法治进校园"]
    assert (school.recurrence.every, school.recurrence.due) == (
        "term",
        (date(2026, 6, 30), date(2026, 12, 31)),
    )
    mediators = tasks["培育法律明白人"]
    assert mediators.ongoing and mediators.recurrence.check_in and mediators.deadline_phrase == "长期坚持"
    assert (mediators.lead_units, mediators.support_units) == (["司法所"], ["各村（社区）"])
    assert tasks["开展执法案卷评查"].recurrence.every == "quarter"


def test_a_docx_table_with_merged_cells_is_read_by_its_structure(document) -> None:
    plan = parse(document, "county_task_list.docx")
    assert titles(plan.items) == [
        "健全依法决策机制",
        "规范行政执法行为",
        "开展“谁执法谁普法”",
        "强化执法监督",
    ]
    decisions = plan.items[0]
    assert [child.lead_units for child in decisions.children] == [["法规股"], ["办公室"]]
    assert decisions.children[1].deadline == date(2026, 3, 31)
    enforcement = plan.items[1]
    assert (enforcement.lead_units, enforcement.support_units) == (["法规股"], ["各执法股室"])
    assert len(enforcement.children) == 2 and enforcement.deadline_phrase == "11月底前"
    assert plan.items[2].deadline == date(2026, 3, 15)
    assert any("非工作日" in warning for warning in plan.warnings)


def test_a_docx_built_with_merged_task_cells(make_docx) -> None:
    data = make_docx(
        ["安和镇2026年普法工作任务表"],
        [
            ["工作任务", "具体要求", "责任单位", "完成时间"],
            ["开展宪法宣传", "组织宪法宣传周集中宣传", "司法所", "12月7日前"],
            ["", "在镇政府网站开设宪法专栏", "党政办", "6月底前"],
            ["推进法治乡村建设", "每个村培养法律明白人5名", "司法所", "年底前"],
        ],
        merged=[(0, 1, 2)],
    )
    plan = parse_document(data, "tasks.docx")
    constitution, village = plan.items
    assert constitution.title == "开展宪法宣传"
    assert [child.lead_units for child in constitution.children] == [["司法所"], ["党政办"]]
    assert [child.deadline for child in constitution.children] == [date(2026, 12, 7), date(2026, 6, 30)]
    assert (village.title, village.children) == ("推进法治乡村建设", [])


def test_problems_right_before_the_plan_are_never_items(document) -> None:
    plan = parse(document, "report_problems_then_next_steps.txt")
    assert plan.section_heading == "下一步，我乡将从以下几个方面抓好落实"
    assert titles(plan.items) == ["强化学法用法", "创新普法方式", "加强基层法治队伍建设"]
    assert len(plan.shortcomings) == 3 and plan.shortcomings[0].text.startswith("部分干部依法行政意识不强")
    assert plan.items[1].recurrence.every == "month"
    assert (plan.items[2].lead_units, plan.items[2].support_units) == (["乡司法所"], ["各村（社区）"])


def test_problems_enumerated_exactly_like_the_plan_in_one_part(document) -> None:
    plan = parse(document, "problems_then_plan_no_leadin.txt")
    assert titles(plan.items) == ["壮大普法志愿者队伍", "指导各村修订村规民约"]
    assert [s.text for s in plan.shortcomings] == ["基层普法队伍力量不足。", "部分村规民约内容陈旧。"]


def test_a_part_with_problems_and_next_steps_as_subsections(document) -> None:
    plan = parse(document, "combined_section_same_enumeration.txt")
    assert plan.section_heading == "（二）下步工作重点"
    assert titles(plan.items) == ["开展精准普法", "健全执法监督机制", "加强法治队伍建设"]
    assert [s.text for s in plan.shortcomings] == ["法治宣传的精准度不够。", "执法监督机制还不够健全。"]


def test_a_two_level_work_plan_becomes_a_tree_without_its_frame(document) -> None:
    plan = parse(document, "workplan_two_level.txt")
    assert plan.section_heading == "河湾镇2026年法治政府建设工作要点"
    assert titles(plan.items) == [
        "加强党对法治政府建设的领导",
        "推进严格规范公正文明执法",
        "深化法治宣传教育",
    ]
    assert [len(item.children) for item in plan.items] == [2, 3, 2]
    training = plan.items[1].children[1]
    assert (training.lead_units, training.support_units, training.deadline, training.deadline_phrase) == (
        ["综合行政执法办"],
        ["司法所"],
        date(2026, 6, 30),
        "上半年",
    )
    assert not any("指导思想" in item.text or "保障措施" in item.text for item in plan.all_items())


def test_a_plan_whose_sections_are_the_task_areas(document) -> None:
    plan = parse(document, "workplan_sections_are_tasks.txt")
    assert [item.marker for item in plan.items] == ["一、", "二、", "三、"]
    assert [child.marker for child in plan.items[2].children] == ["（一）", "（二）"]
    mediation = plan.items[2].children[1]
    assert (mediation.lead_units, mediation.support_units) == (["街道综治中心"], ["司法所"])


def test_a_plan_without_numbering_is_read_by_paragraphs(document) -> None:
    plan = parse(document, "plan_without_numbering.txt")
    assert len(plan.items) == 4
    assert plan.items[0].title == "全年组织法治讲座不少于4场"
    assert plan.items[1].deadline == date(2026, 3, 31)
    assert plan.items[2].deadline == date(2026, 12, 4) and plan.items[2].deadline_phrase == "国家宪法日"
    assert "东坪村村民委员会" not in plan.items[-1].text


def test_inline_runs_separated_by_semicolons(document) -> None:
    plan = parse(document, "inline_semicolon_runs.txt")
    assert plan.plan_year == 2026
    assert titles(plan.items) == [
        "深化法治政府示范创建",
        "规范行政复议办理",
        "加强公共法律服务体系建设",
        "推进“八五”普法规划总结验收",
    ]
    assert [item.deadline.month for item in plan.items] == [6, 12, 9, 11]
    assert [s.text for s in plan.shortcomings] == [
        "部分单位对合法性审查工作重视不够，行政复议纠错后的整改跟踪不够及时。"
    ]


def test_first_second_third_and_circled_numbers(document) -> None:
    ordinal = parse(document, "ordinal_first_second.txt")
    assert [item.marker for item in ordinal.items] == ["第一，", "第二，", "第三，"]
    assert ordinal.items[2].lead_units == ["镇司法所"]
    circled = parse(document, "circled_items.txt")
    assert [child.marker for child in circled.items[0].children] == ["①", "②", "③"]
    assert circled.items[1].title == "加强政务公开"


def test_gbk_bytes_of_a_summary_with_next_year_plan(document) -> None:
    data = document("gbk_mixed_summary_and_plan.txt")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    plan = parse(document, "gbk_mixed_summary_and_plan.txt")
    assert plan.section_heading == "三、2026年工作打算"
    assert [item.marker for item in plan.items] == ["1.", "2.", "3.", "4."]
    assert (plan.items[1].lead_units, plan.items[1].support_units) == (["司法所"], ["各村委会"])
    assert len(plan.shortcomings) == 2
    assert "\r" not in plan.text


def test_web_page_text_with_radicals_brackets_spaces_and_footer(document) -> None:
    raw = document("webpage_with_radicals.txt").decode()
    assert "⼀" in raw and "⻓" in raw
    plan = parse(document, "webpage_with_radicals.txt")
    assert plan.title == "平岗镇2025年法治政府建设年度报告"
    assert [item.marker for item in plan.items] == ["(一)", "(二)", "(三)"]
    assert plan.items[0].title == "持续抓好学法用法"
    assert plan.items[1].deadline_phrase == "国家宪法日"
    assert (plan.items[2].lead_units, plan.items[2].support_units) == (["综合行政执法办"], ["司法所"])
    assert not any(word in plan.items[-1].text for word in ("平岗镇人民政府", "ICP", "网站标识码"))
    assert len(plan.shortcomings) == 2
    assert {(b.value, b.unit) for b in plan.baselines} >= {(58, "宗"), (12, "次")}


def test_a_plan_part_that_numbers_its_items_like_the_report_numbers_its_parts(document) -> None:
    plan = parse(document, "plan_reuses_section_numbers.txt")
    assert plan.section_heading == "三、2026年工作打算"
    assert [(item.marker, item.title) for item in plan.items] == [
        ("一、", "加强普法宣传"),
        ("二、", "规范行政执法"),
        ("三、", "强化矛盾纠纷化解"),
    ]
    assert [child.marker for child in plan.items[2].children] == ["一要", "二要", "三要"]
    assert plan.items[2].children[1].recurrence.every == "month"
    assert [s.text for s in plan.shortcomings] == ["普法形式较为单一，执法人员专业素养有待提高。"]


def test_a_plan_of_one_sentence_at_the_end_of_a_summary(document) -> None:
    plan = parse(document, "one_sentence_next_step.txt")
    assert plan.section_heading == "下一步，我们将进一步加强普法宣传。"
    assert [item.title for item in plan.items] == ["进一步加强普法宣传"]
    assert {(b.value, b.unit) for b in plan.baselines} == {(4, "场"), (9, "起")}


def test_a_county_bureaus_work_points_in_docx_with_annotations(document) -> None:
    plan = parse(document, "county_work_points.docx")
    assert [item.title for item in plan.items] == ["推进法治政府建设", "深化普法依法治理"]
    review, accountability = plan.items[0].children[1], plan.items[1].children[0]
    assert (review.lead_units, review.recurrence.every) == (["法制审核股"], "quarter")
    assert (accountability.lead_units, accountability.support_units) == (["普法股"], ["各司法所"])
    assert plan.items[1].children[1].ongoing
    assert not any("工作要求" in item.title for item in plan.all_items())


def test_numbered_measures_inside_a_table_cell_become_children(make_docx) -> None:
    data = make_docx(
        ["某镇2026年法治建设任务清单"],
        [
            ["序号", "重点任务", "工作措施", "责任单位"],
            ["1", "深化普法宣传", "1.开展宪法宣传周活动；\n2.每季度开展一次送法进村活动。", "司法所"],
            ["2", "规范行政执法", "6月底前完成执法人员培训。", "综合行政执法办"],
        ],
    )
    publicity, enforcement = parse_document(data, "list.docx").items
    assert [(child.marker, child.title) for child in publicity.children] == [
        ("1.", "开展宪法宣传周活动"),
        ("2.", "每季度开展一次送法进村活动"),
    ]
    assert publicity.children[1].recurrence.every == "quarter"
    assert (enforcement.children, enforcement.deadline) == ([], date(2026, 6, 30))


def test_a_plan_heading_run_into_its_items() -> None:
    plan = parse_text(
        "丰收镇2025年法治政府建设情况报告\n一、主要工作\n全年开展法治讲座6场。\n二、存在问题\n"
        "一是普法方式单一。二是执法人员不足。\n"
        "三、2026年工作安排：一是深化普法宣传，每季度开展一次送法下乡；二是6月底前完成执法人员培训；"
        "三是健全矛盾纠纷排查机制。\n"
    )
    assert plan.section_heading.startswith("三、2026年工作安排")
    assert [item.title for item in plan.items] == [
        "深化普法宣传",
        "6月底前完成执法人员培训",
        "健全矛盾纠纷排查机制",
    ]
    assert [s.text for s in plan.shortcomings] == ["普法方式单一。", "执法人员不足。"]


def test_the_four_parts_of_the_usual_annual_report() -> None:
    plan = parse_text(
        "某镇2025年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法活动8场。\n"
        "二、党政主要负责人履行推进法治建设第一责任人职责情况\n镇党委书记带头讲法治课1次。\n"
        "三、存在的不足和原因\n一是普法针对性不强。二是执法力量薄弱。\n"
        "四、下一年度推进法治政府建设的主要安排\n一是加强普法宣传。二是规范行政执法。\n"
    )
    assert (plan.plan_year, plan.section_heading) == (2026, "四、下一年度推进法治政府建设的主要安排")
    assert [item.title for item in plan.items] == ["加强普法宣传", "规范行政执法"]
    assert [s.text for s in plan.shortcomings] == ["普法针对性不强。", "执法力量薄弱。"]


def test_work_points_numbered_straight_through_their_sections(document) -> None:
    """一、 holds 1. and 2., 二、 goes on with 3. and 4.: each section's tasks are still its items."""
    plan = parse(document, "work_points_numbered_through.txt")
    assert [group.marker for group in plan.items] == ["一、", "二、", "三、"]
    assert [[task.marker for task in group.children] for group in plan.items] == [
        ["1.", "2."],
        ["3.", "4."],
        ["5.", "6."],
    ]
    responsibility, youth = plan.items[1].children
    assert responsibility.title == "落实“谁执法谁普法”普法责任制"
    assert responsibility.recurrence is not None and responsibility.recurrence.every == "quarter"
    assert youth.recurrence is not None and youth.recurrence.every == "term"


def test_next_measures_with_numbered_subitems_after_a_problems_part_numbered_alike(document) -> None:
    """（一） items holding 1、 sub-items, right after a problems part that also uses （一）; a part heading
    whose words start with a year (一、2025年…) and an item starting with a date (2、5月…) still count."""
    plan = parse(document, "bureau_report_next_measures_nested.txt")
    assert plan.section_heading == "三、下步工作措施"
    assert [item.title for item in plan.items] == [
        "持续推进严格规范公正文明执法",
        "深入推进“谁执法谁普法”",
        "加强执法队伍建设",
    ]
    assert [len(item.children) for item in plan.items] == [2, 2, 0]
    month = plan.items[1].children[1]
    assert (month.marker, month.deadline) == ("2、", date(2026, 5, 31))
    assert [problem.text for problem in plan.shortcomings] == ["基层执法力量薄弱。", "执法装备保障不足。"]
    figures = {(b.name, b.value, b.qualifier, b.unit) for b in plan.baselines}
    assert ("“3·15”消费者权益日宣传活动", 12, None, "场") in figures
    assert ("资料", 5000, "余", "份") in figures


def test_a_report_copied_out_of_a_pdf_with_hard_line_breaks(document) -> None:
    """Lines broken at the page width in mid-sentence: titles, figures and problems are read whole."""
    plan = parse(document, "pdf_copy_hard_wrapped.txt")
    assert titles(plan.items) == ["加强学法用法", "推进严格执法", "深化普法宣传"]
    assert all(not item.children for item in plan.items[:1])
    assert plan.items[1].deadline == date(2026, 6, 30)
    assert [problem.text for problem in plan.shortcomings] == ["干部法治意识有待提高。", "执法力量不足。"]
    figures = {(b.name, b.value, b.qualifier, b.unit) for b in plan.baselines}
    assert ("受教育群众", 2000, "余", "人次") in figures


def test_an_item_with_a_word_of_looking_back_is_still_an_item() -> None:
    """情况 in 做好财务收支情况公开 is the work, not a report on last year: all three items stay."""
    plan = parse_text(
        "2027年度推进法治政府建设的主要安排\n一是继续大力开展普法教育工作。\n二是做好财务收支情况公开。\n"
        "三是进一步加强政务公开。\n"
    )
    assert [(item.marker, item.title) for item in plan.items] == [
        ("一是", "继续大力开展普法教育工作"),
        ("二是", "做好财务收支情况公开"),
        ("三是", "进一步加强政务公开"),
    ]
    assert [s.reason for s in plan.skipped] == ["文件标题"]
