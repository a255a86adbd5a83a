"""The 下一年度主要安排 the project writes reads back as next year's plan: every carried item is an item
again, with the same words, and nothing of the written text is left unaccounted for."""

from __future__ import annotations

from tests.plans.parsing.accounted import assert_accounted
from tracker.plans.parsing import parse_text
from tracker.reports.composition import compose_draft
from tracker.reports.rollover import arrangement_document


def test_a_generated_draft_keeps_every_item_when_read_back(make_year) -> None:
    year = make_year()
    education = year.item("继续大力开展普法教育工作", marker="一是")
    year.task(year.item("法治讲座进校园", parent=education), status="done", recurring=True)
    openness = year.item("进一步加强政务公开", marker="二是")
    for area in ("政策法规与解读", "财务收支情况", "重大项目建设"):
        year.task(year.item(area, parent=openness), status="in_progress")
    fengqiao = year.item("坚持和发展新时代“枫桥经验”，做好矛盾纠纷排查化解", marker="三是")
    year.task(fengqiao, status="in_progress", ongoing=True)
    staff = year.item("加强法治专业人才培养", marker="四是")
    year.task(year.item("加大执法人员培训力度，提高执法人员的业务水平", parent=staff))
    year.task(year.item("开展执法案卷评查", parent=staff), ongoing=True)
    year.shortcoming("个别领域的执法监督机制有待进一步细化完善")
    section = compose_draft(year.records()).section("arrangements")
    document, _ = arrangement_document(section)
    plan = parse_text(document)
    assert plan.plan_year == 2027
    assert [item.marker for item in plan.items] == [part.marker for part in section.parts]
    assert len(plan.items) == len(section.parts) == 4
    assert plan.items[2].title.startswith("坚持和发展新时代“枫桥经验”")
    assert [child.title for child in plan.items[1].children] == [
        "政策法规与解读",
        "财务收支情况",
        "重大项目建设",
    ]
    assert_accounted(plan)
    assert {skipped.reason for skipped in plan.skipped} <= {
        "文件标题",
        "引导语：说明计划的背景、要求或目标，没有具体任务",
    }
