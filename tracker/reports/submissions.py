"""A town's year draft on its way up to the county: 未开始, 起草中 or 已提交.

- 未开始: the town has no confirmed plan of the year, or has generated no draft file of it yet;
- 起草中: the town has generated at least one draft file and submitted none (or withdrew it);
- 已提交: the town's coordinator submitted one finished draft file; the county reads that file.

A submission is withdrawn with a reason, and only until someone of the county has read it: after
that, the county has acted on what it read, and a changed draft goes up as a new conversation, not
behind its back. Every step is on the audit trail (`report.submitted`, `report.withdrawn`,
`report.read`), with the reason of a withdrawal.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import User
from tracker.accounts.permissions import can_submit_report
from tracker.clock import stamp
from tracker.errors import RuleError, require, stated_reason
from tracker.organisations.models import Organisation
from tracker.plans.models import Plan
from tracker.reports.loading import confirmed_plans
from tracker.reports.models import ReportRun, ReportRunStatus, ReportSubmission


class DraftStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"


DRAFT_STATUS_WORDS = {
    DraftStatus.NOT_STARTED: "未开始",
    DraftStatus.DRAFTING: "起草中",
    DraftStatus.SUBMITTED: "已提交",
}


@dataclass(frozen=True)
class TownDraft:
    """Where one town's draft of the year stands, as the county's list and the town's page show it."""

    town: Organisation
    year: int
    plan: Plan | None
    status: DraftStatus
    submission: ReportSubmission | None
    latest_file: ReportRun | None
    """The newest finished draft file: what 提交县级 would submit."""
    note: str
    """Why the status is what it is, in words (无已确认的2026年度计划, 尚未生成草稿文件…)."""

    @property
    def status_word(self) -> str:
        return DRAFT_STATUS_WORDS[self.status]


def current_submission(session: Session, plan_id: int) -> ReportSubmission | None:
    """The plan's submission that is not withdrawn, if any (at most one: a unique key says so)."""
    return _current_submissions(session, [plan_id]).get(plan_id)


def _current_submissions(session: Session, plan_ids: Sequence[int]) -> dict[int, ReportSubmission]:
    query = select(ReportSubmission).where(
        ReportSubmission.plan_id.in_(plan_ids), ReportSubmission.withdrawn_at.is_(None)
    )
    return {submission.plan_id: submission for submission in session.scalars(query)}


def _latest_files(session: Session, plan_ids: Sequence[int]) -> dict[int, ReportRun]:
    """Each plan's newest finished draft file, ranked within the plan in SQL, so that a town that
    generated a hundred files does not load a hundred rows."""
    ranked = (
        select(
            ReportRun.id,
            func.row_number()
            .over(
                partition_by=ReportRun.plan_id,
                order_by=(ReportRun.finished_at.desc(), ReportRun.id.desc()),
            )
            .label("rank"),
        )
        .where(ReportRun.plan_id.in_(plan_ids), ReportRun.status == ReportRunStatus.DONE)
        .subquery()
    )
    query = select(ReportRun).join(ranked, ranked.c.id == ReportRun.id).where(ranked.c.rank == 1)
    return {run.plan_id: run for run in session.scalars(query)}


def _run_counts(session: Session, plan_ids: Sequence[int]) -> dict[int, int]:
    """How many draft files each plan has asked for, finished or not (plans with none are absent)."""
    query = (
        select(ReportRun.plan_id, func.count(ReportRun.id))
        .where(ReportRun.plan_id.in_(plan_ids))
        .group_by(ReportRun.plan_id)
    )
    return {plan_id: count for plan_id, count in session.execute(query)}


def town_draft(session: Session, town: Organisation, year: int) -> TownDraft:
    """One town's draft of the year: the list's rule, for a list of one."""
    return town_drafts(session, [town], year)[0]


def town_drafts(session: Session, towns: Sequence[Organisation], year: int) -> list[TownDraft]:
    """Each town's draft of the year in four queries, whatever the number of towns (one per kind:
    plans, current submissions, newest finished files, counts of files): a county of forty towns
    opens its list as fast as one of two."""
    plans = confirmed_plans(session, [town.id for town in towns], year)
    plan_ids = [plan.id for plan in plans.values()]
    submissions = _current_submissions(session, plan_ids)
    latest = _latest_files(session, plan_ids)
    runs = _run_counts(session, plan_ids)
    return [_draft(town, year, plans.get(town.id), submissions, latest, runs) for town in towns]


def _draft(
    town: Organisation,
    year: int,
    plan: Plan | None,
    submissions: dict[int, ReportSubmission],
    files: dict[int, ReportRun],
    runs: dict[int, int],
) -> TownDraft:
    """Where one town's draft stands, from what the grouped queries found (by plan id)."""
    if plan is None:
        return TownDraft(town, year, None, DraftStatus.NOT_STARTED, None, None, f"无已确认的{year}年度计划")
    submission, latest = submissions.get(plan.id), files.get(plan.id)
    if submission is not None:
        read = "县级已阅" if submission.read_at is not None else "县级未阅"
        return TownDraft(town, year, plan, DraftStatus.SUBMITTED, submission, latest, read)
    if runs.get(plan.id):
        note = "已生成草稿文件，尚未提交" if latest else "草稿文件生成中或生成失败"
        return TownDraft(town, year, plan, DraftStatus.DRAFTING, None, latest, note)
    return TownDraft(town, year, plan, DraftStatus.NOT_STARTED, None, None, "尚未生成草稿文件")


def own_draft(session: Session, person: User, year: int | None) -> TownDraft | None:
    """What the town's report page shows about submitting to the county: nothing for a town without
    a county (a single-town installation sees nothing new) nor for a county's own people."""
    town = session.get_one(Organisation, person.organisation_id)
    if year is None or town.parent_id is None:
        return None
    return town_draft(session, town, year)


def _require_county_above(session: Session, plan: Plan) -> None:
    """A town without a county has nobody to submit its draft to."""
    town = session.get_one(Organisation, plan.organisation_id)
    if town.parent_id is None:
        raise RuleError(f"「{town.name}」不隶属于任何县，报告草稿无需提交。")


def submit(session: Session, plan: Plan, run: ReportRun, *, by: User) -> ReportSubmission:
    """已提交: `run` (a finished draft file of `plan`) goes up to the town's county."""
    require(can_submit_report(by, plan.organisation_id), "只有本镇法治办（协调人）可以提交报告草稿。")
    _require_county_above(session, plan)
    if run.plan_id != plan.id or run.status is not ReportRunStatus.DONE:
        raise RuleError("只能提交本年度已生成完毕的草稿文件，请先生成草稿文件。", field="run_id")
    if current_submission(session, plan.id) is not None:
        raise RuleError(f"{plan.year}年度报告草稿已提交县级；如需换成新的草稿文件，请先撤回。")
    submission = ReportSubmission(plan_id=plan.id, run_id=run.id, submitted_by_id=by.id)
    session.add(submission)
    session.flush()
    audit.record(session, "report.submitted", submission, changes={"run_id": run.id})
    return submission


def withdraw(session: Session, submission: ReportSubmission, *, by: User, reason: str) -> ReportSubmission:
    """Back to 起草中, with the reason on record; refused once the county has read the draft."""
    require(can_submit_report(by, submission.organisation_id), "只有本镇法治办（协调人）可以撤回报告草稿。")
    if submission.withdrawn_at is not None:
        raise RuleError("该草稿已撤回。")
    if submission.read_at is not None:
        raise RuleError("县级已阅读该草稿，不能撤回；如需修改，请与县级联系后重新提交。")
    reason = stated_reason(reason, "请填写撤回的原因（将记入审计记录）。")
    submission.withdrawn_at, submission.withdrawn_by_id = stamp(), by.id
    submission.withdraw_reason = reason
    session.flush()
    audit.record(session, "report.withdrawn", submission, note=reason)
    return submission


def mark_read(session: Session, submission_id: int, *, by: User) -> None:
    """The county opened the submitted draft: from now on the town cannot withdraw it. Only the first
    reading by someone of a county counts; the town's own looks do not. Takes the id: a page that
    reads in one session records the reading in a short one of its own."""
    submission = session.get_one(ReportSubmission, submission_id)
    if submission.read_at is not None or by.organisation_id == submission.organisation_id:
        return
    reader = session.get_one(Organisation, by.organisation_id)
    if not reader.is_county:
        return
    submission.read_at, submission.read_by_id = stamp(), by.id
    session.flush()
    audit.record(session, "report.read", submission)
