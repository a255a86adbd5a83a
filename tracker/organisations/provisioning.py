"""Setting up a county's towns in one go: the towns, their units and each town's coordinator, as listed
in the provisioning workbook (`tracker.organisations.towns_workbook`), by the admin page and
`tracker org import` alike.

Every line goes through the rules that adding one organisation, unit or person by hand goes through
(`add_organisation`, `add_department`, `add_user`), so the workbook can do nothing a person could not.
Every line is checked before the caller's transaction commits, and every refused line is reported
with its sheet and row number; one refused line refuses the whole file (`ImportRefused`), and the
caller's transaction, rolled back, leaves nothing half-written. What is already there (a town, a unit,
its coordinator, from an earlier run of the same file) is kept as it is and named in the outcome,
never silently skipped.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.directory import UserDetails, add_department, add_user
from tracker.accounts.models import Department, Role, User
from tracker.errors import NotAllowed, RuleError
from tracker.organisations.models import Organisation, OrgKind
from tracker.organisations.scope import Member
from tracker.organisations.service import add_organisation

TOWNS_SHEET = "镇"
UNITS_SHEET = "单位"


@dataclass(frozen=True)
class TownLine:
    """A row of the 镇 sheet: a town, its county, and optionally its coordinator (all three or none)."""

    row: int
    county: str
    town: str
    coordinator_name: str = ""
    coordinator_login: str = ""
    coordinator_email: str = ""


@dataclass(frozen=True)
class UnitLine:
    """A row of the 单位 sheet: a unit (责任单位) of a town."""

    row: int
    town: str
    unit: str


@dataclass(frozen=True)
class TownsFile:
    towns: tuple[TownLine, ...]
    units: tuple[UnitLine, ...]


class ImportRefused(RuleError):
    """The file breaks rules on some lines: each line's message, with its sheet and row number.

    `fields` carries the summary and one message per refused line (keyed by line, not by a form
    field), so a refused upload comes back with every message listed above its form
    (`tracker.web.forms`)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"导入未执行，文件中有 {len(problems)} 处问题，请修改后重新上传：")
        self.problems = problems
        lines = {f"line-{number}": problem for number, problem in enumerate(problems, start=1)}
        self.fields = {"summary": self.message, **lines}


def at(sheet: str, row: int) -> str:
    """How a message names a line: the sheet and Excel's own row number (the heading is row 1)."""
    return f"「{sheet}」表第 {row} 行"


@dataclass(frozen=True)
class NewLogin:
    town: str
    display_name: str
    username: str
    password: str
    """Shown once, to be handed to the coordinator; only its hash is stored."""


@dataclass
class Provisioned:
    """What the file did, for the page and the command to say in full."""

    counties_created: list[str] = field(default_factory=list)
    towns_created: list[str] = field(default_factory=list)
    towns_kept: list[str] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    units_kept: list[str] = field(default_factory=list)
    logins: list[NewLogin] = field(default_factory=list)
    coordinators_kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        said = [
            ("新建县级机构", self.counties_created),
            ("新建镇", self.towns_created),
            ("已存在、未改动的镇", self.towns_kept),
            ("新建单位", self.units_created),
            ("已存在、未改动的单位", self.units_kept),
            ("已存在、未改动的协调人账号", self.coordinators_kept),
        ]
        lines = [f"{words} {len(names)} 个：{'、'.join(names)}" for words, names in said if names]
        lines += [
            f"新建协调人 {new.display_name}（{new.town}），登录名 {new.username}，初始密码 {new.password}"
            for new in self.logins
        ]
        return lines or ["文件中没有需要导入的内容。"]


def new_password() -> str:
    """An initial password for a new coordinator, shown once; they change it after signing in."""
    return secrets.token_urlsafe(9)


@dataclass
class _Run:
    """One import in progress: the organisations met so far and the problems found."""

    session: Session
    by: Member
    password: Callable[[], str]
    done: Provisioned = field(default_factory=Provisioned)
    problems: list[str] = field(default_factory=list)
    towns: dict[str, Organisation] = field(default_factory=dict)
    """Town name → the town, for the towns of the file (new or kept)."""
    first_row: dict[str, int] = field(default_factory=dict)

    def named(self, name: str) -> Organisation | None:
        return self.session.scalar(select(Organisation).where(Organisation.name == name))

    def county_of(self, line: TownLine) -> Organisation:
        """The county a line's town goes under: a county person's own (the column may only repeat it);
        the operator's, as named in the column, made if it does not exist yet."""
        own = self.by.organisation_id
        if own is not None:
            county = self.session.get_one(Organisation, own)
            if line.county and line.county != county.name:
                raise RuleError(f"所属县「{line.county}」不是您所在的{county.name}，只能导入本县的镇。")
            return county
        if not line.county:
            raise RuleError("请填写所属县。")
        county = self.named(line.county)
        if county is None:
            county = add_organisation(self.session, line.county, OrgKind.COUNTY)
            self.done.counties_created.append(county.name)
        return county

    def town(self, line: TownLine) -> None:
        if not line.town:
            raise RuleError("请填写镇名称。")
        if line.town in self.first_row:
            raise RuleError(f"镇「{line.town}」与第 {self.first_row[line.town]} 行重复。")
        self.first_row[line.town] = line.row
        county = self.county_of(line)
        town = self.named(line.town)
        if town is None:
            town = add_organisation(self.session, line.town, OrgKind.TOWN, county)
            self.done.towns_created.append(town.name)
        elif town.parent_id != county.id:
            raise RuleError(f"「{line.town}」已存在，但不是{county.name}下属的镇。")
        else:
            self.done.towns_kept.append(town.name)
        self.towns[town.name] = town
        self.coordinator(line, town)

    def coordinator(self, line: TownLine, town: Organisation) -> None:
        given = (line.coordinator_name, line.coordinator_login, line.coordinator_email)
        if not any(given):
            return
        if not all(given):
            raise RuleError("协调人的姓名、登录名、邮箱须同时填写（不设协调人则三项都留空）。")
        existing = self.session.scalar(select(User).where(User.username == line.coordinator_login))
        if existing is not None and existing.organisation_id == town.id and existing.role is Role.COORDINATOR:
            self.done.coordinators_kept.append(f"{existing.display_name}（{existing.username}）")
            return
        details = UserDetails(
            line.coordinator_login, line.coordinator_name, Role.COORDINATOR, email=line.coordinator_email
        )
        password = self.password()
        user = add_user(self.session, town.id, details, password)
        self.done.logins.append(NewLogin(town.name, user.display_name, user.username, password))

    def unit(self, line: UnitLine, seen: dict[tuple[str, str], int]) -> None:
        if not line.town or not line.unit:
            raise RuleError("请填写镇名称和单位名称。")
        town = self.towns.get(line.town) or self.visible_town(line.town)
        key = (town.name, line.unit)
        if key in seen:
            raise RuleError(f"{town.name}的单位「{line.unit}」与第 {seen[key]} 行重复。")
        seen[key] = line.row
        clash = select(Department.id).where(
            Department.organisation_id == town.id, Department.name == line.unit.strip()
        )
        if self.session.scalar(clash) is not None:
            self.done.units_kept.append(f"{town.name}{line.unit}")
            return
        add_department(self.session, town.id, line.unit)
        self.done.units_created.append(f"{town.name}{line.unit}")

    def visible_town(self, name: str) -> Organisation:
        """A town named on the 单位 sheet only: one already set up, under the importer's county."""
        town = self.named(name)
        own = self.by.organisation_id
        if town is None or town.kind is not OrgKind.TOWN or (own is not None and town.parent_id != own):
            raise RuleError(f"镇「{name}」既不在「{TOWNS_SHEET}」表中，也不是已有的本县下属镇。")
        return town


def check_may_provision(session: Session, by: Member, role: Role) -> None:
    """Only a county's coordinator (for its own towns) or the server's operator sets up towns: a town
    cannot make towns, and a county's leader or inspector changes nothing."""
    if by.organisation_id is None:
        return
    organisation = session.get(Organisation, by.organisation_id)
    if role is not Role.COORDINATOR or organisation is None or not organisation.is_county:
        raise NotAllowed("只有县级机构的协调人可以导入镇、单位和协调人。")


def provision_towns(
    session: Session,
    towns_file: TownsFile,
    *,
    by: Member,
    role: Role = Role.COORDINATOR,
    password: Callable[[], str] = new_password,
) -> Provisioned:
    """Add the file's towns, units and coordinators in the caller's transaction, or refuse the whole
    file naming every bad line (`ImportRefused`; the caller rolls back what the good lines added)."""
    check_may_provision(session, by, role)
    if not towns_file.towns and not towns_file.units:
        raise RuleError(f"文件中没有数据：请在「{TOWNS_SHEET}」表和「{UNITS_SHEET}」表的表头下逐行填写。")
    run = _Run(session, by, password)
    for line in towns_file.towns:
        try:
            run.town(line)
        except RuleError as error:
            run.problems.append(f"{at(TOWNS_SHEET, line.row)}：{error.message}")
    seen: dict[tuple[str, str], int] = {}
    for unit in towns_file.units:
        try:
            run.unit(unit, seen)
        except RuleError as error:
            run.problems.append(f"{at(UNITS_SHEET, unit.row)}：{error.message}")
    if run.problems:
        raise ImportRefused(run.problems)
    session.flush()
    return run.done
