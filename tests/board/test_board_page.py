"""The board at `/`: tasks grouped by plan item, filters, lights, my tasks, and the deadline calendar."""

from datetime import date, timedelta

from tracker.accounts.models import Role
from tracker.tasks.models import TaskStatus

TODAY = date(2026, 3, 2)  # the `settings` fixture's today


def test_board_groups_tasks_under_their_plan_item(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "建设法治文化阵地", deadline=TODAY - timedelta(days=30))
    page = sign_in(town.viewer).get("/").get_data(as_text=True)
    assert "一是 普法教育" in page
    assert "开展法治讲座" in page and "建设法治文化阵地" in page
    assert "严重逾期" in page
    assert "司法所" in page and "党政办" in page
    assert f'<option value="{town.lead.id}" >司法所</option>' in page  # the unit filter
    assert f'<option value="{town.owner.id}" >zhang</option>' in page  # the person filter
    assert f'<option value="{town.plan.id}" >2026 ' in page  # the plan filter
    assert "<small>全部在办计划</small>" in page  # every active plan's tasks, unless one is chosen


def test_co_operating_units_are_listed_by_unit_whatever_order_they_were_added_in(
    town, session, sign_in
) -> None:  # type: ignore[no-untyped-def]
    town.task.support_departments = [town.unrelated, town.support]
    session.flush()
    page = sign_in(town.viewer).get("/").get_data(as_text=True)
    assert ">党政办、综合行政执法办</td>" in page


def test_filters_by_department_person_status_and_due_window(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "执法培训", lead_department=town.unrelated, deadline=TODAY + timedelta(days=3))
    client = sign_in(town.coordinator)
    by_unit = client.get(f"/?dept={town.unrelated.id}").get_data(as_text=True)
    assert "执法培训" in by_unit and "开展法治讲座" not in by_unit
    by_support_unit = client.get(f"/?dept={town.support.id}").get_data(as_text=True)
    assert "开展法治讲座" in by_support_unit and "执法培训" not in by_support_unit
    by_person = client.get(f"/?person={town.owner.id}").get_data(as_text=True)
    assert "开展法治讲座" in by_person and "执法培训" not in by_person
    soon = client.get("/?due=7").get_data(as_text=True)
    assert "执法培训" in soon and "开展法治讲座" not in soon
    done = client.get("/?status=done").get_data(as_text=True)
    assert "没有符合条件的任务" in done


def test_my_tasks_are_those_of_my_unit_or_that_i_supervise(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "执法培训", lead_department=town.unrelated)
    mine = sign_in(town.helper).get("/?mine=1").get_data(as_text=True)
    assert "开展法治讲座" in mine and "执法培训" not in mine
    supervised = sign_in(town.other_leader).get("/?mine=1").get_data(as_text=True)
    assert "执法培训" in supervised


def test_the_board_needs_a_sign_in(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_calendar_shows_deadlines_on_their_day(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.owner).get("/calendar?month=2026-6").get_data(as_text=True)
    assert "2026-06" in page and f'href="/tasks/{town.task.id}"' in page
    assert f'href="/tasks/{town.task.id}"' not in sign_in(town.owner).get("/calendar?month=2026-5").get_data(
        as_text=True
    )


def test_calendar_entries_wear_the_boards_lights(town, make_task, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    """Today is 2026-03-02; 春节 (2-15..2-23) sits between February's deadlines and today."""
    lit = {
        "临期的任务": (date(2026, 3, 11), {}),  # 7 working days away
        "逾期的任务": (date(2026, 2, 10), {}),  # 10 working days overdue
        "严重逾期的任务": (date(2026, 2, 9), {}),  # 11
        "长期任务": (date(2026, 2, 9), {"ongoing": True}),  # continuing work is never lit
        "已办结的任务": (date(2026, 2, 9), {"status": TaskStatus.DONE}),
    }
    ids = {title: make_task(town.plan, title, deadline=day, **more).id for title, (day, more) in lit.items()}
    client = sign_in(town.owner)
    page = client.get("/calendar?month=2026-2").get_data(as_text=True) + client.get("/calendar").get_data(
        as_text=True
    )
    for title, light in {
        "临期的任务": "due-blue status-pending",
        "逾期的任务": "due-orange status-pending",
        "严重逾期的任务": "due-red status-pending",
        "长期任务": "due-none status-pending",
        "已办结的任务": "due-none status-done",
    }.items():
        assert f'class="due {light}" href="/tasks/{ids[title]}"' in page, title
    assert "严重逾期（超过 10 个工作日）" in page


def test_personal_ical_feed_with_a_secret_token(town, sign_in, app, csrf_of) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    client = sign_in(town.owner)
    page = client.post("/account/tokens", data={"purpose": "calendar", "csrf_token": csrf_of(client)})
    text = page.get_data(as_text=True)
    url = text.split('<code id="feed-url">')[1].split("</code>")[0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    feed = app.test_client().get("/" + path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    events = Calendar.from_ical(feed.data).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["【截止】开展法治讲座"]
    assert events[0]["dtstart"].dt == date(2026, 6, 30)
    assert app.test_client().get("/calendar/feed/lsc_not-a-token.ics").status_code == 404
    # a new address replaces the old one
    client.post("/account/tokens", data={"purpose": "calendar", "csrf_token": csrf_of(client)})
    assert app.test_client().get("/" + path).status_code == 404


def test_viewer_without_plans_sees_an_explanation(make_user, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(make_user("reader", Role.VIEWER)).get("/").get_data(as_text=True)
    assert "还没有计划" in page


def test_a_cached_board_shows_every_change_at_once(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    viewer = sign_in(town.viewer)
    assert "未开始" in viewer.get("/").get_data(as_text=True)
    owner = sign_in(town.owner)
    owner.post(
        f"/tasks/{town.task.id}/progress",
        data={"csrf_token": csrf_of(owner), "text": "开始", "percent": "20"},
    )
    page = viewer.get("/").get_data(as_text=True)
    assert "推进中" in page and "20%" in page
    town.lead.name = "镇司法所"  # a change made elsewhere (another process) is seen too
    session.flush()
    assert "镇司法所" in viewer.get("/").get_data(as_text=True)


def test_the_board_relights_when_the_day_changes(town, app, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.viewer)
    assert "严重逾期 0" in client.get("/").get_data(as_text=True)
    settings = app.extensions["luoshi"]["settings"]
    app.extensions["luoshi"]["settings"] = settings.with_changes(today="2026-08-01")
    client = sign_in(town.viewer)  # months later: yesterday's session has ended (TRACKER_SESSION_*)
    assert "严重逾期 1" in client.get("/").get_data(as_text=True)
