"""The demo town's year of work: progress on its tasks, the 第一责任人 register and the 整改 of last
year's problems, so that a fresh quickstart's report draft (`tracker report draft`) reads as a whole
report instead of a page of 【待补充】 markers.

Everything goes through the services a person's clicks go through (`file_progress`, `add_duty`,
`record_rectification`), by the demo people, so it is checked and audited like theirs. What is dated
after today is left out and added by a later run once its day has come; a record already there (or
a shortcoming a coordinator has started on) is never written again, so running it twice changes
nothing. Every record hangs on the demo plan's tasks and shortcomings or was entered by the demo
coordinator (`DutyRecord.created_by_id`), which is how removing the demo finds it (`demo_duties`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.clock import stamp
from tracker.demo.people import as_demo_person
from tracker.duties.models import DutyKind, DutyRecord
from tracker.duties.service import add_duty
from tracker.plans.models import Plan, RectificationState, Shortcoming
from tracker.rectification.service import Rectification, record_rectification
from tracker.tasks.closing import close_task
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import ProgressEntry, Task, TaskStatus
from tracker.tasks.progress import ProgressReport, file_progress

COORDINATOR = "fazhiban"


@dataclass(frozen=True)
class DemoProgress:
    task_title: str
    author: str
    """The demo person who files it (a member of the task's lead unit, or the coordinator)."""
    month: int
    day: int
    text: str
    percent: int
    closes: bool = False
    """The entry that finishes the work: the lead unit then closes the task as 办结."""


DEMO_PROGRESS = (
    DemoProgress("抓好法治建设第一责任人职责落实", "dangzhengban", 3, 26,
                 "召开党委会专题研究法治建设工作，印发年度法治政府建设工作要点和任务分工", 25),
    DemoProgress("抓好法治建设第一责任人职责落实", "dangzhengban", 9, 22,
                 "召开党委会听取上半年法治建设工作情况汇报，研究部署下半年重点任务", 75),
    DemoProgress("5月底前组织民法典宣传月活动", "sifasuo", 5, 28,
                 "组织民法典宣传月活动，在镇集市和各村（社区）开展宣讲8场，发放宣传资料1200余份", 100, True),
    DemoProgress("利用国家宪法日开展宪法集中宣传活动", "sifasuo", 11, 25,
                 "制定“12·4”国家宪法日集中宣传活动方案，落实宣传点位和人员", 30),
    DemoProgress("每学期开学组织法治副校长送法进校园", "sifasuo", 3, 6,
                 "法治副校长在镇中心小学、青禾中学讲授开学法治第一课，学生600余人参加", 50),
    DemoProgress("每学期开学组织法治副校长送法进校园", "sifasuo", 9, 10,
                 "秋季开学组织法治副校长进校园开展防欺凌、防诈骗专题讲座2场", 100),
    DemoProgress("提升行政执法规范化水平", COORDINATOR, 6, 24,
                 "完成全镇执法人员轮训，32名执法人员参训并通过考试", 50),
    DemoProgress("提升行政执法规范化水平", COORDINATOR, 11, 18,
                 "开展行政执法案卷评查，抽查案卷40卷，发现的问题已逐卷反馈整改", 80),
    DemoProgress("常态化开展矛盾纠纷排查化解", "sifasuo", 6, 30,
                 "上半年各村（社区）调解组织排查矛盾纠纷61起，已化解59起", 50),
    DemoProgress("常态化开展矛盾纠纷排查化解", "sifasuo", 11, 30,
                 "每月汇总研判矛盾纠纷排查情况，下半年新排查化解矛盾纠纷57起", 90),
    DemoProgress("培育“法律明白人”骨干60名以上", "sifasuo", 10, 16,
                 "举办“法律明白人”骨干培训班2期，新培育骨干38名", 65),
    DemoProgress("持续深化政务公开", "dangzhengban", 9, 25,
                 "完成政务公开目录更新，新增重大行政决策公开栏目", 100, True),
)  # fmt: skip


@dataclass(frozen=True)
class DemoDuty:
    month: int
    day: int
    kind: DutyKind
    text: str


DEMO_DUTIES = (
    DemoDuty(3, 12, DutyKind.STUDY, "镇政府常务会议集体学习《中华人民共和国行政复议法》"),
    DemoDuty(7, 9, DutyKind.STUDY, "镇政府常务会议学习《中华人民共和国突发事件应对法》"),
    DemoDuty(3, 26, DutyKind.RESEARCH, "镇党委会专题研究年度法治政府建设工作要点和任务分工"),
    DemoDuty(9, 22, DutyKind.RESEARCH, "镇党委会听取法治建设工作汇报，研究解决执法力量不足问题"),
    DemoDuty(10, 20, DutyKind.INSPECTION, "镇党委书记带队督查各村（社区）矛盾纠纷排查化解工作"),
    DemoDuty(11, 24, DutyKind.STATEMENT, "镇党委书记、镇长在县委全面依法治县委员会会议上述法"),
    DemoDuty(11, 30, DutyKind.OTHER_MATTER, "本年度无其他需要报告的情况"),
)


@dataclass(frozen=True)
class DemoRectification:
    starts_with: str
    """The first words of the demo plan's shortcoming it is about."""
    state: RectificationState
    measures: str
    month: int
    day: int
    cause: str = ""


DEMO_RECTIFICATIONS = (
    DemoRectification(
        "普法宣传方式较为单一",
        RectificationState.DONE,
        "开设“青禾普法”微信专栏，在春节返乡期间为外出务工人员开展专场普法，法治副校长进校园覆盖全镇中小学",
        9,
        10,
    ),
    DemoRectification(
        "部分村（社区）干部",
        RectificationState.IN_PROGRESS,
        "分两批组织村（社区）“两委”干部依法办事专题培训",
        10,
        16,
        "村（社区）干部换届后新任人员较多，培训尚未全部覆盖",
    ),
    DemoRectification(
        "行政执法人员力量不足",
        RectificationState.IN_PROGRESS,
        "向县综合行政执法局申请增派执法人员，为执法中队配备执法记录仪",
        6,
        24,
        "执法人员编制由县统筹调配，增派人员尚未到位",
    ),
)


def demo_duties(coordinator_id: int) -> Select[tuple[DutyRecord]]:
    """The register lines the demo coordinator entered: what removing the demo removes with it."""
    return select(DutyRecord).where(DutyRecord.created_by_id == coordinator_id)


def ensure_demo_year(session: Session, plan: Plan, store: EvidenceStore, today: date) -> None:
    """Whatever of the demo year's records is due by `today` and missing, added through the services."""
    people = {
        user.username: user
        for user in session.scalars(select(User).where(User.organisation_id == plan.organisation_id))
    }
    coordinator = people[COORDINATOR]
    _progress(session, plan, people, store, today)
    _duties(session, plan.year, coordinator, today)
    _rectifications(session, plan, coordinator, today)


def _progress(
    session: Session, plan: Plan, people: dict[str, User], store: EvidenceStore, today: date
) -> None:
    tasks = {task.title: task for task in session.scalars(select(Task).where(Task.plan_id == plan.id))}
    for demo in DEMO_PROGRESS:
        task, on = tasks.get(demo.task_title), date(plan.year, demo.month, demo.day)
        if task is None or on > today or _has_entry(session, task, on, demo.text):
            continue
        author = people[demo.author]
        report = ProgressReport(text=demo.text, entry_date=on, percent=demo.percent)
        with as_demo_person(author):
            file_progress(session, task, report, by=author, today=today, store=store, max_upload_bytes=0)
            if demo.closes and task.status is not TaskStatus.DONE:
                close_task(session, task, by=author, version_id=task.version_id, note=demo.text)


def _has_entry(session: Session, task: Task, on: date, text: str) -> bool:
    query = select(ProgressEntry.id).where(
        ProgressEntry.task_id == task.id, ProgressEntry.entry_date == on, ProgressEntry.text == text
    )
    return session.scalar(query.limit(1)) is not None


def _duties(session: Session, year: int, coordinator: User, today: date) -> None:
    entered = {(line.held_on, line.kind, line.text) for line in session.scalars(demo_duties(coordinator.id))}
    for demo in DEMO_DUTIES:
        on = date(year, demo.month, demo.day)
        if on > today or (on, demo.kind, demo.text) in entered:
            continue
        line = {"held_on": on, "kind": demo.kind, "text": demo.text}
        with as_demo_person(coordinator):
            add_duty(
                session,
                organisation_id=coordinator.organisation_id,
                **line,
                by=coordinator,
                now=stamp(),
                today=today,
            )


def _rectifications(session: Session, plan: Plan, coordinator: User, today: date) -> None:
    shortcomings = session.scalars(select(Shortcoming).where(Shortcoming.plan_id == plan.id)).all()
    for demo in DEMO_RECTIFICATIONS:
        on = date(plan.year, demo.month, demo.day)
        short = next((s for s in shortcomings if s.text.startswith(demo.starts_with)), None)
        if short is None or on > today or short.rectification_state is not RectificationState.OPEN:
            continue
        if short.rectification_measures:
            continue  # a coordinator has started on it: theirs, not the demo's
        given = Rectification(demo.state, demo.measures, on, demo.cause)
        with as_demo_person(coordinator):
            record_rectification(session, short, given, by=coordinator, today=today)
