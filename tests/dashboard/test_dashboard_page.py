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
    assert "1/3 办结 · 1 逾期 · 进度 33%" in page  # the plan item: one of three closed, (0+100+0)/3
    assert "司法所" in page and "1/2 办结 · 进度 50%" in page and "综合行政执法办" in page
    assert "逾期的任务" in page and "共 1 项" in page
    assert "法治讲座" in page and "10余场" in page and "12场" in page and "4场" in page


def test_indicator_bars_share_one_scale() -> None:
    figure = IndicatorFigure("讲座", "场", "一是", Decimal(10), "余", 2025, Decimal(12), Decimal(6))
    baseline, target, actual = indicator_bars(figure)
    assert (baseline.share, target.share, actual.share) == (10 / 12, 1.0, 0.5)
    assert baseline.label == "2025年" and baseline.text == "10余"


def test_dashboard_without_plans(make_user, sign_in) -> None:  # type: ignore[no-untyped-def]
    from tracker.accounts.models import Role

    assert "还没有计划" in sign_in(make_user("nobody", Role.VIEWER)).get("/dashboard").get_data(as_text=True)
