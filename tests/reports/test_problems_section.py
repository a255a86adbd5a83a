"""存在的问题 lists exactly the unfinished and extended tasks and the open shortcomings, by plan item."""

from __future__ import annotations

from datetime import date

from tracker.reports.composition import compose_draft
from tracker.reports.draft import SourceRef


def task_refs_in(draft, section: str) -> set[SourceRef]:  # type: ignore[no-untyped-def]
    return {
        ref
        for part in draft.section(section).parts
        for paragraph in part.paragraphs
        for sentence in paragraph.sentences
        for ref in sentence.sources
        if ref.kind == "task"
    }


def test_only_unfinished_and_extended_tasks_are_problems(make_year) -> None:
    year = make_year()
    item = year.item("加强执法队伍建设", marker="一是")
    done = year.task(year.item("人才培养", parent=item), status="done", percent=100)
    late = year.task(
        year.item("执法培训", parent=item), status="in_progress", deadline=date(2026, 6, 30), percent=60
    )
    year.entry(late, "举办培训1期。")
    pending = year.task(year.item("执法监督", parent=item))
    extended_done = year.task(year.item("案卷评查", parent=item), status="done", percent=100)
    year.extension(extended_done, previous=date(2026, 4, 30), requested=date(2026, 7, 31), reason="案卷较多")
    draft = compose_draft(year.records())
    problems = task_refs_in(draft, "problems")
    assert problems == {SourceRef("task", task.id) for task in (late, pending, extended_done)}
    assert SourceRef("task", done.id) not in problems


def test_each_kind_of_problem_is_told_with_its_facts(make_year) -> None:
    year = make_year(as_of=date(2026, 11, 26))
    item = year.item("加强执法队伍建设", marker="一是")
    late = year.task(
        year.item("执法培训", parent=item), status="in_progress", deadline=date(2026, 6, 30), percent=60
    )
    year.entry(late, "举办培训1期。")
    year.extension(late, previous=date(2026, 3, 31), requested=date(2026, 6, 30), reason="等待县级师资安排。")
    ongoing = year.task(
        year.item("执法监督", parent=item), status="in_progress", deadline=None, ongoing=True, percent=30
    )
    year.entry(ongoing, "开展案卷评查。")
    year.task(year.item("普法考试", parent=item))
    paragraph = compose_draft(year.records()).section("problems").parts[0].paragraphs[0].text
    assert paragraph == (  # continuing work (执法监督, 长期) is no shortfall
        "一是“加强执法队伍建设”方面，有2项任务尚未办结。"
        "“执法培训”原定2026年6月30日前完成，截至2026年11月26日已逾期149天，完成进度60%。"
        "该任务经批准延期至2026年6月30日（原定2026年3月31日），延期理由：等待县级师资安排。"
        "“普法考试”尚未开展，没有进展记录。"
    )


def test_items_without_problems_are_left_out_and_parts_are_numbered_in_order(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"), status="done")
    year.task(year.item("加强政务公开", marker="二是"))
    year.task(year.item("加强执法队伍建设", marker="三是"))
    parts = compose_draft(year.records()).section("problems").parts
    assert [part.paragraphs[0].text[:12] for part in parts] == [
        "一是“加强政务公开”方面",
        "二是“加强执法队伍建设”",
    ]


def test_open_shortcomings_go_under_the_item_they_concern(make_year) -> None:
    year = make_year()
    year.task(
        year.item(
            "继续大力开展普法教育工作",
            text="继续大力开展普法教育工作，利用灵活多样的宣传形式宣传法律知识。",
            marker="一是",
        ),
        status="done",
    )
    year.task(
        year.item(
            "完善行政执法监督机制", text="完善行政执法监督机制，加强对行政执法行为的监督检查。", marker="二是"
        ),
        status="done",
    )
    law = year.shortcoming("普法宣传的吸引力尚需增强，普法精准度有待提高")
    enforcement = year.shortcoming("个别领域的执法监督机制有待进一步细化完善")
    year.shortcoming("已整改的问题：宣传形式单一", rectified=True)
    unrelated = year.shortcoming("财政保障水平不高")
    parts = compose_draft(year.records()).section("problems").parts
    assert [part.item_id for part in parts] == [year.items[0].id, year.items[1].id, None]
    sources = [{ref for p in part.paragraphs for s in p.sentences for ref in s.sources} for part in parts]
    assert SourceRef("shortcoming", law.id) in sources[0]
    assert SourceRef("shortcoming", enforcement.id) in sources[1]
    assert parts[2].paragraphs[0].text == "三是上年度查摆的问题中，“财政保障水平不高”尚未整改到位。"
    assert SourceRef("shortcoming", unrelated.id) in sources[2]


def test_a_year_without_problems_says_all_tasks_are_done(make_year) -> None:
    year = make_year()
    year.task(year.item("开展普法教育", marker="一是"), status="done")
    year.task(year.item("加强政务公开", marker="二是"), status="done")
    year.shortcoming("普法形式单一", rectified=True)
    section = compose_draft(year.records()).section("problems")
    assert section.parts == ()
    assert section.intro[0].text == "对照年度计划，2项任务均已按期办结，上年度查摆的1个问题均已整改。"
