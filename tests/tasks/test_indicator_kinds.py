"""Indicator kinds: a count of the year (累计) adds up, a standing total (现有) is the latest stated, a
rate (比率) is the whole year's or the latest; entries may be approximate (10余, 近100). The kind is
proposed from the baseline's wording and chosen on the review page, the task page or the API; the
progress form asks for what the kind needs; an unfinished task keeps its reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.audit import AuditEvent
from tracker.errors import NotAllowed, RuleError
from tracker.plans.parsing import parse_document
from tracker.plans.targets import propose_kind
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.indicators import set_indicator_kind
from tracker.tasks.models import Indicator, IndicatorIncrement, IndicatorKind
from tracker.tasks.progress import IndicatorValue, ProgressReport, file_progress, parse_figure
from tracker.tasks.reasons import record_unfinished_reason

TODAY = date(2026, 3, 2)  # the `settings` fixture's today


@pytest.fixture
def file(session: Session, town, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = EvidenceStore(tmp_path / "evidence")

    def filed(on: date, **values: IndicatorValue) -> None:
        indicators = {i.name: i.id for i in session.scalars(select(Indicator))}
        report = ProgressReport(
            text="进展。",
            entry_date=on,
            increments={indicators[name]: value for name, value in values.items()},
        )
        file_progress(session, town.task, report, by=town.owner, today=TODAY, store=store, max_upload_bytes=1)

    return filed


def kinds(make_indicator, town):  # type: ignore[no-untyped-def]
    counted = make_indicator(town.task, name="讲座", unit="场", baseline="10")
    standing = make_indicator(town.task, name="明白人", unit="名", baseline="32")
    rate = make_indicator(town.task, name="成功率", unit="%", baseline="97.9")
    standing.kind, rate.kind = IndicatorKind.STOCK, IndicatorKind.RATE
    return counted, standing, rate


def test_each_kind_keeps_its_own_figure(session: Session, town, make_indicator, file) -> None:  # type: ignore[no-untyped-def]
    counted, standing, rate = kinds(make_indicator, town)
    session.flush()
    file(date(2026, 2, 1), 讲座=IndicatorValue(Decimal(2)), 明白人=IndicatorValue(Decimal(35)))
    file(date(2026, 2, 20), 讲座=IndicatorValue(Decimal(10), "余"), 明白人=IndicatorValue(Decimal(41)))
    file(date(2026, 2, 10), 明白人=IndicatorValue(Decimal(38)), 成功率=IndicatorValue(Decimal("97.5")))
    file(date(2026, 2, 28), 成功率=IndicatorValue(Decimal("98.2"), full_year=True))
    session.expire_all()
    assert [session.get(Indicator, i.id).actual for i in (counted, standing, rate)] == [
        12,
        41,
        Decimal("98.2"),
    ]
    stored = session.scalars(
        select(IndicatorIncrement).where(IndicatorIncrement.indicator_id == counted.id)
    ).all()
    assert [(value.amount, value.qualifier) for value in stored] == [(2, None), (10, "余")]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("讲座", IndicatorValue(Decimal(0)), "必须大于 0"),
        ("成功率", IndicatorValue(Decimal(101)), "不能超过 100"),
        ("讲座", IndicatorValue(Decimal(3), full_year=True), "只有比率指标"),
        ("讲座", IndicatorValue(Decimal(3), "左右"), "不是约数的写法"),
    ],
)
def test_a_figure_the_kind_cannot_take_is_refused(
    session, town, make_indicator, file, name, value, message
) -> None:  # type: ignore[no-untyped-def]
    kinds(make_indicator, town)
    session.flush()
    with pytest.raises(RuleError, match=message):
        file(date(2026, 2, 1), **{name: value})


def test_a_standing_total_or_a_rate_may_be_zero(session, town, make_indicator, file) -> None:  # type: ignore[no-untyped-def]
    _counted, standing, _rate = kinds(make_indicator, town)
    session.flush()
    file(date(2026, 2, 1), 明白人=IndicatorValue(Decimal(0)))
    session.expire_all()
    assert session.get(Indicator, standing.id).actual == 0


@pytest.mark.parametrize(
    ("raw", "amount", "qualifier"),
    [
        ("12", "12", None),
        ("10余", "10", "余"),
        ("近100", "100", "近"),
        ("50以上", "50", "以上"),
        ("97.9%", "97.9", None),
    ],
)
def test_people_write_figures_as_they_say_them(raw: str, amount: str, qualifier: str | None) -> None:
    assert parse_figure(raw) == IndicatorValue(Decimal(amount), qualifier)


def test_changing_the_kind_reads_the_entries_again_and_is_audited(
    session, town, make_indicator, file
) -> None:  # type: ignore[no-untyped-def]
    counted, _standing, _rate = kinds(make_indicator, town)
    session.flush()
    file(date(2026, 1, 5), 讲座=IndicatorValue(Decimal(2)))
    file(date(2026, 2, 5), 讲座=IndicatorValue(Decimal(5)))
    with pytest.raises(NotAllowed):
        set_indicator_kind(session, counted, IndicatorKind.STOCK, by=town.owner)
    set_indicator_kind(session, counted, IndicatorKind.STOCK, by=town.coordinator)
    assert counted.actual == 5
    set_indicator_kind(session, counted, IndicatorKind.CUMULATIVE, by=town.coordinator)
    assert counted.actual == 7
    notes = session.scalars(
        select(AuditEvent.note).where(AuditEvent.action == "indicator.kind_changed").order_by(AuditEvent.id)
    ).all()
    assert notes == ["指标“讲座”类型：累计 → 现有", "指标“讲座”类型：现有 → 累计"]


def test_the_seed_reports_wording_proposes_each_kind(seed_report_path: Path) -> None:
    text = seed_report_path.read_text(encoding="utf-8")
    parsed = parse_document(text.encode("utf-8"), seed_report_path.name)
    proposed = {
        (b.name, b.unit): propose_kind(b.name, b.unit, text[max(0, b.span[0] - 16) : b.span[0]])
        for b in parsed.baselines
    }
    assert proposed[("法律明白人", "名")] is IndicatorKind.STOCK
    assert proposed[("调解成功率", "%")] is IndicatorKind.RATE
    assert proposed[("矛盾纠纷", "起")] is IndicatorKind.CUMULATIVE
    assert proposed[("法律咨询", "次")] is IndicatorKind.CUMULATIVE


def test_the_task_page_asks_for_what_each_kind_needs(session, town, make_indicator, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    counted, standing, rate = kinds(make_indicator, town)
    session.flush()
    owner = sign_in(town.owner)
    page = owner.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert (
        "讲座\n        本次增加" in page
        and "明白人\n        现有总数" in page
        and "成功率\n        当前比率" in page
    )
    assert f'name="full_year-{rate.id}"' in page and f'name="full_year-{counted.id}"' not in page
    assert "indicators/" not in page.split("进展")[0] or "kind-form" not in page  # owners cannot change kinds
    token = csrf_of(owner, f"/tasks/{town.task.id}")
    form = {
        "csrf_token": token,
        "text": "年终统计。",
        "entry_date": "2026-03-01",
        f"increment-{counted.id}": "10余",
        f"increment-{standing.id}": "41",
        f"increment-{rate.id}": "98.2",
        f"full_year-{rate.id}": "1",
    }
    assert owner.post(f"/tasks/{town.task.id}/progress", data=form).status_code == 302
    shown = owner.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert "讲座 +10余场" in shown and "明白人 为41名" in shown and "成功率 为98.2%（全年）" in shown
    coordinator = sign_in(town.coordinator)
    assert 'class="inline kind-form"' in coordinator.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    changed = coordinator.post(
        f"/tasks/{town.task.id}/indicators/{counted.id}/kind",
        data={"csrf_token": csrf_of(coordinator), "kind": "现有"},
    )
    assert changed.status_code == 302
    session.expire_all()
    assert session.get(Indicator, counted.id).kind is IndicatorKind.STOCK


def test_the_api_reads_and_changes_kinds_and_takes_approximate_figures(
    session, town, make_indicator, app
) -> None:  # type: ignore[no-untyped-def]
    counted, standing, _rate = kinds(make_indicator, town)
    session.flush()
    client = app.test_client()
    coordinator = {
        "Authorization": f"Bearer {issue_token(session, town.coordinator, TokenPurpose.API, 'k')[0]}"
    }
    listed = client.get(f"/api/v1/tasks/{town.task.id}/indicators", headers=coordinator).json["indicators"]
    assert [(i["name"], i["kind"], i["kind_word"]) for i in listed] == [
        ("讲座", "cumulative", "累计"),
        ("明白人", "stock", "现有"),
        ("成功率", "rate", "比率"),
    ]
    changed = client.patch(f"/api/v1/indicators/{counted.id}", json={"kind": "比率"}, headers=coordinator)
    assert changed.status_code == 200 and changed.json["kind"] == "rate"
    refused = client.patch(f"/api/v1/indicators/{counted.id}", json={"kind": "总数"}, headers=coordinator)
    assert refused.status_code == 400 and "应为累计、现有、比率" in refused.json["error"]
    owner = {"Authorization": f"Bearer {issue_token(session, town.owner, TokenPurpose.API, 'o')[0]}"}
    body = {"text": "年中统计。", "increments": [{"indicator_id": standing.id, "amount": "近40"}]}
    created = client.post(f"/api/v1/tasks/{town.task.id}/progress", json=body, headers=owner)
    assert created.status_code == 201, created.json
    assert created.json["increments"][0] | {"indicator_id": 0} == {
        "indicator_id": 0,
        "amount": "40",
        "qualifier": "近",
        "full_year": False,
    }
    assert (
        client.patch(f"/api/v1/indicators/{counted.id}", json={"kind": "累计"}, headers=owner).status_code
        == 403
    )


def test_an_unfinished_task_keeps_its_reason(session, town, sign_in, csrf_of, app) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        record_unfinished_reason(session, town.task, "人手不足", by=town.helper)
    owner = sign_in(town.owner)
    saved = owner.post(
        f"/tasks/{town.task.id}/reason",
        data={"csrf_token": csrf_of(owner), "reason": "村（社区）换届,推迟到年底"},
    )
    assert saved.status_code == 302
    session.expire_all()
    assert town.task.unfinished_reason == "村（社区）换届,推迟到年底"
    headers = {"Authorization": f"Bearer {issue_token(session, town.coordinator, TokenPurpose.API, 'r')[0]}"}
    cleared = app.test_client().put(
        f"/api/v1/tasks/{town.task.id}/unfinished_reason", json={"reason": ""}, headers=headers
    )
    assert cleared.status_code == 200 and cleared.json["unfinished_reason"] is None
