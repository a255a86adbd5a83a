"""The report pages: who may read and who may change, the preview's cited sentences, generation
queued after the commit, downloads, and the wording settings with their preview."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from kombu import Connection
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Role
from tracker.clock import now, stamp
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import confirm_plan, import_plan
from tracker.plans.models import Plan
from tracker.reports.models import ReportFormat, ReportPattern, ReportRun, ReportRunStatus
from tracker.reports.runs import execute_run
from tracker.reports.sample import add_sample_year
from tracker.tasks.models import ProgressEntry, Task

ROLES = (Role.COORDINATOR, Role.LEADER, Role.OWNER, Role.VIEWER)


@pytest.fixture
def year_2026(session: Session):  # type: ignore[no-untyped-def]
    plan = add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=4, entries_per_task=1, items=2
    )
    task = session.scalars(select(Task).where(Task.plan_id == plan.id).order_by(Task.id)).first()
    task.progress_entries.append(
        ProgressEntry(entry_date=plan.created_at.date(), text="<script>alert('x')</script>开展宣传。")
    )
    session.flush()
    return plan


@pytest.fixture
def signed_in(app, make_user, sign_in):  # type: ignore[no-untyped-def]
    """A client signed in with `role`; CSRF is off for these requests (its refusal is tested below)."""

    def client(role: Role):  # type: ignore[no-untyped-def]
        signed = sign_in(make_user(f"user-{role.value}", role))
        app.config["WTF_CSRF_ENABLED"] = False
        return signed

    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_reads_the_preview_and_runs(year_2026, signed_in, role: Role) -> None:
    client = signed_in(role)
    assert client.get("/reports/2026/preview").status_code == 200
    page = client.get("/reports/?year=2026")
    assert page.status_code == 200
    assert ("生成草稿文件" in page.get_data(as_text=True)) is (role is Role.COORDINATOR)


@pytest.mark.parametrize("role", (Role.LEADER, Role.OWNER, Role.VIEWER))
def test_only_a_coordinator_changes_anything(year_2026, signed_in, role: Role) -> None:
    client = signed_in(role)
    assert client.post("/reports/2026/runs", data={"format": "docx"}).status_code == 403
    assert client.get("/reports/wording/").status_code == 403
    assert client.post("/reports/wording/title", data={"body": "x", "action": "save"}).status_code == 403
    assert client.post("/reports/2026/rollover").status_code == 403


def test_pages_need_a_sign_in(app, year_2026) -> None:
    response = app.test_client().get("/reports/2026/preview")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_preview_cites_every_sentence_and_escapes_recorded_text(year_2026, signed_in) -> None:
    html = signed_in(Role.VIEWER).get("/reports/2026/preview").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;开展宣传。" in html
    sentences = re.findall(r'<span class="sentence([^"]*)" tabindex="0" data-sources="([^"]*)">', html)
    assert len(sentences) > 10
    assert all(sources and "unsourced" not in classes for classes, sources in sentences)
    assert '"task:' in html and "report-preview.js" in html


def test_a_year_without_a_confirmed_plan_is_explained(year_2026, signed_in) -> None:
    response = signed_in(Role.VIEWER).get("/reports/2019/preview")
    assert response.status_code == 404
    assert "没有2019年度已确认的计划" in response.get_data(as_text=True)


def test_generating_queues_the_run_after_the_commit(
    year_2026, signed_in, session: Session, settings: Settings
) -> None:
    settings.var_dir.mkdir(parents=True, exist_ok=True)  # the embedded broker's SQLite file lives there
    response = signed_in(Role.COORDINATOR).post("/reports/2026/runs", data={"format": "docx"})
    assert response.status_code == 302
    run = session.scalars(select(ReportRun)).one()
    assert (run.status, run.format) == (ReportRunStatus.QUEUED, ReportFormat.DOCX)
    with Connection(settings.broker_url) as broker:
        message = broker.SimpleQueue("celery").get(timeout=5)
        assert message.headers["task"] == "reports.generate"
        assert message.decode()[0] == [run.id]
        message.ack()


def test_a_bad_format_is_refused_and_nothing_is_queued(year_2026, signed_in, session: Session) -> None:
    response = signed_in(Role.COORDINATOR).post("/reports/2026/runs", data={"format": "pdf"})
    assert response.status_code == 400
    assert "请选择要生成的格式" in response.get_data(as_text=True)
    assert session.scalars(select(ReportRun)).all() == []


def test_a_form_without_its_csrf_token_is_refused(app, year_2026, make_user, sign_in) -> None:
    client = sign_in(make_user("coordinator", Role.COORDINATOR))
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/reports/2026/runs", data={"format": "docx"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_a_finished_run_reports_progress_and_downloads(
    year_2026, signed_in, session: Session, database: Database, settings: Settings
) -> None:
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    coordinator = signed_in(Role.COORDINATOR)
    coordinator.post("/reports/2026/runs", data={"format": "md"})
    run_id = session.scalars(select(ReportRun.id)).one()
    assert coordinator.get(f"/reports/runs/{run_id}").get_json()["status"] == "queued"
    assert coordinator.get(f"/reports/runs/{run_id}/download").status_code == 404
    execute_run(run_id, units=database.unit_of_work, var_dir=settings.var_dir, now=now(settings))
    viewer = signed_in(Role.VIEWER)
    status = viewer.get(f"/reports/runs/{run_id}").get_json()
    assert (status["status"], status["percent"]) == ("done", 100)
    with viewer.get(status["download"]) as download:
        assert download.status_code == 200
        assert download.get_data(as_text=True).startswith("# 示例镇2026年法治政府建设年度报告（草稿）")
        assert "attachment" in download.headers["Content-Disposition"]


def test_an_interrupted_run_says_so_and_the_coordinator_generates_it_again(
    year_2026, signed_in, session: Session, settings: Settings
) -> None:
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    coordinator = signed_in(Role.COORDINATOR)
    coordinator.post("/reports/2026/runs", data={"format": "docx"})
    with Connection(settings.broker_url) as broker:
        broker.SimpleQueue("celery").get(timeout=5).ack()  # the worker took it, then died
    run = session.scalars(select(ReportRun)).one()
    run.status, run.percent = ReportRunStatus.RUNNING, 40
    run.progressed_at = stamp() - timedelta(minutes=settings.report_stale_minutes + 1)
    session.flush()

    viewer = signed_in(Role.VIEWER)
    status = viewer.get(f"/reports/runs/{run.id}").get_json()
    assert (status["status"], status["stale"]) == ("running", True)
    assert status["error"].startswith("生成中断：超过 10 分钟没有进展")
    page = coordinator.get("/reports/?year=2026").get_data(as_text=True)
    assert "已中断：超过 10 分钟没有进展" in page and f"/reports/runs/{run.id}/retry" in page
    assert f"/reports/runs/{run.id}/retry" not in viewer.get("/reports/?year=2026").get_data(as_text=True)
    assert signed_in(Role.OWNER).post(f"/reports/runs/{run.id}/retry").status_code == 403

    response = coordinator.post(f"/reports/runs/{run.id}/retry")
    assert response.status_code == 302
    session.expire_all()
    old, new = session.scalars(select(ReportRun).order_by(ReportRun.id)).all()
    assert (old.status, new.status, new.format) == (
        ReportRunStatus.FAILED,
        ReportRunStatus.QUEUED,
        run.format,
    )
    with Connection(settings.broker_url) as broker:
        message = broker.SimpleQueue("celery").get(timeout=5)
        assert (message.headers["task"], message.decode()[0]) == ("reports.generate", [new.id])
        message.ack()
    assert coordinator.post(f"/reports/runs/{new.id}/retry").status_code == 409  # still queued, fresh


def test_the_wording_page_shows_patterns_in_plain_chinese(year_2026, signed_in) -> None:
    page = signed_in(Role.COORDINATOR).get("/reports/wording/").get_data(as_text=True)
    assert '<span class="placeholder">〔指标〕</span><span class="placeholder">〔数量〕</span>' in page
    assert "比上年增加" in page and "{{" not in page and "{%" not in page


def test_the_wording_preview_shows_the_draft_with_the_edited_pattern_and_saves_nothing(
    year_2026, signed_in, session: Session
) -> None:
    response = signed_in(Role.COORDINATOR).post(
        "/reports/wording/title", data={"body": "〔单位〕〔年度〕年度工作总结", "action": "preview"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "示例镇2026年度工作总结（草稿）" in page and "待补充" in page
    assert session.scalars(select(ReportPattern)).all() == []


def test_saving_a_pattern_changes_the_draft_and_reset_brings_the_default_back(
    year_2026, signed_in, session: Session
) -> None:
    client = signed_in(Role.COORDINATOR)
    saved = client.post("/reports/wording/title", data={"body": "〔年度〕年度工作总结", "action": "save"})
    assert saved.status_code == 302
    assert "2026年度工作总结（草稿）" in client.get("/reports/2026/preview").get_data(as_text=True)
    assert "已修改" in client.get("/reports/wording/").get_data(as_text=True)
    row = session.scalars(select(ReportPattern)).one()
    assert (row.name, row.body) == ("title", "〔年度〕年度工作总结")
    client.post("/reports/wording/title/reset")
    assert "示例镇2026年法治政府建设年度报告（草稿）" in client.get("/reports/2026/preview").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("figure.cumulative", "全年〔指标〕", "必须保留〔数量〕"),
        ("opening", "{{ year }}年", "不能使用 { }"),
        ("opening", "", "句式不能为空"),
    ],
)
def test_a_pattern_that_cannot_work_is_refused_with_the_reason_beside_it_and_not_saved(
    year_2026, signed_in, session: Session, name: str, body: str, message: str
) -> None:
    response = signed_in(Role.COORDINATOR).post(
        f"/reports/wording/{name}", data={"body": body, "action": "save"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'class="field-error"' in page
    assert f'value="{body}"' in page or not body
    assert session.scalars(select(ReportPattern)).all() == []


def test_a_pattern_that_would_break_next_years_plan_is_refused(
    signed_in, session: Session, seed_report_path
) -> None:
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=seed_report_path.read_bytes(),
        filename=seed_report_path.name,
    )
    confirm_plan(session, plan)
    body = "继续做好〔事项〕的公开，确保〔下一年度〕年底前完成"
    response = signed_in(Role.COORDINATOR).post(
        "/reports/wording/arrangements.areas", data={"body": body, "action": "save"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "再导入时得到3个事项、8个分项（应为3个事项、16个分项）" in page
    assert session.scalars(select(ReportPattern)).all() == []


def test_an_unknown_pattern_is_not_found(signed_in) -> None:
    assert signed_in(Role.COORDINATOR).get("/reports/wording/nothing").status_code == 404


def test_the_preview_counts_what_is_to_be_filled_and_shows_the_annex(year_2026, signed_in) -> None:
    html = signed_in(Role.VIEWER).get("/reports/2026/preview").get_data(as_text=True)
    assert re.search(r"待补充 \d+ 处", html)
    assert 'class="sentence gap"' in html
    assert "2026年度任务完成情况一览表" in html and 'href="/tasks/' in html


def test_the_preview_costs_the_same_queries_for_a_small_and_a_large_year(
    signed_in, session: Session, database: Database, count_queries
) -> None:
    add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=3, entries_per_task=1, year=2036
    )
    add_sample_year(
        session, organisation_id=sole_organisation(session).id, tasks=90, entries_per_task=4, year=2037
    )
    client = signed_in(Role.VIEWER)
    counts = []
    for year in (2036, 2037):
        with count_queries(database.engine) as statements:
            assert client.get(f"/reports/{year}/preview").status_code == 200
        counts.append(len(statements))
    assert 8 <= counts[0] == counts[1]


def test_the_rollover_button_makes_next_years_draft_plan(
    signed_in, session: Session, seed_report_path
) -> None:
    plan = import_plan(
        session,
        organisation_id=sole_organisation(session).id,
        data=seed_report_path.read_bytes(),
        filename=seed_report_path.name,
    )
    confirm_plan(session, plan)
    client = signed_in(Role.COORDINATOR)
    response = client.post("/reports/2026/rollover")
    assert response.status_code == 302
    new_plan = session.scalars(select(Plan).where(Plan.rolled_over_from_id == plan.id)).one()
    assert response.headers["Location"].endswith(f"/plans/{new_plan.id}")
    assert f'href="/plans/{new_plan.id}"' in client.get("/reports/?year=2026").get_data(as_text=True)
    refused = client.post("/reports/2026/rollover")
    assert refused.status_code == 400
    assert "不能重复结转" in refused.get_data(as_text=True)
