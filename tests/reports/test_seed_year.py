"""Acceptance on the seed: 上义镇's plan for 2026 imported and confirmed, a year of work recorded through
the task services (progress with increments, closing, an extension), some tasks left overdue or not
started, one item untouched. The draft says exactly what was recorded, in the report's shape, as a
Word document LibreOffice can paginate; its 下一年度主要安排 becomes next year's plan."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.plans.directory import ensure_departments
from tracker.accounts.models import Role, User
from tracker.cli import main
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.models import Plan, PlanItem, PlanStatus, RectificationState
from tracker.plans.parsing import parse_document
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.draft import Draft
from tracker.reports.loading import ReportError, load_year
from tracker.reports.markdown import render_markdown
from tracker.reports.rollover import roll_over
from tracker.reports.wording_store import load_wording
from tracker.tasks.closing import close_task
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.extensions import decide_extension, request_extension
from tracker.tasks.models import Indicator, Task, TaskStatus
from tracker.tasks.progress import ProgressReport, file_progress

AS_OF = date(2026, 11, 26)


@dataclass
class SeedYear:
    plan: Plan
    tasks: dict[str, Task]
    """By plan item title: 继续大力开展普法教育工作, 政策法规与解读, …"""
    untouched: PlanItem
    coordinator: User

    def draft(self, session: Session) -> Draft:
        return compose_draft(load_year(session, self.plan, AS_OF), load_wording(session))


def progress_filer(session: Session, store: EvidenceStore, by: User):  # type: ignore[no-untyped-def]
    """`file(task, text, on, **increments)`: a progress entry filed through the task service, with
    increments named by indicator."""

    def file(task: Task, text: str, on: date, **increments: Decimal) -> None:
        query = select(Indicator).where(Indicator.plan_item_id == task.plan_item_id)
        indicators = {indicator.name: indicator.id for indicator in session.scalars(query)}
        amounts = {indicators[name]: amount for name, amount in increments.items()}
        report = ProgressReport(text=text, entry_date=on, increments=amounts)
        file_progress(session, task, report, by=by, today=AS_OF, store=store, max_upload_bytes=1)

    return file


@pytest.fixture
def seed_year(session: Session, seed_report_path: Path, make_user, tmp_path: Path) -> SeedYear:  # type: ignore[no-untyped-def]
    coordinator = make_user("fazhiban", Role.COORDINATOR)
    ensure_departments(session)
    file = progress_filer(session, EvidenceStore(tmp_path / "evidence"), coordinator)
    plan = import_plan(session, data=seed_report_path.read_bytes(), filename=seed_report_path.name)
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

    shortcomings = plan.shortcomings
    shortcomings[1].rectification_state = RectificationState.DONE
    shortcomings[1].rectification_date = date(2026, 10, 1)
    session.flush()
    return SeedYear(plan, tasks, staff, coordinator)


def refs_of(section, kind: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {
        ref.id
        for part in section.parts
        for p in part.paragraphs
        for s in p.sentences
        for ref in s.sources
        if ref.kind == kind
    }


def test_one_part_per_plan_item_in_the_plans_order_and_style(seed_year: SeedYear, session: Session) -> None:
    parts = seed_year.draft(session).section("achievements").parts
    assert [part.item_id for part in parts] == [item.id for item in seed_year.plan.top_items]
    assert [(part.marker, part.level) for part in parts] == [("一是", 0), ("二是", 0), ("三是", 0)]
    assert [part.paragraphs[0].sentences[0].text for part in parts] == [
        "一是继续大力开展普法教育工作。",
        "二是进一步加强政务公开。",
        "三是加强法治专业人才培养。",
    ]


def test_figures_are_the_sums_of_the_increments_against_last_years_baseline(
    seed_year: SeedYear, session: Session
) -> None:
    law = seed_year.draft(session).section("achievements").parts[0].paragraphs[0].text
    assert (
        "全年累计开展法治讲座、法治宣传活动12场（比上年增加2场），覆盖960人次（比上年增加160人次）。" in law
    )
    assert "宪法宣传周进村开展普法讲座；民法典宣传月开展“以案释法”活动；法治副校长送法进校园。" in law
    assert law.endswith("该事项共1项任务，办结1项、推进中0项。")
    numbers = set(re.findall(r"\d+", law))
    assert numbers <= {"12", "2", "960", "160", "1", "0"}


def test_the_untouched_item_says_it_has_no_record(seed_year: SeedYear, session: Session) -> None:
    part = seed_year.draft(session).section("achievements").parts[2]
    assert part.item_id == seed_year.untouched.id
    assert [paragraph.text for paragraph in part.paragraphs] == [
        "三是加强法治专业人才培养。该事项3项任务本年度暂无进展记录。"
    ]


def test_problems_are_exactly_the_unfinished_tasks_and_open_shortcomings(
    seed_year: SeedYear, session: Session
) -> None:
    section = seed_year.draft(session).section("problems")
    unfinished = {task.id for task in seed_year.tasks.values() if task.status != TaskStatus.DONE}
    assert len(unfinished) == 8
    assert refs_of(section, "task") == unfinished
    open_ones = {short.id for short in seed_year.plan.shortcomings if not short.rectified}
    assert refs_of(section, "shortcoming") == open_ones
    text = "".join(p.text for part in section.parts for p in part.paragraphs)
    assert "“公共服务信息”原定2026年6月30日前完成，截至2026年11月26日已逾期149天。" in text
    assert (
        "该任务经批准延期至2026年12月31日（原定2026年9月30日），延期理由：等待村（社区）换届结束后统一公开。"
        in text
    )
    assert "“土地规划与管理”“环境保护与治理”等尚未开展，没有进展记录。" in text
    assert "“社会救助与保障”仍在推进中。" in text


def test_no_sentence_is_without_a_source(seed_year: SeedYear, session: Session) -> None:
    draft = seed_year.draft(session)
    assert draft.warnings == ()
    sentences = list(draft.sentences())
    assert len(sentences) > 30
    assert [sentence.text for sentence in sentences if not sentence.sources] == []
    assert all(ref in draft.sources for sentence in sentences for ref in sentence.sources)


def test_the_word_draft_has_the_official_layout_and_paginates(
    seed_year: SeedYear, session: Session, docx_to_pdf
) -> None:
    data = render_docx(seed_year.draft(session))
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、2026年度推进法治政府建设的主要举措和成效",
        "二、2026年度法治政府建设存在的不足和问题",
        "三、2027年度推进法治政府建设的主要安排",
    ]
    assert (
        document.styles["Heading 1"].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "黑体"
    )
    text, pages = docx_to_pdf(data)
    assert pages >= 2
    flat = re.sub(r"\s+", "", text)
    assert "上义镇2026年法治政府建设年度报告（草稿）" in flat
    for heading in headings:
        assert heading in flat
    assert "—1—" in flat and "—2—" in flat


def test_rollover_makes_next_years_draft_plan_linked_to_its_history(
    seed_year: SeedYear, session: Session
) -> None:
    arrangements = seed_year.draft(session).section("arrangements")
    plan = roll_over(session, from_year=2026, as_of=AS_OF, user=seed_year.coordinator)
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
    assert all(item.lead_units for item in plan.items if item.carried_from_id is not None)
    with pytest.raises(ReportError, match="不能重复结转"):
        roll_over(session, from_year=2026, as_of=AS_OF, user=seed_year.coordinator)


def test_the_rollover_plan_parses_back_into_the_same_items(
    seed_year: SeedYear, session: Session, tmp_path: Path
) -> None:
    plan = roll_over(session, from_year=2026, as_of=AS_OF, user=seed_year.coordinator)
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


@pytest.mark.parametrize("render", ["markdown", "docx"])
def test_the_whole_draft_imports_as_next_years_plan(
    seed_year: SeedYear, session: Session, render: str
) -> None:
    draft = seed_year.draft(session)
    data, name = (
        (render_markdown(draft).encode("utf-8"), "draft.md")
        if render == "markdown"
        else (render_docx(draft), "draft.docx")
    )
    parsed = parse_document(data, name)
    assert parsed.plan_year == 2027
    assert [(item.marker, item.title) for item in parsed.items] == [
        ("一是", "进一步加强政务公开"),
        ("二是", "加强法治专业人才培养"),
    ]
