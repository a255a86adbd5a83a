"""The dashboard: completion by item and unit, the overdue list, indicators against target and baseline."""

from datetime import date
from decimal import Decimal

from tracker.dashboard.charts import indicator_bars
from tracker.dashboard.figures import IndicatorFigure
from tracker.tasks.models import TaskStatus


def test_dashboard_shows_completion_overdue_and_indicators(town, session, make_task, make_indicator, sign_in):  # type: ignore[no-untyped-def]
    make_task(town.plan, "已办结的任务", lead_department=town.lead, status=TaskStatus.DONE, percent=100)
    make_task(town.plan, "逾期的任务", lead_department=town.unrelated, deadline=date(2026, 1, 10))
    indicator = make_indicator(town.task, "法治讲座", "场", target="12", baseline="10")
    indicator.actual = Decimal(4)
    session.flush()
    page = sign_in(town.leader).get("/dashboard").get_data(as_text=True)
    assert 'id="chart-items"' in page and 'id="chart-departments"' in page
    # the plan item: one of three closed, progress (0+100+0)/3; one overdue
    assert '进度 33% · 办结 1/3 · <span class="overdue-text">逾期 1</span>' in page
    assert "司法所" in page and "进度 50% · 办结 1/2" in page and "综合行政执法办" in page
    assert "逾期的任务" in page and "共 1 项" in page
    assert "法治讲座" in page and "10余场" in page and "12场" in page and "4场" in page


def test_indicator_bars_share_one_scale() -> None:
    figure = IndicatorFigure("讲座", "场", "一是", Decimal(10), "余", 2025, Decimal(12), Decimal(6))
    baseline, target, actual = indicator_bars(figure)
    assert (baseline.share, target.share, actual.share) == (10 / 12, 1.0, 0.5)
    assert baseline.label == "2025年" and baseline.text == "10余"


def test_dashboard_without_plans(make_user, sign_in) -> None:  # type: ignore[no-untyped-def]
    from tracker.accounts.models import Role

    page = sign_in(make_user("nobody", Role.VIEWER)).get("/dashboard").get_data(as_text=True)
    assert "没有在办的计划" in page


def test_the_bars_show_progress_not_only_what_is_closed(town, session, make_task, sign_in):  # type: ignore[no-untyped-def]
    town.task.percent = 40
    make_task(town.plan, "进行中的任务", lead_department=town.lead, status=TaskStatus.IN_PROGRESS, percent=60)
    make_task(town.plan, "办结的任务", lead_department=town.lead, status=TaskStatus.DONE, percent=100)
    session.flush()
    page = sign_in(town.viewer).get("/dashboard").get_data(as_text=True)
    assert "进度 67% · 办结 1/3" in page  # (40 + 60 + 100) / 3
    assert '<span class="bar-done" style="width: 33.3%">' in page  # one of three closed
    assert '<span class="bar-progress" style="width: 33.3%">' in page  # (40 + 60) / 3 more


def test_overdue_days_are_working_days_as_the_mail_counts_them(town, make_task, sign_in):  # type: ignore[no-untyped-def]
    make_task(town.plan, "春节前到期的任务", lead_department=town.lead, deadline=date(2026, 2, 10))
    page = sign_in(town.viewer).get("/dashboard").get_data(as_text=True)
    assert "<th>逾期（工作日）</th>" in page
    # 20 calendar days, 春节 in between: 10 working days
    assert 'data-label="截止">2026年2月10日</td><td data-label="逾期（工作日）">10</td>' in page
    assert 'class="row-orange"' in page  # not yet 红: the mail turns red after 10 working days


def test_a_cached_dashboard_shows_a_change_at_once(town, session, sign_in, count_queries, engine_database):  # type: ignore[no-untyped-def]
    client = sign_in(town.viewer)
    assert "进度 0% · 办结 0/1" in client.get("/dashboard").get_data(as_text=True)
    with count_queries(engine_database.engine) as statements:
        assert "进度 0% · 办结 0/1" in client.get("/dashboard").get_data(as_text=True)
    assert not any("tasks" in statement for statement in statements)  # from the cache
    town.task.percent = 50
    session.flush()
    assert "进度 50% · 办结 0/1" in client.get("/dashboard").get_data(as_text=True)
