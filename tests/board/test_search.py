"""Search on the board (`/?q=`): titles, plan text, units, people and progress, across plans."""

from datetime import date

from tracker.tasks.models import ProgressEntry


def test_search_finds_tasks_by_title_text_unit_person_and_progress(town, make_task, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    other = make_task(town.plan, "建设法治文化阵地", lead_department=town.unrelated)
    other.plan_item.text = "在村（社区）建设宪法主题公园"
    session.add(ProgressEntry(task=other, entry_date=date(2026, 2, 1), text="已完成选址，正在设计"))
    session.flush()
    client = sign_in(town.viewer)

    def found(query: str) -> set[str]:
        page = client.get("/", query_string={"q": query}).get_data(as_text=True)
        return {title for title in ("开展法治讲座", "建设法治文化阵地") if f">{title}</a>" in page}

    assert found("讲座") == {"开展法治讲座"}  # the title
    assert found("宪法主题") == {"建设法治文化阵地"}  # the plan item's text
    assert found("执法办") == {"建设法治文化阵地"}  # the lead unit
    assert found("党政办") == {"开展法治讲座"}  # a co-operating unit
    assert found("ZHANG") == {"开展法治讲座"}  # the 责任人, whatever the case
    assert found("选址") == {"建设法治文化阵地"}  # a progress entry
    assert found("法治 司法所") == {"开展法治讲座"}  # every word must match somewhere
    assert found("100%") == set()  # % is searched as itself, not as a wildcard


def test_search_says_what_it_found_and_how_to_clear_it(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.owner).get("/?q=讲座&status=pending").get_data(as_text=True)
    assert "搜索“讲座”：找到 1 项任务" in page
    assert 'href="/?status=pending">清除搜索' in page
    assert 'value="讲座"' in page  # the box keeps what was typed


def test_the_menu_search_looks_in_every_active_plan(town, make_plan, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    last_year = make_plan(2025)
    make_task(last_year, "去年的法治讲座")
    client = sign_in(town.viewer)
    everywhere = client.get("/?q=法治讲座").get_data(as_text=True)
    assert "去年的法治讲座" in everywhere and ">开展法治讲座<" in everywhere
    assert "<small>2025</small> 一是 普法教育" in everywhere  # each group says its plan's year
    one_plan = client.get(f"/?q=法治讲座&plan={town.plan.id}").get_data(as_text=True)
    assert "去年的法治讲座" not in one_plan and ">开展法治讲座<" in one_plan
    old_links = client.get("/?q=法治讲座&plan=all").get_data(as_text=True)  # bookmarks of before
    assert "去年的法治讲座" in old_links and ">开展法治讲座<" in old_links


def test_the_api_searches_the_same_way(town, app, session) -> None:  # type: ignore[no-untyped-def]
    from tracker.accounts.models import TokenPurpose
    from tracker.accounts.tokens import issue_token

    secret, _token = issue_token(session, town.viewer, TokenPurpose.API, "搜索")
    session.flush()
    client = app.test_client()
    found = client.get("/api/v1/tasks?q=党政办", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert [task["title"] for task in found["tasks"]] == ["开展法治讲座"]
