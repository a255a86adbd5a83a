"""Acceptance: the seed report's own year (上义镇, 2025) built from records equivalent to what its
sections 一–五 state — its activities entered as progress, its figures as 累计, 现有 and 比率
indicators (approximate where the report says 余), the 第一责任人's work in the register, last year's
four shortcomings left unrectified with their causes — gives a draft that states every figure the
seed states, with the same numbers and qualifiers, and no figure the records do not hold; and its
Word file, paginated by LibreOffice, numbers odd pages on the right and even pages on the left.

The seed is read from ../shared/seeds/ at run time: its figures and its four shortcomings are facts
the records carry over; every sentence recorded here is our own.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser import screenshot_folder
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Role, User
from tracker.duties.models import DutyKind
from tracker.duties.service import add_duty
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import confirm_plan
from tracker.plans.models import Plan, PlanItem, PlanStatus, RectificationState, Shortcoming
from tracker.rectification.service import Rectification, record_rectification
from tracker.reports.citing import full_width
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.draft import Draft
from tracker.reports.index import YearIndex
from tracker.reports.loading import load_year
from tracker.reports.pattern_store import load_patterns
from tracker.reports.patterns import Patterns
from tracker.reports.work import repeat_key
from tracker.reports.year_figures import year_figure
from tracker.tasks.closing import close_task
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import Indicator, IndicatorKind, Task
from tracker.tasks.progress import IndicatorValue, ProgressReport, file_progress

DRAFTED = datetime(2026, 1, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
"""January: when a town writes the report on its last year."""
FIGURE = re.compile(r"(?:近|约)?\d+(?:\.\d+)?(?:余|多)?(?:人次|场|次|名|起|件|%|人|份|项)(?:以上)?")
"""A figure as reports state them; years (2025年) and dates (3月1日) are not figures."""

AREAS = (
    ("（一）", "坚持思想引领，夯实法治建设理论根基", "思想引领", "党建办"),
    ("（二）", "健全责任体系，强化法治建设组织领导", "组织领导", "党政办"),
    ("（三）", "聚焦关键环节，提升依法行政能力水平", "依法行政", "综合行政执法办"),
    ("（四）", "夯实基层基础，推进社会治理法治化", "基层治理", "司法所"),
)
TASKS = (
    (0, "系统学习习近平法治思想", "ongoing"),
    (1, "完善法治建设工作机制", ""),
    (2, "规范行政执法行为", ""),
    (2, "组织干部职工学法考试", ""),
    (3, "深化“法律明白人”培养工程", ""),
    (3, "构建多元化矛盾纠纷化解机制", ""),
    (3, "创新法治宣传教育形式", ""),
    (3, "常态化开展“法治副校长”送法进校园", "term"),
)


def seed_part(seed: str, start: str, end: str) -> str:
    """A stretch of the seed, its half-width punctuation read as the full-width it stands for."""
    seed = full_width(seed)
    return seed[seed.index(start) : seed.index(end)]


def seed_figures(seed: str) -> list[str]:
    """Every figure sections 一–五 of the seed state, with its qualifier."""
    return FIGURE.findall(seed_part(seed, "一、坚持思想引领", "六、"))


def seed_shortcomings(seed: str) -> tuple[list[str], list[str]]:
    """The four shortcomings of the seed's 五、 and the causes it gives (分析问题原因，主要在于…)."""
    part = seed_part(seed, "工作中存在的不足：", "六、")
    problems, causes = part.split("分析问题原因，主要在于")
    items = [text.strip("。 \n") for text in re.split(r"[一二三四]是", problems)[1:]]
    return items, [cause.strip("。 \n") for cause in causes.split("；")]


@dataclass
class SeedYear:
    plan: Plan
    tasks: dict[str, Task]
    records_figures: set[str]

    def draft(self, session: Session) -> Draft:
        return compose_draft(
            load_year(session, self.plan, DRAFTED.date()), load_patterns(session, self.plan.organisation_id)
        )


def _plan(session: Session) -> Plan:
    text = "上义镇2025年法治政府建设工作要点（测试用，由测试写成）"
    plan = Plan(
        organisation_id=sole_organisation(session).id,
        year=2025,
        title="上义镇2024年法治政府建设年度报告",
        status=PlanStatus.DRAFT,
        source_filename="plan-2025.txt",
        source_bytes=text.encode("utf-8"),
        source_sha256="5" * 64,
        source_text=text,
    )
    session.add(plan)
    position = 0
    tops = []
    for marker, title, category, _unit in AREAS:
        top = PlanItem(
            plan=plan, position=position, marker=marker, title=title, text=title, category=category
        )
        tops.append(top)
        session.add(top)
        position += 1
    for area, title, timing in TASKS:
        recurrence = (
            {"every": "term", "due_dates": ["2025-03-01", "2025-09-01"]} if timing == "term" else None
        )
        session.add(
            PlanItem(
                plan=plan,
                parent=tops[area],
                position=position,
                title=title,
                text=title,
                lead_units=[AREAS[area][3]],
                deadline=None if timing else date(2025, 12, 31),
                ongoing=timing == "ongoing",
                recurrence=recurrence,
            )
        )
        position += 1
    session.flush()
    return plan


def _indicator(session: Session, task: Task, name: str, unit: str, kind: IndicatorKind) -> None:
    session.add(Indicator(plan_item_id=task.plan_item_id, name=name, unit=unit, kind=kind))
    session.flush()


@pytest.fixture
def seed_year(
    session: Session, seed_report_path: Path, make_user, make_department, tmp_path: Path
) -> SeedYear:  # type: ignore[no-untyped-def]
    seed = seed_report_path.read_text(encoding="utf-8")
    coordinator: User = make_user("fazhiban", Role.COORDINATOR)
    for unit in dict.fromkeys(unit for *_area, unit in AREAS):
        make_department(unit)
    plan = _plan(session)
    confirm_plan(session, plan, confirmed_by=coordinator)
    tasks = {task.title: task for task in session.scalars(select(Task).where(Task.plan_id == plan.id))}
    store = EvidenceStore(tmp_path / "evidence")
    figures: set[str] = set()

    def progress(title: str, text: str, on: date, **values: IndicatorValue) -> None:
        task = tasks[title]
        ids = {
            i.name: i.id
            for i in session.scalars(select(Indicator).where(Indicator.plan_item_id == task.plan_item_id))
        }
        report = ProgressReport(
            text=text, entry_date=on, increments={ids[name]: value for name, value in values.items()}
        )
        file_progress(
            session, task, report, by=coordinator, today=DRAFTED.date(), store=store, max_upload_bytes=1
        )
        figures.update(FIGURE.findall(text))

    def close(title: str) -> None:
        close_task(session, tasks[title], by=coordinator, version_id=tasks[title].version_id)

    progress("系统学习习近平法治思想", "党委理论学习中心组开展习近平法治思想专题研讨。", date(2025, 3, 18))
    progress("系统学习习近平法治思想", "举办法治建设专题辅导讲座，组织干部职工线上学习。", date(2025, 9, 9))
    progress(
        "完善法治建设工作机制",
        "制定年度法治政府建设工作要点和任务分解方案，明确时间表和责任人。",
        date(2025, 2, 28),
    )
    progress("完善法治建设工作机制", "建立法治建设工作例会、信息报送和督查考核制度。", date(2025, 4, 30))
    close("完善法治建设工作机制")

    _indicator(session, tasks["规范行政执法行为"], "执法办案", "件", IndicatorKind.CUMULATIVE)
    _indicator(session, tasks["规范行政执法行为"], "执法人员持证上岗率", "%", IndicatorKind.RATE)
    _indicator(session, tasks["规范行政执法行为"], "法律知识考核合格率", "%", IndicatorKind.RATE)
    progress(
        "规范行政执法行为",
        "应用“河源粤执法”平台执法办案20件，无行政复议案件。",
        date(2025, 12, 20),
        执法办案=IndicatorValue(Decimal(20)),
        执法人员持证上岗率=IndicatorValue(Decimal(100), full_year=True),
        法律知识考核合格率=IndicatorValue(Decimal(100), full_year=True),
    )
    close("规范行政执法行为")
    _indicator(session, tasks["组织干部职工学法考试"], "干部职工学法考试参考优秀率", "%", IndicatorKind.RATE)
    progress(
        "组织干部职工学法考试",
        "组织干部职工通过全省国家工作人员学法平台学习并参加年度学法考试。",
        date(2025, 11, 28),
        干部职工学法考试参考优秀率=IndicatorValue(Decimal(100), full_year=True),
    )
    close("组织干部职工学法考试")

    _indicator(session, tasks["深化“法律明白人”培养工程"], "“法律明白人”", "名", IndicatorKind.STOCK)
    progress(
        "深化“法律明白人”培养工程",
        "“法律明白人”参与基层普法宣传和纠纷调解。",
        date(2025, 12, 10),
        **{"“法律明白人”": IndicatorValue(Decimal(32))},
    )
    close("深化“法律明白人”培养工程")
    _indicator(session, tasks["构建多元化矛盾纠纷化解机制"], "矛盾纠纷", "起", IndicatorKind.CUMULATIVE)
    _indicator(session, tasks["构建多元化矛盾纠纷化解机制"], "调解成功率", "%", IndicatorKind.RATE)
    for quarter, month, count in (("一", 3, 10), ("二", 6, 12), ("三", 9, 11), ("四", 12, 14)):
        progress(
            "构建多元化矛盾纠纷化解机制",
            f"第{quarter}季度依托综治中心、司法所、派出所开展矛盾纠纷排查化解。",
            date(2025, month, 25),
            矛盾纠纷=IndicatorValue(Decimal(count)),
        )
    progress(
        "构建多元化矛盾纠纷化解机制",
        "完善人民调解、行政调解、司法调解联动工作体系。",
        date(2025, 7, 3),
        调解成功率=IndicatorValue(Decimal("97.5")),
    )
    progress(
        "构建多元化矛盾纠纷化解机制",
        "建立矛盾纠纷排查预警、分析研判、分流处置、联动化解机制。",
        date(2025, 12, 28),
        调解成功率=IndicatorValue(Decimal("97.9"), full_year=True),
    )
    close("构建多元化矛盾纠纷化解机制")
    for name, unit in (("开展法治讲座、法治宣传活动", "场"), ("覆盖", "人次"), ("接受法律咨询", "次")):
        _indicator(session, tasks["创新法治宣传教育形式"], name, unit, IndicatorKind.CUMULATIVE)
    progress(
        "创新法治宣传教育形式",
        "利用国家宪法日、民法典宣传月等节点，结合“送戏下乡”“以案释法”微课堂开展普法宣传。",
        date(2025, 12, 15),
        **{
            "开展法治讲座、法治宣传活动": IndicatorValue(Decimal(10), "余"),
            "覆盖": IndicatorValue(Decimal(800), "余"),
            "接受法律咨询": IndicatorValue(Decimal(60), "余"),
        },
    )
    close("创新法治宣传教育形式")
    for month in (3, 9):
        progress(
            "常态化开展“法治副校长”送法进校园",
            "开学组织校园法治讲座和法治宣传进校园活动。",
            date(2025, month, 5),
        )

    for held_on, kind, text in (
        (date(2025, 2, 20), DutyKind.RESEARCH, "主持召开法治建设领导小组会议，研究部署年度法治政府建设工作"),
        (date(2025, 7, 15), DutyKind.RESEARCH, "听取法治政府建设工作汇报，协调解决突出问题"),
        (date(2025, 4, 10), DutyKind.STUDY, "政府常务会议会前集体学习《中华人民共和国行政复议法》"),
        (date(2025, 12, 30), DutyKind.OTHER_DUTY, "将法治政府建设成效纳入领导班子和领导干部年度考核"),
        (date(2025, 12, 31), DutyKind.OTHER_MATTER, "无其他需要报告的情况"),
    ):
        add_duty(
            session,
            organisation_id=sole_organisation(session).id,
            held_on=held_on,
            kind=kind,
            text=text,
            by=coordinator,
            now=DRAFTED,
            today=DRAFTED.date(),
        )

    problems, causes = seed_shortcomings(seed)
    for position, text in enumerate(problems):
        shortcoming = Shortcoming(plan=plan, position=position, text=text)
        session.add(shortcoming)
        session.flush()
        cause = causes[position] if position < len(causes) else ""
        given = Rectification(RectificationState.OPEN, cause=cause)
        record_rectification(session, shortcoming, given, by=coordinator, today=DRAFTED.date())
    return SeedYear(plan, tasks, figures)


def body_text(draft: Draft) -> str:
    """Sections 一–五 as one text: the report a leader signs (the annex table is checked apart)."""
    return "".join(paragraph.text for section in draft.sections for paragraph in section.paragraphs())


def test_the_draft_states_every_figure_the_seed_states_with_its_qualifier(
    seed_year: SeedYear, session: Session, seed_report_path: Path
) -> None:
    wanted = seed_figures(seed_report_path.read_text(encoding="utf-8"))
    assert sorted(set(wanted)) == ["100%", "10余场", "20件", "32名", "47起", "60余次", "800余人次", "97.9%"]
    text = body_text(seed_year.draft(session))
    assert [figure for figure in wanted if figure not in text] == []


def held_figures(session: Session, year: SeedYear) -> set[str]:
    """Every figure the records hold: those written in entries, each indicator's figure of the year,
    how many times repeated work was recorded and how many register lines each duty has."""
    records = load_year(session, year.plan, DRAFTED.date())
    index = YearIndex(records)
    held = set(year.records_figures)
    held.update(str(figure.quantity) for i in records.indicators if (figure := year_figure(index, i, [])))
    repeats = Counter((entry.task_id, repeat_key(entry.text)) for entry in records.entries)
    held.update(f"{count}次" for count in repeats.values() if count > 1)
    held.update(f"{count}次" for count in Counter(line.kind for line in records.duties).values())
    return held


def test_the_draft_states_no_figure_the_records_do_not_hold(seed_year: SeedYear, session: Session) -> None:
    draft = seed_year.draft(session)
    stated = set(FIGURE.findall(body_text(draft)))
    assert stated - held_figures(session, seed_year) == set()
    assert {"47起", "32名", "97.9%", "10余场", "800余人次", "60余次", "20件", "100%"} <= stated
    assert "97.5%" not in stated  # the half-year rate gives way to the whole year's


def test_the_figures_read_as_the_seed_reads_them(seed_year: SeedYear, session: Session) -> None:
    text = body_text(seed_year.draft(session))
    for said in (
        "应用“河源粤执法”平台执法办案20件，无行政复议案件。",
        "执法人员持证上岗率达100%，法律知识考核合格率达100%。",
        "干部职工学法考试参考优秀率达100%。",
        "全镇现有“法律明白人”32名。",
        "全年共化解矛盾纠纷47起，调解成功率达97.9%。",
        "全年共开展法治讲座、法治宣传活动10余场，覆盖800余人次，接受法律咨询60余次。",
        "依托综治中心、司法所、派出所开展矛盾纠纷排查化解，全年共4次",
    ):
        assert said in text
    for tally in ("项任务", "办结", "佐证材料", "逾期"):
        assert tally not in text


def test_the_seeds_shortcomings_are_reported_open_with_its_causes_and_the_duties_are_told(
    seed_year: SeedYear, session: Session, seed_report_path: Path
) -> None:
    problems, causes = seed_shortcomings(seed_report_path.read_text(encoding="utf-8"))
    draft = seed_year.draft(session)
    shortfalls = "".join(paragraph.text for paragraph in draft.section("problems").paragraphs())
    assert len(problems) == 4 and all(problem in shortfalls for problem in problems)
    assert shortfalls.endswith("分析问题原因，主要在于" + "；".join(causes) + "。")
    duty = [paragraph.text for paragraph in draft.section("duty").paragraphs()]
    assert duty[1].startswith("二是专题研究部署法治建设，全年2次：2月20日，主持召开法治建设领导小组会议")
    assert [paragraph.text for paragraph in draft.section("other").paragraphs()] == ["无其他需要报告的情况。"]
    assert draft.gaps == () and draft.warnings == ()
    assert all(sentence.sources for sentence in draft.sentences())


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as (xMin, yMin, xMax, yMax, text), in points from the top left."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
        )
        pages.append([(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in words])
    return pages


def _page_number(
    words: list[tuple[float, float, float, float, str]], number: int
) -> tuple[float, float, float]:
    """(left, right, vertical middle) in mm of the — n — at the page's foot."""
    foot = [word for word in words if word[1] > 700 and word[4] in ("—", str(number))]
    assert [word[4] for word in foot] == ["—", str(number), "—"], foot
    mm = 25.4 / 72
    return foot[0][0] * mm, foot[-1][2] * mm, (foot[1][1] + foot[1][3]) / 2 * mm


def test_the_word_draft_paginates_as_gb_t_9704_asks(
    seed_year: SeedYear,
    session: Session,
    docx_to_pdf,
    request: pytest.FixtureRequest,  # type: ignore[no-untyped-def]
) -> None:
    long_title = Patterns({"title": "〔单位〕人民政府关于〔年度〕年度法治政府建设情况的报告"})
    draft = compose_draft(load_year(session, seed_year.plan, DRAFTED.date()), long_title)
    data = render_docx(draft, DRAFTED)
    pdf = docx_to_pdf(data)
    pages = _pages(pdf)
    assert len(pages) >= 3
    odd_left, odd_right, odd_middle = _page_number(pages[0], 1)
    even_left, even_right, even_middle = _page_number(pages[1], 2)
    text_right, text_left, one_character = 210 - 26, 28, 14 * 25.4 / 72
    assert odd_right == pytest.approx(text_right - one_character, abs=1.5)  # right, one character in
    assert even_left == pytest.approx(text_left + one_character, abs=1.5)  # left, one character in
    assert odd_left > 105 and even_right < 105
    assert odd_middle == pytest.approx(297 - 35 + 7, abs=1.5) == even_middle  # 7 mm below the text area
    lines = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    title = [re.sub(r"\s+", "", line) for line in lines.splitlines() if line.strip()][:3]
    assert title == ["上义镇人民政府关于2025年度", "法治政府建设情况的报告", "（草稿）"]
    shots = screenshot_folder(request.path, request.node.name)
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(shots / "page")], check=True
    )
    assert sorted(path.name for path in shots.iterdir()) == ["page-1.png", "page-2.png"]
    document = Document(io.BytesIO(data))
    assert (document.core_properties.author, document.core_properties.title) == (
        "上义镇",
        "上义镇人民政府关于2025年度法治政府建设情况的报告",
    )
