"""Reminders per town: a town's red tasks reach its own 主要负责人 and coordinator, its weekly summary
counts its own tasks, and no town hears of another's (issue 13), on the demo county."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.clock import today
from tracker.config import Settings
from tracker.organisations.models import Organisation
from tracker.reminders.cycle import plan_day
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
