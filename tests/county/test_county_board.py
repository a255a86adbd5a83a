"""The county's board `/county`: its towns side by side (三色 counts, progress by plan area, the longest
overdue), their progress month by month, and the comparison as a sheet — for the county's
coordinator, leader and viewer only, from the active plans of its own towns only."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tracker.accounts.models import Role
from tracker.board.lights import Light, Thresholds
from tracker.clock import stamp
from tracker.county.figures import county_board
from tracker.plans.models import PlanItem
from tracker.tasks.models import ProgressEntry, TaskStatus

TEST_PASSWORD = "correct-horse-42"  # the factories' password (tests/conftest.py)

TODAY = date(2026, 3, 2)  # the `settings` fixture's today: a Monday
ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def figures(county, session, make_task, make_plan, home_town):  # type: ignore[no-untyped-def]
    """东镇: five tasks in two areas — 开展法治讲座 (60%, filed 30% in January and 60% in February),
    one 红 (long overdue, 20% filed in January), one 橙 (overdue since Friday), one 蓝 (due this week,
    under 二是 依法行政), one closed on 10 February. 西镇: its 开展法治讲座 and one 红 task, and an
    archived plan's overdue task (not counted). 本镇, outside the county, has an overdue task too."""
    east, west = county.east, county.west
    lecture = east.task
    lecture.percent = 60
    red = make_task(
        east.plan, "建设法治文化阵地", deadline=date(2026, 1, 15), percent=20, lead_department=east.lead
    )
    orange = make_task(east.plan, "修订村规民约", deadline=date(2026, 2, 27))
    closed = make_task(east.plan, "开展宪法宣传周活动", deadline=date(2026, 2, 1), status=TaskStatus.DONE)
    closed.closed_at, closed.percent = datetime(2026, 2, 10, 2, 0, tzinfo=UTC), 100
    area = PlanItem(plan=east.plan, position=100, marker="二是", title="依法行政", text="依法行政")
    leaf = PlanItem(plan=east.plan, parent=area, position=101, title="公开权责清单", text="公开权责清单")
    session.add_all([area, leaf])
    session.flush()
    blue = make_task(east.plan, "公开权责清单", deadline=date(2026, 3, 5))
    blue.plan_item = leaf
    session.add_all(
        [
            ProgressEntry(task=lecture, entry_date=date(2026, 1, 20), text="筹备", percent=30),
            ProgressEntry(task=lecture, entry_date=date(2026, 2, 15), text="已开两场", percent=60),
            ProgressEntry(task=lecture, entry_date=date(2026, 2, 16), text="补充照片"),  # no percent
            ProgressEntry(task=red, entry_date=date(2026, 1, 10), text="选址", percent=20),
        ]
    )
    make_task(west.plan, "整治违建", deadline=date(2026, 1, 15), lead_department=west.lead)
    archived = make_plan(year=2026, organisation=west.organisation)
    archived.archived_at = stamp()
    make_task(archived, "去年的遗留任务", deadline=date(2026, 1, 5))
    home = make_plan(organisation=home_town)
    make_task(home, "本镇的逾期任务", deadline=date(2026, 1, 5))
    session.flush()
    return SimpleNamespace(red=red, orange=orange, blue=blue, closed=closed)


def _board(session, person):  # type: ignore[no-untyped-def]
    return county_board(session, person, None, TODAY, Thresholds(), ZONE)


def test_each_town_is_counted_as_its_own_board_would_count_it(county, figures, session) -> None:  # type: ignore[no-untyped-def]
    board = _board(session, county.coordinator)
    assert board.year == 2026
    assert [row.town.name for row in board.towns] == ["东镇", "西镇"]  # never 本镇, outside the county
    east, west = board.towns
    assert (east.completion.total, east.completion.done, east.completion.overdue) == (5, 1, 2)
    assert east.completion.mean_percent == pytest.approx((60 + 20 + 0 + 100 + 0) / 5)
    assert east.lights == {Light.BLUE: 1, Light.ORANGE: 1, Light.RED: 1}
    # the archived plan's task is last year's record, not work to watch
    assert (west.completion.total, west.completion.overdue) == (2, 1)
    assert west.lights == {Light.BLUE: 0, Light.ORANGE: 0, Light.RED: 1}
    assert board.total.total == 7 and board.total_lights[Light.RED] == 2


def test_areas_are_matched_across_towns_by_title(county, figures, session) -> None:  # type: ignore[no-untyped-def]
    board = _board(session, county.viewer)
    assert [area.label for area in board.areas] == ["一是普法教育", "二是依法行政"]
    education, administration = board.areas
    east, west = education.by_town
    assert (east.total, east.done, east.overdue) == (4, 1, 2)
    assert east.mean_percent == pytest.approx((60 + 20 + 0 + 100) / 4)
    assert (west.total, west.overdue) == (2, 1)
    assert administration.by_town[0].total == 1 and administration.by_town[1] is None  # 西镇 has none


def test_the_longest_overdue_come_first_with_their_light(county, figures, session) -> None:  # type: ignore[no-untyped-def]
    board = _board(session, county.leader)
    east = board.overdue[county.east.organisation.id]
    assert [(line.title, line.light) for line in east] == [
        ("建设法治文化阵地", Light.RED),
        ("修订村规民约", Light.ORANGE),
    ]
    assert east[0].lead_unit == "司法所"
    assert [line.title for line in board.overdue[county.west.organisation.id]] == ["整治违建"]


def test_progress_month_by_month_from_dated_entries_and_closings(county, figures, session) -> None:  # type: ignore[no-untyped-def]
    board = _board(session, county.coordinator)
    assert board.months == [1, 2, 3]
    # January: 30 + 20 filed; February: 60 + 20 and the task closed on the 10th; March: today's figures
    assert board.trends[county.east.organisation.id] == pytest.approx([50 / 5, 180 / 5, 180 / 5])
    assert board.trends[county.west.organisation.id] == [0, 0, 0]
    assert board.county_trend == pytest.approx([50 / 7, 180 / 7, 180 / 7])


def test_a_past_year_shows_all_twelve_months(county, session, make_plan, make_task) -> None:  # type: ignore[no-untyped-def]
    last_year = make_plan(year=2025, organisation=county.east.organisation)
    task = make_task(last_year, "去年的任务", status=TaskStatus.DONE, percent=100)
    task.closed_at = datetime(2025, 6, 30, 17, 0, tzinfo=UTC)  # 1 July, 01:00 in the town
    session.flush()
    board = county_board(session, county.coordinator, 2025, TODAY, Thresholds(), ZONE)
    assert board.year == 2025 and board.years == [2026, 2025]
    assert board.months == list(range(1, 13))
    assert board.trends[county.east.organisation.id] == [0] * 6 + [100] * 6


def test_the_figures_take_a_handful_of_queries_whatever_the_number_of_towns(  # type: ignore[no-untyped-def]
    county, figures, session, count_queries, engine_database, make_organisation, make_plan, make_task
) -> None:
    with count_queries(engine_database.engine) as few_towns:
        _board(session, county.coordinator)
    for index in range(6):
        town = make_organisation(f"新镇{index}", parent=county.organisation)
        plan = make_plan(organisation=town)
        for number in range(3):
            make_task(plan, f"任务{number}", deadline=date(2026, 1, 10))
    session.flush()
    with count_queries(engine_database.engine) as more_towns:
        board = _board(session, county.coordinator)
    assert len(board.towns) == 8
    assert len(more_towns) == len(few_towns) <= 8


def test_the_page_shows_the_towns_and_leads_into_each_town_s_board(county, figures, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(county.coordinator).get("/county").get_data(as_text=True)
    east = county.east.organisation.id
    assert "全县看板" in page and "东镇" in page and "西镇" in page and "本镇的逾期任务" not in page
    assert f'<a href="/?org={east}">东镇</a>' in page
    assert f'href="/?org={east}&amp;light=red"' in page
    assert f'href="/tasks/{figures.red.id}"' in page and "逾期 " in page
    assert 'id="trend-' in page and "<polyline" in page and "<script>" not in page  # no inline script
    assert 'href="/county"' in page  # the menu entry


@pytest.mark.parametrize("role", ["coordinator", "leader", "viewer"])
def test_the_county_s_watchers_open_it(county, sign_in, role: str) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(getattr(county, role)).get("/county").status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "leader", "owner", "viewer"])
def test_a_town_s_people_are_refused_in_chinese_and_see_no_menu_entry(county, sign_in, role: str) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(getattr(county.east, role))
    for path in ("/county", "/county/export.xlsx"):
        response = client.get(path)
        assert response.status_code == 403
        assert "全县看板仅供县级机构" in response.get_data(as_text=True)
    assert 'href="/county"' not in client.get("/inbox").get_data(as_text=True)


def test_a_county_owner_is_no_watcher(county, make_user, sign_in) -> None:  # type: ignore[no-untyped-def]
    owner = make_user("county_clerk", Role.OWNER, organisation=county.organisation)
    assert sign_in(owner).get("/county").status_code == 403


def test_signing_in_a_county_watcher_lands_on_the_county_board(county, app) -> None:  # type: ignore[no-untyped-def]
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    landed = client.post("/login", data={"username": "county_zhao", "password": TEST_PASSWORD})
    town = app.test_client().post("/login", data={"username": "east_zhao", "password": TEST_PASSWORD})
    app.config["WTF_CSRF_ENABLED"] = True
    assert landed.headers["Location"] == "/county"
    assert town.headers["Location"] == "/inbox"


def test_the_comparison_exports_as_a_sheet(county, figures, sign_in) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(county.viewer).get("/county/export.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = [list(row) for row in load_workbook(io.BytesIO(response.data)).active.values]
    assert rows[0][:7] == [
        "镇",
        "任务数",
        "已办结",
        "平均进度（%）",
        "临期（蓝）",
        "逾期（橙）",
        "严重逾期（红）",
    ]
    assert rows[0][7:] == ["1月末进度（%）", "2月末进度（%）", "3月末进度（%）"]
    assert rows[1] == ["东镇", 5, 1, 36.0, 1, 1, 1, 10.0, 36.0, 36.0]
    assert rows[2] == ["西镇", 2, 0, 0.0, 0, 0, 1, 0.0, 0.0, 0.0]
    assert rows[3][:7] == ["全县", 7, 1, 25.7, 1, 1, 2]


def test_a_cached_page_shows_a_change_at_once(  # type: ignore[no-untyped-def]
    county, figures, session, sign_in, count_queries, engine_database
) -> None:
    client = sign_in(county.coordinator)
    assert "修订村规民约" in client.get("/county").get_data(as_text=True)
    with count_queries(engine_database.engine) as statements:
        assert "修订村规民约" in client.get("/county").get_data(as_text=True)
    assert not any("row_number" in statement.lower() for statement in statements)  # from the cache
    figures.orange.status = TaskStatus.DONE
    session.flush()
    assert "修订村规民约" not in client.get("/county").get_data(as_text=True)
