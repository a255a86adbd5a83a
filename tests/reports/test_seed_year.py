"""The seed's plan for 2026 lived through: 上义镇's 下一年度主要安排 imported and confirmed, a year of
work recorded through the task services (progress with figures, closing, an extension, a reason, a
rectification), some work left unfinished and one area untouched. The draft says what was recorded in
the official outline; its 下一年度主要安排 reads back as the same items, and rollover makes next
year's plan of them: every item kept, linked to the item it continues, offered the unit that led it,
measured against this year's results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.plans.directory import ensure_departments
from tracker.accounts.models import Role, User
from tracker.cli import main
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.models import Plan, PlanItem, PlanStatus, RectificationState
from tracker.plans.parsing import parse_document
from tracker.rectification.service import Rectification, record_rectification
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.draft import Draft
from tracker.reports.loading import ReportError, load_year
from tracker.reports.markdown import render_markdown
from tracker.reports.pattern_store import load_patterns
from tracker.reports.rollover import roll_over
from tracker.tasks.closing import close_task
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.extensions import decide_extension, request_extension
from tracker.tasks.models import Indicator, Task, TaskStatus
from tracker.tasks.progress import IndicatorValue, ProgressReport, file_progress
from tracker.tasks.reasons import record_unfinished_reason

AS_OF = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@dataclass
class SeedYear:
    plan: Plan
    tasks: dict[str, Task]
    """By plan item title: 继续大力开展普法教育工作, 政策法规与解读, …"""
    untouched: PlanItem
    coordinator: User

    def draft(self, session: Session) -> Draft:
        return compose_draft(
            load_year(session, self.plan, AS_OF), load_patterns(session, self.plan.organisation_id)
        )


def progress_filer(session: Session, store: EvidenceStore, by: User):  # type: ignore[no-untyped-def]
    """`file(task, text, on, **increments)`: a progress entry filed through the task service, with
    increments named by indicator."""

    def file(task: Task, text: str, on: date, **increments: Decimal) -> None:
        query = select(Indicator).where(Indicator.plan_item_id == task.plan_item_id)
        indicators = {indicator.name: indicator.id for indicator in session.scalars(query)}
        amounts = {indicators[name]: IndicatorValue(amount) for name, amount in increments.items()}
        report = ProgressReport(text=text, entry_date=on, increments=amounts)
        file_progress(session, task, report, by=by, today=AS_OF, store=store, max_upload_bytes=1)

    return file


@pytest.fixture
def seed_year(session: Session, seed_report_path: Path, make_user, tmp_path: Path) -> SeedYear:  # type: ignore[no-untyped-def]
    coordinator = make_user("fazhiban", Role.COORDINATOR)
    ensure_departments(session)
    file = progress_filer(session, EvidenceStore(tmp_path / "evidence"), coordinator)
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=seed_report_path.read_bytes(),
        filename=seed_report_path.name,
    )
    confirm_plan(session, plan, confirmed_by=coordinator)
    tasks = {task.title: task for task in session.scalars(select(Task).where(Task.plan_id == plan.id))}
    law, _openness, staff = plan.top_items
    baselines = {(b.name, b.unit): b for b in plan.baselines}
    for name, unit, baseline in (
        ("开展法治讲座、法治宣传活动", "场", baselines[("法治讲座、法治宣传活动", "场")]),
        ("覆盖", "人次", baselines[("法治讲座、法治宣传活动", "人次")]),
    ):
        session.add(
            Indicator(
                plan_item_id=law.id,
                name=name,
                unit=unit,
                baseline_value=baseline.value,
                baseline_qualifier=baseline.qualifier,
                baseline_year=baseline.year,
                baseline_id=baseline.id,
            )
        )
    session.flush()

    education = tasks["继续大力开展普法教育工作"]
    for text, on, events, people in (
        ("宪法宣传周进村开展普法讲座。", date(2026, 3, 10), "2", "150"),
        ("民法典宣传月开展“以案释法”活动。", date(2026, 5, 20), "4", "330"),
        ("法治副校长送法进校园。", date(2026, 9, 8), "6", "480"),
    ):
        file(
            education,
            text,
            on,
            **{"开展法治讲座、法治宣传活动": Decimal(events), "覆盖": Decimal(people)},
        )
    close_task(session, education, by=coordinator, version_id=education.version_id)

    for title in ("政策法规与解读", "财务收支情况", "重大项目建设"):
        file(tasks[title], f"在政务公开栏和政府网站公开{title}信息。", date(2026, 6, 30))
        close_task(session, tasks[title], by=coordinator, version_id=tasks[title].version_id)
    file(tasks["社会救助与保障"], "按季度公开救助对象和资金发放情况。", date(2026, 7, 5))
    late = tasks["公共服务信息"]
    late.deadline = date(2026, 6, 30)
    file(late, "梳理公共服务事项清单。", date(2026, 5, 12))
    record_unfinished_reason(session, late, "公共服务事项多、涉及部门广，清单梳理耗时较长", by=coordinator)
    extended = tasks["基层组织建设"]
    extended.deadline = date(2026, 9, 30)
    session.flush()
    request = request_extension(
        session,
        extended,
        by=coordinator,
        new_deadline=date(2026, 12, 31),
        reason="等待村（社区）换届结束后统一公开。",
        today=date(2026, 9, 15),
    )
    decide_extension(session, request, by=coordinator, approve=True)
    file(extended, "完成5个村的组织信息公开。", date(2026, 10, 20))

    record_rectification(
        session,
        plan.shortcomings[1],
        Rectification(RectificationState.DONE, "开通普法微信公众号，推送“以案释法”短视频", date(2026, 10, 1)),
        by=coordinator,
        today=AS_OF,
    )
    return SeedYear(plan, tasks, staff, coordinator)


def refs_of(section, kind: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {
        ref.id
        for paragraph in section.paragraphs()
        for s in paragraph.sentences
        for ref in s.sources
        if ref.kind == kind
    }


def text_of(section) -> str:  # type: ignore[no-untyped-def]
    return "".join(paragraph.text for paragraph in section.paragraphs())


def test_one_part_per_plan_area_in_the_plans_order_and_style(seed_year: SeedYear, session: Session) -> None:
    parts = seed_year.draft(session).section("achievements").parts
    assert [part.item_id for part in parts] == [item.id for item in seed_year.plan.top_items]
    assert [(part.marker, part.level) for part in parts] == [("一是", 0), ("二是", 0), ("三是", 0)]
    assert [part.paragraphs[0].sentences[0].text for part in parts] == [
        "一是继续大力开展普法教育工作。",
        "二是进一步加强政务公开。",
        "三是加强法治专业人才培养。",
    ]


def test_the_years_work_is_told_with_its_figures_against_last_year(
    seed_year: SeedYear, session: Session
) -> None:
    law, openness, _staff = (
        part.paragraphs[0].text for part in seed_year.draft(session).section("achievements").parts
    )
    assert law == (
        "一是继续大力开展普法教育工作。宪法宣传周进村开展普法讲座；民法典宣传月开展“以案释法”活动；法治副校长送法进校园。"
        "全年共开展法治讲座、法治宣传活动12场，与上年（10余场）基本持平；覆盖960人次，与上年（800余人次）基本持平。"
        "针对普法宣传的吸引力、感染力、渗透力尚需增强的问题，开通普法微信公众号，推送“以案释法”短视频，已整改到位。"
    )
    assert "在政务公开栏和政府网站公开政策法规与解读、财务收支情况、重大项目建设信息。" in openness


def test_the_untouched_area_asks_to_be_filled(seed_year: SeedYear, session: Session) -> None:
    part = seed_year.draft(session).section("achievements").parts[2]
    assert part.item_id == seed_year.untouched.id
    assert [paragraph.text for paragraph in part.paragraphs] == [
        "三是加强法治专业人才培养。【待补充：“加强法治专业人才培养”本年度的工作举措和成效（没有进展记录）】"
    ]


def test_shortfalls_are_the_unfinished_and_late_work_and_open_shortcomings_with_causes(
    seed_year: SeedYear, session: Session
) -> None:
    section = seed_year.draft(session).section("problems")
    told = {task.id for task in seed_year.tasks.values() if task.status != TaskStatus.DONE}
    assert refs_of(section, "task") == told
    open_ones = {short.id for short in seed_year.plan.shortcomings if not short.rectified}
    assert refs_of(section, "shortcoming") == open_ones
    text = text_of(section)
    assert text.startswith("一是政务公开方面，社会救助与保障、公共服务信息、基层组织建设等尚未完成。")
    assert text.endswith(
        "分析问题原因，主要在于公共服务事项多、涉及部门广，清单梳理耗时较长；等待村（社区）换届结束后统一公开。"
    )
    for detail in ("逾期", "%", "原定2026"):
        assert detail not in text


def test_no_sentence_is_without_a_source(seed_year: SeedYear, session: Session) -> None:
    draft = seed_year.draft(session)
    assert draft.warnings == ()
    sentences = list(draft.sentences())
    assert len(sentences) > 30
    assert [sentence.text for sentence in sentences if not sentence.sources] == []
    assert all(ref in draft.sources for sentence in sentences for ref in sentence.sources)


def roll_over_2026(seed_year: SeedYear, session: Session) -> Plan:
    """The coordinator starts 2027's plan from the seed year, as of the drafting day."""
    return roll_over(
        session,
        organisation_id=seed_year.coordinator.organisation_id,
        from_year=2026,
        as_of=AS_OF,
        user=seed_year.coordinator,
    )


def test_rollover_keeps_every_item_links_it_offers_the_unit_that_led_it_and_carries_the_results(
    seed_year: SeedYear, session: Session
) -> None:
    arrangements = seed_year.draft(session).section("arrangements")
    law = seed_year.tasks["继续大力开展普法教育工作"]
    law.lead_department.name = "司法所"  # the unit that led the work
    unfinished = seed_year.tasks["公共服务信息"]
    plan = roll_over_2026(seed_year, session)
    assert (plan.year, plan.status, plan.rolled_over_from_id) == (2027, PlanStatus.DRAFT, seed_year.plan.id)
    tops = plan.top_items
    assert [(item.marker, item.title) for item in tops] == [
        ("一是", "进一步加强政务公开"),
        ("二是", "加强法治专业人才培养"),
    ]
    assert [part.marker for part in arrangements.parts] == ["一是", "二是"]
    old = {item.id: item for item in seed_year.plan.items}
    assert [old[item.carried_from_id].title for item in tops] == [
        "进一步加强政务公开",
        "加强法治专业人才培养",
    ]
    children = [(item.title, old[item.carried_from_id]) for item in plan.items if item.parent_id is not None]
    areas = ["社会救助与保障", "公共服务信息", "基层组织建设", "土地规划与管理", "环境保护与治理"]
    assert [(title, origin.title) for title, origin in children[:5]] == [(area, area) for area in areas]
    assert ("加大执法人员培训力度", "加大执法人员培训力度") in [(t, o.title) for t, o in children]
    rectifying = [origin.title for title, origin in children if title.startswith("切实整改")]
    assert rectifying == ["加强法治专业人才培养"] * 3
    carried = {item.title: item for item in plan.items}
    assert carried["公共服务信息"].lead_units == [unfinished.lead_department.name]
    assert all(item.lead_units for item in plan.items if item.carried_from_id is not None)
    baselines = {(b.name, b.unit): (b.value, b.qualifier, b.year) for b in plan.baselines}
    assert baselines == {
        ("开展法治讲座、法治宣传活动", "场"): (12, None, 2026),
        ("覆盖", "人次"): (960, None, 2026),
    }
    with pytest.raises(ReportError, match="不能重复结转"):
        roll_over_2026(seed_year, session)


def test_the_rollover_plan_parses_back_into_the_same_items(
    seed_year: SeedYear, session: Session, tmp_path: Path
) -> None:
    plan = roll_over_2026(seed_year, session)
    arrangements = seed_year.draft(session).section("arrangements")
    source = tmp_path / plan.source_filename
    source.write_bytes(plan.source_bytes)
    result = CliRunner().invoke(main, ["plan", "parse", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.stdout)
    assert parsed["plan_year"] == 2027

    def shape(items: list[dict]) -> list[tuple]:  # type: ignore[type-arg]
        return [(i["marker"], i["title"], i["text"], tuple(i["span"]), shape(i["children"])) for i in items]

    def stored(items: list[PlanItem]) -> list[tuple]:  # type: ignore[type-arg]
        return [(i.marker, i.title, i.text, (i.span_start, i.span_end), stored(i.children)) for i in items]

    assert shape(parsed["items"]) == stored(plan.top_items)
    assert len(plan.top_items) == len(arrangements.parts)
    assert parsed["baselines"] == []


@pytest.mark.parametrize("render", ["markdown", "docx"])
def test_the_whole_draft_imports_as_next_years_plan_without_junk(
    seed_year: SeedYear, session: Session, render: str
) -> None:
    draft = seed_year.draft(session)
    data, name = (
        (render_markdown(draft).encode("utf-8"), "draft.md")
        if render == "markdown"
        else (render_docx(draft, NOW), "draft.docx")
    )
    parsed = parse_document(data, name)
    assert parsed.plan_year == 2027
    assert [(item.marker, item.title) for item in parsed.items] == [
        ("一是", "进一步加强政务公开"),
        ("二是", "加强法治专业人才培养"),
    ]
    junk = [b for b in parsed.baselines if b.unit == "项" or "该事项" in b.name or "任务" in b.name]
    assert junk == []
    problems = [
        paragraph.text[2:] for part in draft.section("problems").parts for paragraph in part.paragraphs
    ]
    assert [s.text.rstrip("。") for s in parsed.shortcomings] == [text.rstrip("。") for text in problems]
