"""The register of 第一责任人 履职事项 (and other matters to report): one dated line of a kind, kept by
the coordinator on a page, through the API and from the command line, read back by year."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.audit import AuditEvent
from tracker.cli import main
from tracker.duties.models import DutyKind, DutyRecord
from tracker.duties.service import add_duty, duties_of_year, parse_kind
from tracker.errors import NotAllowed, RuleError
from tracker.organisations.service import sole_organisation

TODAY = date(2026, 3, 2)  # the `settings` fixture's today
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_a_line_is_kept_with_its_kind_and_read_back_by_year(session: Session, town) -> None:  # type: ignore[no-untyped-def]
    for held_on, kind, text in (
        (date(2026, 2, 10), DutyKind.STUDY, "镇政府常务会议集体学习《行政复议法》"),
        (date(2025, 12, 20), DutyKind.STATEMENT, "在年终述职中专题述法"),
        (date(2026, 1, 15), DutyKind.RESEARCH, "主持召开党委会  专题研究法治政府建设工作"),
    ):
        add_duty(
            session,
            organisation_id=sole_organisation(session).id,
            held_on=held_on,
            kind=kind,
            text=text,
            by=town.coordinator,
            now=NOW,
            today=TODAY,
        )
    lines = [
        (r.held_on, r.kind, r.text) for r in duties_of_year(session, town.coordinator.organisation_id, 2026)
    ]
    assert lines == [
        (date(2026, 1, 15), DutyKind.RESEARCH, "主持召开党委会 专题研究法治政府建设工作"),
        (date(2026, 2, 10), DutyKind.STUDY, "镇政府常务会议集体学习《行政复议法》"),
    ]
    assert (
        session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "DutyRecord")).all()
        == ["duty_records.created"] * 3
    )


@pytest.mark.parametrize(
    ("held_on", "text", "message"),
    [
        (TODAY, "   ", "请用一句话写明事项内容"),
        (TODAY, "学" * 301, "不能超过 300 字"),
        (date(2026, 3, 3), "专题研究", "不能晚于今天"),
    ],
)
def test_a_bad_line_is_refused(session: Session, town, held_on: date, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError, match=message):
        add_duty(
            session,
            organisation_id=sole_organisation(session).id,
            held_on=held_on,
            kind=DutyKind.STUDY,
            text=text,
            by=town.coordinator,
            now=NOW,
            today=TODAY,
        )


def test_kinds_are_named_in_chinese_or_by_value_and_only_coordinators_keep_the_register(
    session: Session, town
) -> None:  # type: ignore[no-untyped-def]
    assert parse_kind("述法") is DutyKind.STATEMENT and parse_kind("inspection") is DutyKind.INSPECTION
    with pytest.raises(RuleError, match="事项类别「开会」无效"):
        parse_kind("开会")
    with pytest.raises(NotAllowed):
        add_duty(
            session,
            organisation_id=sole_organisation(session).id,
            held_on=TODAY,
            kind=DutyKind.STUDY,
            text="学法",
            by=town.owner,
            now=NOW,
            today=TODAY,
        )


def test_the_page_adds_lists_and_removes_lines(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    token = csrf_of(client, "/duties?year=2026")
    refused = client.post(
        "/duties", data={"csrf_token": token, "held_on": "2026-02-10", "kind": "study", "text": ""}
    )
    assert refused.status_code == 400 and "请用一句话写明事项内容" in refused.get_data(as_text=True)
    typed = {"csrf_token": token, "held_on": "2026-02-10", "kind": "research", "text": "专题研究法治建设"}
    assert client.post("/duties", data=typed).status_code == 302
    page = client.get("/duties?year=2026").get_data(as_text=True)
    assert "专题研究法治建设" in page and "<td>专题研究</td>" in page
    record_id = page.split("/duties/")[1].split("/delete")[0]
    assert client.post(f"/duties/{record_id}/delete", data={"csrf_token": token}).status_code == 302
    assert "本年度尚未登记" in client.get("/duties?year=2026").get_data(as_text=True)
    viewer = sign_in(town.viewer)
    assert "登记一项" not in viewer.get("/duties?year=2026").get_data(as_text=True)


def test_the_api_keeps_the_register(town, session: Session, app) -> None:  # type: ignore[no-untyped-def]
    secret, _ = issue_token(session, town.coordinator, TokenPurpose.API, "履职")
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    created = client.post(
        "/api/v1/duties",
        json={"date": "2026-02-10", "kind": "督察", "text": "带队督察执法案卷"},
        headers=headers,
    )
    assert created.status_code == 201, created.json
    assert (created.json["kind"], created.json["kind_word"]) == ("inspection", "督察")
    assert [d["text"] for d in client.get("/api/v1/duties?year=2026", headers=headers).json["duties"]] == [
        "带队督察执法案卷"
    ]
    refused = client.post("/api/v1/duties", json={"kind": "督察", "text": "x"}, headers=headers)
    assert refused.status_code == 400 and "date" in refused.json["error"]
    assert client.delete(f"/api/v1/duties/{created.json['id']}", headers=headers).status_code == 204
    assert session.scalars(select(DutyRecord)).all() == []


def test_the_command_line_keeps_the_register(
    fresh_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("TRACKER_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-26")
    runner = CliRunner()
    added = runner.invoke(
        main, ["duty", "add", "--date", "2026-06-26", "--kind", "述法", "--text", "向县委述法"]
    )
    assert added.exit_code == 0, added.output
    record_id = added.stdout.strip()
    listed = runner.invoke(main, ["duty", "list", "--year", "2026"])
    assert f"#{record_id} 2026-06-26 [述法] 向县委述法" in listed.output
    refused = runner.invoke(main, ["duty", "add", "--date", "2026-12-01", "--kind", "述法", "--text", "x"])
    assert refused.exit_code == 2 and "错误：事项日期不能晚于今天。" in refused.output
    assert runner.invoke(main, ["duty", "remove", record_id]).exit_code == 0
    assert "尚未登记" in runner.invoke(main, ["duty", "list", "--year", "2026"]).output
