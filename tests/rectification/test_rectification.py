"""整改: a shortcoming of last year's report gets its measures, state, date, cause, area and evidence —
on the page, through the API and from the command line — audited, and linked from the plan review."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.audit import AuditEvent
from tracker.cli import main
from tracker.db import Database
from tracker.errors import NotAllowed, RuleError
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan, PlanStatus, RectificationState, Shortcoming
from tracker.rectification.models import RectificationEvidence
from tracker.rectification.service import (
    Rectification,
    attach_rectification_evidence,
    awaiting_rectification,
    record_rectification,
)
from tracker.tasks.evidence import EvidenceStore, Upload

TODAY = date(2026, 3, 2)  # the `settings` fixture's today
PDF = b"%PDF-1.4 minimal"
SHORTCOMING = "基层法治工作力量相对薄弱，尤其是具有法律专业背景的人员配备不足"


@pytest.fixture
def shortcomings(town, session: Session) -> list[Shortcoming]:  # type: ignore[no-untyped-def]
    found = [
        Shortcoming(plan=town.plan, position=0, text=SHORTCOMING),
        Shortcoming(plan=town.plan, position=1, text="普法宣传的吸引力、感染力、渗透力尚需增强"),
    ]
    session.add_all(found)
    session.flush()
    return found


def test_a_rectified_shortcoming_keeps_measures_date_and_area(session: Session, town, shortcomings) -> None:  # type: ignore[no-untyped-def]
    short = shortcomings[0]
    area = town.plan.top_items[0]
    given = Rectification(
        RectificationState.DONE, "招录法律专业人员2名。", date(2026, 2, 20), "不该保留", area.id
    )
    record_rectification(session, short, given, by=town.coordinator, today=TODAY)
    assert (short.rectification_state, short.rectified) == (RectificationState.DONE, True)
    assert short.rectification_measures == "招录法律专业人员2名。"
    assert (short.rectification_date, short.plan_item_id) == (date(2026, 2, 20), area.id)
    assert short.rectification_cause is None  # a rectified problem has no cause left
    events = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.entity_type == "Shortcoming", AuditEvent.entity_id == short.id
        )
    ).all()
    assert "shortcoming.rectification_recorded" in events and "shortcomings.updated" in events


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (Rectification(RectificationState.IN_PROGRESS), "请填写整改措施"),
        (Rectification(RectificationState.DONE, "已整改"), "请填写整改完成日期"),
        (Rectification(RectificationState.DONE, "已整改", date(2026, 3, 3)), "不能晚于今天"),
        (Rectification(RectificationState.OPEN, "x" * 2001), "不能超过 2000 字"),
    ],
)
def test_an_incomplete_rectification_is_refused_and_nothing_changes(
    session: Session,
    town,
    shortcomings,
    given: Rectification,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(RuleError, match=message):
        record_rectification(session, shortcomings[0], given, by=town.coordinator, today=TODAY)
    assert shortcomings[0].rectification_state is RectificationState.OPEN


def test_only_a_coordinator_records_rectification(session: Session, town, shortcomings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        record_rectification(
            session, shortcomings[0], Rectification(RectificationState.OPEN), by=town.owner, today=TODAY
        )


def test_the_area_must_be_an_item_of_the_same_plan(session: Session, town, shortcomings, make_plan) -> None:  # type: ignore[no-untyped-def]
    other = make_plan(year=2027)
    given = Rectification(RectificationState.OPEN, plan_item_id=other.top_items[0].id)
    with pytest.raises(RuleError, match="所属方面"):
        record_rectification(session, shortcomings[0], given, by=town.coordinator, today=TODAY)


def test_evidence_files_are_checked_then_stored(session: Session, town, shortcomings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = EvidenceStore(tmp_path / "evidence")
    with pytest.raises(RuleError, match="内容与扩展名"):
        attach_rectification_evidence(
            session,
            store,
            shortcomings[0],
            [Upload("招录公告.pdf", PDF), Upload("照片.jpg", b"not a jpeg")],
            by=town.coordinator,
            max_bytes=1024,
        )
    assert not any((tmp_path / "evidence").rglob("*"))
    [stored] = attach_rectification_evidence(
        session,
        store,
        shortcomings[0],
        [Upload("招录公告.pdf", PDF, "县人社局公告")],
        by=town.coordinator,
        max_bytes=1024,
    )
    assert (stored.plan_id, stored.original_name, stored.description) == (
        town.plan.id,
        "招录公告.pdf",
        "县人社局公告",
    )
    assert store.path_of(stored).read_bytes() == PDF


def test_shortcomings_nobody_started_on_are_awaiting_rectification(
    session: Session, town, shortcomings
) -> None:  # type: ignore[no-untyped-def]
    waiting = lambda: [s.id for s in session.scalars(awaiting_rectification()) if s.plan_id == town.plan.id]  # noqa: E731
    assert waiting() == [shortcomings[0].id, shortcomings[1].id]
    given = Rectification(RectificationState.IN_PROGRESS, "组织普法骨干参加新媒体培训。", date(2026, 2, 1))
    record_rectification(session, shortcomings[1], given, by=town.coordinator, today=TODAY)
    assert waiting() == [shortcomings[0].id]
    town.plan.status = PlanStatus.DRAFT
    session.flush()
    assert waiting() == []


def test_the_page_records_rectification_and_keeps_a_refused_form(
    town, shortcomings, sign_in, csrf_of
) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    page = f"/plans/{town.plan.id}/rectification"
    review = client.get(f"/plans/{town.plan.id}").get_data(as_text=True)
    assert f'href="{page}"' in review and "未整改" in review
    token = csrf_of(client, page)
    refused = client.post(
        f"{page}/{shortcomings[0].id}",
        data={"csrf_token": token, "state": "done", "measures": "招录法律专业人员2名", "on": ""},
    )
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "已整改的问题请填写整改完成日期" in body and "招录法律专业人员2名</textarea>" in body
    saved = client.post(
        f"{page}/{shortcomings[0].id}",
        data={"csrf_token": token, "state": "done", "measures": "招录法律专业人员2名", "on": "2026-02-20"},
    )
    assert saved.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "已整改" in shown and "2026-02-20" in shown
    uploaded = client.post(
        f"{page}/{shortcomings[0].id}/evidence",
        data={"csrf_token": token, "evidence": [(io.BytesIO(PDF), "公告.pdf")], "description": "公告"},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    link = next(
        part
        for part in client.get(page).get_data(as_text=True).split('"')
        if "/rectification/evidence/" in part
    )
    download = client.get(link)
    assert download.data == PDF and "attachment" in download.headers["Content-Disposition"]
    download.close()


def test_readers_see_the_page_without_forms_and_cannot_post(town, shortcomings, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.viewer)
    page = f"/plans/{town.plan.id}/rectification"
    shown = client.get(page).get_data(as_text=True)
    assert SHORTCOMING in shown and "保存整改情况" not in shown
    refused = client.post(
        f"{page}/{shortcomings[0].id}", data={"csrf_token": csrf_of(client), "state": "open"}
    )
    assert refused.status_code == 403


def test_the_api_reads_and_records_rectification(town, session: Session, shortcomings, app) -> None:  # type: ignore[no-untyped-def]
    secret, _ = issue_token(session, town.coordinator, TokenPurpose.API, "整改")
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    listed = client.get(f"/api/v1/plans/{town.plan.id}/shortcomings", headers=headers).json["shortcomings"]
    assert [(s["text"], s["state"]) for s in listed] == [(s.text, "open") for s in shortcomings]
    body = {
        "state": "整改中",
        "measures": "组织执法人员参加业务培训",
        "date": "2026-02-01",
        "cause": "培训名额有限",
    }
    changed = client.patch(f"/api/v1/shortcomings/{shortcomings[0].id}", json=body, headers=headers)
    assert changed.status_code == 200, changed.json
    assert (changed.json["state"], changed.json["state_word"], changed.json["cause"]) == (
        "in_progress",
        "整改中",
        "培训名额有限",
    )
    refused = client.patch(
        f"/api/v1/shortcomings/{shortcomings[0].id}", json={"state": "已完成"}, headers=headers
    )
    assert refused.status_code == 400 and "整改状态" in refused.json["error"]
    files = {"evidence": (io.BytesIO(PDF), "培训通知.pdf")}
    uploaded = client.post(f"/api/v1/shortcomings/{shortcomings[0].id}/evidence", data=files, headers=headers)
    assert uploaded.status_code == 201 and uploaded.json["evidence"][0]["name"] == "培训通知.pdf"
    owner_secret, _ = issue_token(session, town.owner, TokenPurpose.API, "整改")
    forbidden = client.patch(
        f"/api/v1/shortcomings/{shortcomings[0].id}",
        json=body,
        headers={"Authorization": f"Bearer {owner_secret}"},
    )
    assert forbidden.status_code == 403


def test_the_command_line_lists_and_records_rectification(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("TRACKER_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-26")
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        plan = Plan(
            organisation_id=sole_organisation(session).id,
            year=2026,
            title="上义镇2025年法治政府建设年度报告",
            status=PlanStatus.CONFIRMED,
            source_filename="plan.txt",
            source_bytes=b"x",
            source_sha256="0" * 64,
            source_text="x",
        )
        session.add(plan)
        session.flush()
        short = Shortcoming(plan=plan, position=0, text=SHORTCOMING)
        session.add(short)
        session.flush()
        short_id = short.id
    evidence = tmp_path / "招录公告.pdf"
    evidence.write_bytes(PDF)
    runner = CliRunner()
    listed = runner.invoke(main, ["rectification", "list", "--year", "2026"])
    assert listed.exit_code == 0 and f"#{short_id} [未整改] {SHORTCOMING}" in listed.output
    refused = runner.invoke(main, ["rectification", "record", str(short_id), "--state", "已整改"])
    assert refused.exit_code == 2 and "错误：状态为“已整改”时，请填写整改措施。" in refused.output
    done = runner.invoke(
        main,
        [
            *("rectification", "record", str(short_id), "--state", "已整改"),
            *("--measures", "招录法律专业人员2名", "--date", "2026-09-01", "--evidence", str(evidence)),
        ],
    )
    assert done.exit_code == 0, done.output
    with database.unit_of_work() as session:
        stored = session.get(Shortcoming, short_id)
        assert (stored.rectification_state, stored.rectification_date) == (
            RectificationState.DONE,
            date(2026, 9, 1),
        )
        assert session.scalars(select(RectificationEvidence.original_name)).all() == ["招录公告.pdf"]
        actors = session.scalars(
            select(AuditEvent.actor_label).where(AuditEvent.action == "shortcoming.rectification_recorded")
        ).all()
        assert actors and all(actor.startswith("cli:") for actor in actors)
    database.dispose()
