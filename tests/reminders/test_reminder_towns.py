"""Reminders per town: a town's red tasks reach its own 主要负责人 and coordinator, its weekly summary
counts its own tasks, and no town hears of another's (issue 13), on the demo county."""

from __future__ import annotations

import email
from datetime import date
from email.policy import default

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Role, User
from tracker.clock import stamp, today
from tracker.config import Settings
from tracker.organisations.models import Organisation, OrgKind
from tracker.organisations.service import add_organisation
from tracker.reminders.compose import DeliveryView, compose
from tracker.reminders.cycle import PlannedMail, plan_day
from tracker.reminders.models import MailKind
from tracker.tasks.models import Task


def test_each_town_escalates_and_summarises_to_its_own_people(
    session: Session, settings: Settings, demo_county: Organisation
) -> None:
    people = {user.username: user.id for user in session.scalars(select(User))}
    red_town = demo_county.towns[2]  # 石门镇: weeks late
    red = set(
        session.scalars(
            select(Task.id).where(Task.organisation_id == red_town.id, Task.deadline < today(settings))
        )
    )

    plan = plan_day(session, settings, today(settings))  # a Monday: the weekly summary too

    told = {
        mail.recipient_id
        for mail in plan.mails
        if mail.kind is MailKind.DAILY and red & {item["task_id"] for item in mail.payload["items"]}
    }
    shimen = {people[f"shimen_{name}"] for name in ("zhenzhang", "fzb", "fenguan")}
    assert shimen <= told  # escalated to the town's 主要负责人, coordinator and 分管领导
    others = {
        people[name]
        for name in ("songling_zhenzhang", "songling_fzb", "liutang_zhenzhang", "liutang_fzb", "hexi_fzb")
    }
    assert not told & others
    weekly = {
        mail.recipient_id: mail.payload["totals"] for mail in plan.mails if mail.kind is MailKind.WEEKLY
    }
    assert weekly[people["shimen_fzb"]]["total"] == 5 and weekly[people["shimen_fzb"]]["red"] == len(red) == 2
    assert weekly[people["songling_fzb"]]["total"] == 5 and weekly[people["songling_fzb"]]["red"] == 0


def test_the_county_coordinator_s_weekly_summary_covers_every_town_with_a_line_each(
    session: Session, settings: Settings, demo_county: Organisation
) -> None:
    """It used to be empty: the county's coordinator belongs to no town, and the summary counted the
    tasks of the coordinator's own organisation."""
    people = {user.username: user.id for user in session.scalars(select(User))}
    day = today(settings)  # a Monday

    mails = _weekly(session, settings, day)

    county = mails[people["hexi_fzb"]].payload
    towns = {line["name"]: line for line in county["towns"]}
    assert list(towns) == ["石门镇", "柳塘镇", "松岭镇"]  # most red first
    for name, coordinator in (
        ("石门镇", "shimen_fzb"),
        ("柳塘镇", "liutang_fzb"),
        ("松岭镇", "songling_fzb"),
    ):
        own = mails[people[coordinator]].payload
        assert {key: towns[name][key] for key in own["totals"]} == own["totals"]
        assert own["towns"] == []  # a town's summary has no town lines
    assert county["totals"]["total"] == sum(line["total"] for line in towns.values()) == 15
    assert county["totals"]["red"] == towns["石门镇"]["red"] == 2
    assert {item["town"] for item in county["overdue"]} <= {"石门镇", "柳塘镇"}
    text = _plain(mails[people["hexi_fzb"]], day, settings)
    assert "【各镇情况】" in text and "- 石门镇：任务 5 项" in text
    assert "〔石门镇〕" in text and "/county" in text
    assert "今天到期（截止日期 2026年3月2日）" in text  # not 还有 0 个工作日


def test_a_town_without_a_plan_is_told_so_and_the_county_s_line_says_it(
    session: Session, settings: Settings, demo_county: Organisation
) -> None:
    """Not a summary of zeros: 任务总数 0 项 reads as if all were well."""
    new_town = add_organisation(session, "新桥镇", OrgKind.TOWN, demo_county)
    coordinator = User(
        organisation=new_town,
        username="xinqiao_fzb",
        display_name="新桥镇法治办",
        email="fzb@xinqiao.example",
        role=Role.COORDINATOR,
    )
    session.add(coordinator)
    session.flush()
    county = session.scalars(select(User).where(User.username == "hexi_fzb")).one()
    day = today(settings)

    mails = _weekly(session, settings, day)

    own = _plain(mails[coordinator.id], day, settings)
    assert "本镇目前没有在办（已确认、未归档）的年度计划" in own and "/plans" in own
    assert "任务总数" not in own
    assert "- 新桥镇：尚无在办计划" in _plain(mails[county.id], day, settings)


def _weekly(session: Session, settings: Settings, day: date) -> dict[int, PlannedMail]:
    """Recipient id → their weekly summary of `day`."""
    return {
        mail.recipient_id: mail
        for mail in plan_day(session, settings, day).mails
        if mail.kind is MailKind.WEEKLY
    }


def _plain(mail: PlannedMail, day: date, settings: Settings) -> str:
    """The plain-text part of a planned mail as it would be sent."""
    assert mail.to_address is not None
    view = DeliveryView(mail.recipient_id, day, mail.kind.value, mail.to_address, mail.payload, stamp())
    message = email.message_from_bytes(compose(view, settings).data, policy=default)
    return message.get_body(("plain",)).get_content()
