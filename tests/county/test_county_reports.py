"""Reports up the chain: each town's draft status as the county sees it (未开始/起草中/已提交), a town
submitting and withdrawing its draft, and the county's summary of the towns' figures, which are the
towns' own draft figures put together (summed for 累计 and 现有, listed for 比率), every number with
its sources and every figure left out with its reason. Town people never see the county's pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Role
from tracker.audit import AuditEvent
from tracker.clock import stamp
from tracker.config import Settings
from tracker.organisations.models import OrgKind
from tracker.organisations.scope import towns_in_scope
from tracker.reports.composition import compose_draft
from tracker.reports.county_summary import county_summary
from tracker.reports.index import YearIndex
from tracker.reports.loading import load_year
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus, ReportSubmission
from tracker.reports.patterns import Patterns
from tracker.reports.submissions import DraftStatus, town_drafts
from tracker.reports.year_figures import year_figure
from tracker.tasks.models import Indicator, IndicatorIncrement, IndicatorKind, ProgressEntry

AS_OF = date(2026, 11, 26)
FIGURES = {
    # indicator: (unit, kind, {town: [(day, amount, qualifier)]})
    "法治讲座": (
        "场",
        IndicatorKind.CUMULATIVE,
        {"east": [(3, "3", None), (5, "4", None)], "west": [(4, "5", "余")]},
    ),
    "法律明白人": (
        "名",
        IndicatorKind.STOCK,
        {"east": [(3, "30", None), (6, "32", None)], "west": [(5, "41", None)]},
    ),
    "调解成功率": ("%", IndicatorKind.RATE, {"east": [(6, "97.9", None)], "west": [(6, "95", None)]}),
    "法律咨询": ("次", IndicatorKind.CUMULATIVE, {"west": [(7, "10", None)]}),
    "法治宣传活动": ("场", IndicatorKind.CUMULATIVE, {"east": [(7, "6", None)], "west": [(7, "20", None)]}),
}
"""What the two towns recorded in 2026; 法治宣传活动 is counted in 场 by both, but west's is made 次
below, so it cannot be added up."""


def _record(
    session: Session, town: SimpleNamespace, name: str, unit: str, kind: IndicatorKind, values
) -> None:  # type: ignore[no-untyped-def]
    indicator = Indicator(plan_item_id=town.task.plan_item_id, name=name, unit=unit, kind=kind)
    session.add(indicator)
    session.flush()
    for month, amount, qualifier in values:
        entry = ProgressEntry(
            task=town.task, entry_date=date(2026, month, 10), text=f"{name}：本月记录{amount}{unit}"
        )
        entry.increments.append(
            IndicatorIncrement(indicator=indicator, amount=Decimal(amount), qualifier=qualifier)
        )
        session.add(entry)
    session.flush()


@pytest.fixture
def year(session: Session, county, make_organisation):  # type: ignore[no-untyped-def]
    """The county's towns with their 2026 figures, and a third town (北镇) without a plan."""
    for name, (unit, kind, by_town) in FIGURES.items():
        for key, values in by_town.items():
            town_unit = "次" if (name, key) == ("法治宣传活动", "west") else unit
            _record(session, getattr(county, key), name, town_unit, kind, values)
    empty = Indicator(plan_item_id=county.east.task.plan_item_id, name="行政复议案件", unit="件")
    session.add(empty)
    session.flush()
    county.north = make_organisation("北镇", parent=county.organisation)
    return county


def _finished_run(session: Session, settings: Settings, plan_id: int) -> ReportRun:
    folder = settings.var_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"reports/draft-{plan_id}.docx"
    Path(settings.var_dir / relative).write_bytes(b"docx bytes")
    run = ReportRun(
        plan_id=plan_id,
        format=ReportFormat.DOCX,
        status=ReportRunStatus.DONE,
        percent=100,
        result_path=relative,
        result_name="2026年法治政府建设年度报告（草稿）.docx",
        finished_at=stamp(),
    )
    session.add(run)
    session.flush()
    return run


def _draft_figures(session: Session, plan) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each indicator's figure as the town's own draft states it."""
    records = load_year(session, plan, AS_OF)
    draft = compose_draft(records, Patterns())
    index = YearIndex(records)
    figures = {}
    for indicator in index.indicators.values():
        figure = year_figure(index, indicator, [])
        if figure is not None:
            assert str(figure.quantity) in "".join(s.text for s in draft.sentences())
            figures[indicator.name] = str(figure.quantity)
    return figures


def test_the_county_sees_each_towns_status(session: Session, settings: Settings, year) -> None:  # type: ignore[no-untyped-def]
    _finished_run(session, settings, year.east.plan.id)
    west_run = _finished_run(session, settings, year.west.plan.id)
    session.add(
        ReportSubmission(
            plan_id=year.west.plan.id, run_id=west_run.id, submitted_by_id=year.west.coordinator.id
        )
    )
    session.flush()

    drafts = town_drafts(session, towns_in_scope(session, year.coordinator), 2026)
    assert [(d.town.name, d.status, d.status_word) for d in drafts] == [
        ("东镇", DraftStatus.DRAFTING, "起草中"),
        ("西镇", DraftStatus.SUBMITTED, "已提交"),
        ("北镇", DraftStatus.NOT_STARTED, "未开始"),
    ]
    assert drafts[2].note == "无已确认的2026年度计划"
    page = _county_client(year).get("/county/reports/?year=2026").get_data(as_text=True)
    for name, word in (("东镇", "起草中"), ("西镇", "已提交"), ("北镇", "未开始")):
        assert f'data-town="{name}"' in page and word in page


def _county_client(county):  # type: ignore[no-untyped-def]
    return county.sign_in(county.coordinator)


@pytest.fixture(autouse=True)
def _signing_in(county, sign_in, app) -> None:  # type: ignore[no-untyped-def]
    def signed(person):  # type: ignore[no-untyped-def]
        client = sign_in(person)
        app.config["WTF_CSRF_ENABLED"] = False
        return client

    county.sign_in = signed


def test_the_summary_is_the_sum_of_the_towns_draft_figures(session: Session, year) -> None:  # type: ignore[no-untyped-def]
    east, west = _draft_figures(session, year.east.plan), _draft_figures(session, year.west.plan)
    assert east["法治讲座"] == "7场" and west["法治讲座"] == "5余场"
    drafts = town_drafts(session, towns_in_scope(session, year.viewer), 2026)
    summary = county_summary(session, drafts, AS_OF)
    rows = {row.name: row for row in summary.rows}

    lectures = rows["法治讲座"]
    assert [(f.town.name, str(f.figure.quantity)) for f in lectures.figures] == [
        ("东镇", east["法治讲座"]),
        ("西镇", west["法治讲座"]),
    ]
    assert str(lectures.total) == "12余场"  # 7 + 10余… an approximate part makes the total approximate
    assert (
        str(rows["法律明白人"].total) == "73名"
    )  # the towns' standing totals (32 + 41), not the entries' sum
    assert rows["法律明白人"].total.value == Decimal(east["法律明白人"][:-1]) + Decimal(
        west["法律明白人"][:-1]
    )

    sources = lectures.figures[0]
    assert sources.task is not None and sources.task.href == f"/tasks/{year.east.task.id}"
    assert [entry.label for entry in sources.entries] == [
        "指标数据：法治讲座 +3场",
        "指标数据：法治讲座 +4场",
    ]
    assert all(entry.href == f"/tasks/{year.east.task.id}" for entry in sources.entries)


def test_a_rate_is_listed_town_by_town_never_summed(session: Session, year) -> None:  # type: ignore[no-untyped-def]
    drafts = town_drafts(session, towns_in_scope(session, year.coordinator), 2026)
    rate = next(row for row in county_summary(session, drafts, AS_OF).rows if row.name == "调解成功率")
    assert rate.total is None and rate.kind_word == "比率"
    assert [(f.town.name, str(f.figure.quantity)) for f in rate.figures] == [
        ("东镇", "97.9%"),
        ("西镇", "95%"),
    ]
    page = _county_client(year).get("/county/reports/?year=2026").get_data(as_text=True)
    assert "比率不相加" in page and "97.9%" in page and "95%" in page


def test_every_figure_left_out_is_listed_with_its_reason(session: Session, year) -> None:  # type: ignore[no-untyped-def]
    drafts = town_drafts(session, towns_in_scope(session, year.coordinator), 2026)
    left = {(row.town, row.indicator): row for row in county_summary(session, drafts, AS_OF).left_out}
    assert left[("西镇", "法律咨询")].reason == "只有西镇有此指标，没有可汇总的同名指标"
    assert left[("西镇", "法律咨询")].figure == "10次"
    assert "计量单位不同" in left[("东镇", "法治宣传活动")].reason
    assert left[("西镇", "法治宣传活动")].figure == "20次"
    assert left[("东镇", "行政复议案件")].reason == "本年度没有记录数据"
    assert left[("北镇", "（全部指标）")].reason == "无已确认的2026年度计划"
    page = _county_client(year).get("/county/reports/?year=2026").get_data(as_text=True)
    assert "未汇总的数字 5 项" in page


def test_the_summary_exports_to_xlsx_with_totals_and_sources(year) -> None:  # type: ignore[no-untyped-def]
    response = _county_client(year).get("/county/reports/2026/summary.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    lines = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["法治讲座", "累计", "场", "全县合计", "12余场", None, "2个镇相加"] in lines
    assert any(line[3] == "东镇" and "+3场" in (line[5] or "") for line in lines)
    assert any(line[0] == "法律咨询" and "未汇总" in (line[6] or "") for line in lines)


def test_a_town_submits_and_withdraws_with_a_reason_until_the_county_reads(
    session: Session, settings: Settings, year
) -> None:  # type: ignore[no-untyped-def]
    west = year.west
    run = _finished_run(session, settings, west.plan.id)
    town = year.sign_in(west.coordinator)
    assert "提交县级" in town.get("/reports/?year=2026").get_data(as_text=True)
    assert (
        year.sign_in(west.owner).post("/reports/2026/submission", data={"run_id": run.id}).status_code == 403
    )
    assert town.post("/reports/2026/submission", data={"run_id": run.id}).status_code == 302
    again = town.post("/reports/2026/submission", data={"run_id": run.id})
    assert again.status_code == 400 and "已提交县级" in again.get_data(as_text=True)

    refused = town.post("/reports/2026/submission/withdraw", data={"reason": " "})
    assert refused.status_code == 400 and "请填写撤回的原因" in refused.get_data(as_text=True)
    assert (
        town.post("/reports/2026/submission/withdraw", data={"reason": "漏填了第四季度数据"}).status_code
        == 302
    )
    withdrawn = session.scalar(select(AuditEvent).where(AuditEvent.action == "report.withdrawn"))
    assert withdrawn is not None and withdrawn.note == "漏填了第四季度数据"
    assert town.post("/reports/2026/submission", data={"run_id": run.id}).status_code == 302

    county = _county_client(year)
    read = county.get(f"/county/reports/2026/towns/{west.organisation.id}")
    assert read.status_code == 200 and "已提交" in read.get_data(as_text=True)
    with county.get(f"/county/reports/2026/towns/{west.organisation.id}/submitted") as download:
        assert download.data == b"docx bytes"
    late = town.post("/reports/2026/submission/withdraw", data={"reason": "还想修改"})
    assert late.status_code == 400 and "县级已阅读该草稿，不能撤回" in late.get_data(as_text=True)
    actions = set(
        session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "ReportSubmission"))
    )
    assert {"report.submitted", "report.withdrawn", "report.read"} <= actions


def test_town_people_are_refused_the_county_pages(year, home_town, make_user) -> None:  # type: ignore[no-untyped-def]
    east_id = year.east.organisation.id
    paths = (
        "/county/reports/?year=2026",
        "/county/reports/2026/summary.xlsx",
        f"/county/reports/2026/towns/{east_id}",
        f"/county/reports/2026/towns/{east_id}/submitted",
    )
    for person in (year.east.coordinator, year.east.viewer, year.west.leader, year.west.owner):
        client = year.sign_in(person)
        assert [client.get(path).status_code for path in paths] == [404] * 4
        assert "各镇报告" not in client.get("/reports/").get_data(as_text=True)
    county_owner = year.sign_in(make_user("county_zhou", Role.OWNER, organisation=year.organisation))
    refused = county_owner.get("/county/reports/?year=2026")
    assert refused.status_code == 403 and "只有县级法治办" in refused.get_data(as_text=True)
    county = _county_client(year)
    assert "各镇报告" in county.get("/reports/").get_data(as_text=True)
    assert county.get(f"/county/reports/2026/towns/{home_town.id}").status_code == 404  # not a town of theirs
    assert county.get(f"/county/reports/2026/towns/{year.organisation.id}").status_code == 404


def test_a_town_without_a_county_sees_nothing_new(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.coordinator).get("/reports/?year=2026").get_data(as_text=True)
    assert "报送县级" not in page and "各镇报告" not in page
    assert town.organisation.kind is OrgKind.TOWN and town.organisation.parent_id is None
