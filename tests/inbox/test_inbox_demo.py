"""The shipped demo stays out of real people's 待我处理, as it stays out of their mail: a real
coordinator added while the demo is still there is neither listed nor counted its tasks; the demo's
own coordinator is (the one rule of `tracker.demo.audience`)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.accounts.models import Role
from tracker.board.lights import Thresholds
from tracker.inbox.waiting import Inbox, Kind, inbox_for, waiting_count
from tracker.plans.models import RectificationState, Shortcoming

TODAY = date(2026, 3, 2)


@pytest.fixture
def demo(town, session, make_plan, make_task, make_user):  # type: ignore[no-untyped-def]
    """The demo plan beside the town's own: a task nobody has been given and a shortcoming without
    整改, each mirrored by the same in the town's plan; and the demo's coordinator."""
    plan = make_plan(2026)
    plan.is_demo = True
    make_task(plan, "演示：未定牵头单位的任务", deadline=date(2026, 6, 30))
    make_task(town.plan, "本镇：未定牵头单位的任务", deadline=date(2026, 6, 30))
    for target, text in ((plan, "演示：普法形式单一"), (town.plan, "本镇：执法培训不足")):
        session.add(
            Shortcoming(plan_id=target.id, position=0, text=text, rectification_state=RectificationState.OPEN)
        )
    coordinator = make_user("demo_li", Role.COORDINATOR)
    coordinator.is_demo = True
    viewer = make_user("demo_zhao", Role.VIEWER)
    viewer.is_demo = True
    session.flush()
    return plan, coordinator, viewer


def _listed(inbox: Inbox) -> set[str]:
    return {getattr(row, "title", None) or row.text for section in inbox.sections for row in section.rows}


def test_a_real_coordinator_is_neither_shown_nor_counted_the_demo(town, session, demo) -> None:  # type: ignore[no-untyped-def]
    inbox = inbox_for(session, town.coordinator, TODAY, Thresholds())
    assert _listed(inbox) == {"本镇：未定牵头单位的任务", "本镇：执法培训不足"}
    assert waiting_count(session, town.coordinator, TODAY, Thresholds()) == inbox.total == 2


def test_the_demo_coordinator_sees_the_demo_too(town, session, demo) -> None:  # type: ignore[no-untyped-def]
    _, coordinator, _ = demo
    inbox = inbox_for(session, coordinator, TODAY, Thresholds())
    assert _listed(inbox) == {
        "演示：未定牵头单位的任务",
        "演示：普法形式单一",
        "本镇：未定牵头单位的任务",
        "本镇：执法培训不足",
    }
    assert [section.kind for section in inbox.sections][:2] == [Kind.UNASSIGNED, Kind.SHORTCOMINGS]
    assert waiting_count(session, coordinator, TODAY, Thresholds()) == inbox.total == 4


def test_a_real_viewers_summary_leaves_the_demo_plan_out(town, session, demo) -> None:  # type: ignore[no-untyped-def]
    plan, _, viewer = demo
    assert plan.id not in {row.id for row in inbox_for(session, town.viewer, TODAY, Thresholds()).summary}
    assert plan.id in {row.id for row in inbox_for(session, viewer, TODAY, Thresholds()).summary}


def test_the_menu_count_of_a_real_coordinator_leaves_the_demo_out(town, session, demo, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, coordinator, _ = demo
    real = sign_in(town.coordinator).get("/inbox").get_data(as_text=True)
    assert "本镇：未定牵头单位的任务" in real and "演示：未定牵头单位的任务" not in real
    assert 'aria-label="2 项待处理"' in real
    assert 'aria-label="4 项待处理"' in sign_in(coordinator).get("/inbox").get_data(as_text=True)
