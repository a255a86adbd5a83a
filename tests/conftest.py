"""Fixtures shared by the whole suite.

Every test that touches the database runs twice, on SQLite and on PostgreSQL (the `database_url`
fixture is parametrised), against a schema built by the Alembic migrations, inside a transaction
that is rolled back afterwards. PostgreSQL gets a fresh database per test run so that parallel runs on
one server cannot see each other. A service that is down makes the tests fail, never skip.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import cache
from pathlib import Path

import pytest
from browser import VIEWPORT, LiveSite, Tab, launch_chromium, screenshot_folder, serve
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session

from tracker import clock
from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.migrate import upgrade
from tracker.organisations.models import Organisation, OrgKind
from tracker.organisations.service import add_organisation, sole_organisation

POSTGRES_URL = os.environ.get(
    "TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEED_DIR = (PROJECT_ROOT.parent / "shared" / "seeds").resolve()
SEED_REPORT = SEED_DIR / "000_aaf941d397519112.txt"
TEST_PASSWORD = "correct-horse-42"
TEST_SECRET_KEY = "luoshi-test-suite-signing-key-3f9c1e7a"
"""Long enough for a server database (`Settings.refuse_unsafe`); given to every process the suite
starts through the environment, as production gives it to web, worker, beat and commands."""
os.environ.setdefault("TRACKER_SECRET_KEY", TEST_SECRET_KEY)


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    assert SEED_REPORT.exists(), f"the seed report is missing: {SEED_REPORT}"
    return SEED_REPORT


def _fresh_postgres_database() -> Iterator[str]:
    admin_url = make_url(POSTGRES_URL)
    name = f"luoshi_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrated_database(backend: str, directory: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file in `directory`, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        url = f"sqlite:///{directory / 'luoshi.db'}"
        upgrade(url)
        yield url
        return
    for url in _fresh_postgres_database():
        upgrade(url)
        yield url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database without tables, dropped afterwards: for a test whose own
    processes create the schema (the system test runs compose's migrate command)."""
    yield from _fresh_postgres_database()


@pytest.fixture(autouse=True)
def calendar_as_shipped() -> Iterator[None]:
    """Every test ends with this process's calendar back to the package alone: a holiday schedule a
    test entered lives in its rolled-back transaction, and the version it was loaded at may come
    round again in the next test's."""
    yield
    from tracker import calendar

    calendar.install_entered(())


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database on each backend, for the whole run."""
    yield from _migrated_database(request.param, tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def engine_database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def connection(engine_database: Database) -> Iterator[Connection]:
    """One connection holding an outer transaction that is rolled back after the test. That
    transaction never commits, so on PostgreSQL the triggers deferred to the commit (the board's
    version) run at each statement's end instead."""
    with engine_database.engine.connect() as connection:
        transaction = connection.begin()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
        yield connection
        transaction.rollback()


@pytest.fixture
def database(connection: Connection) -> Database:
    """A `Database` whose sessions commit into savepoints of the test's transaction."""
    return Database.joined_to(connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    session = database.sessions()
    yield session
    session.close()


@pytest.fixture
def settings(tmp_path: Path, database: Database) -> Settings:
    return Settings(
        var_dir=tmp_path / "var", database_url=database.url, today="2026-03-02", secret_key=TEST_SECRET_KEY
    )


@pytest.fixture(autouse=True)
def _on_the_installation_s_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test with the installation's `settings` runs on their clock, as every boundary (request,
    task, command) does, so what it stamps and what the app stamps are on one timeline."""
    if "settings" not in request.fixturenames:
        yield
        return
    with clock.following(request.getfixturevalue("settings")):
        yield


@pytest.fixture
def home_town(session: Session) -> Organisation:
    """The one town of a freshly migrated database (migration 0016 makes it): what a single-town
    installation is, and where every row of a test that names no organisation belongs."""
    return sole_organisation(session)


@pytest.fixture
def make_organisation(session: Session) -> Callable[..., Organisation]:
    """`make_organisation(name, OrgKind.COUNTY)` or `make_organisation(name, parent=county)` (a town)."""

    def make(name: str, kind: OrgKind = OrgKind.TOWN, parent: Organisation | None = None) -> Organisation:
        return add_organisation(session, name, kind, parent)

    return make


@pytest.fixture
def make_department(session: Session, home_town: Organisation) -> Callable[..., Department]:
    def make(name: str, leader: User | None = None, organisation: Organisation | None = None) -> Department:
        department = Department(organisation=organisation or home_town, name=name, leader=leader)
        session.add(department)
        session.flush()
        return department

    return make


@cache
def hashed_test_password() -> str:
    """Hashed once per run: scrypt costs ~80 ms by design, and the suite makes thousands of people."""
    user = User(username="", display_name="")
    set_password(user, TEST_PASSWORD)
    return user.password_hash or ""


@pytest.fixture
def make_user(session: Session, home_town: Organisation) -> Callable[..., User]:
    """A person of `organisation` (default: their department's, else the home town)."""

    def make(
        username: str,
        role: Role = Role.OWNER,
        department: Department | None = None,
        *,
        email: str | None = None,
        is_principal: bool = False,
        organisation: Organisation | None = None,
    ) -> User:
        user = User(
            organisation=organisation or (department.organisation if department else home_town),
            username=username,
            display_name=username,
            email=email or f"{username}@town.example",
            role=role,
            department=department,
            is_principal=is_principal,
        )
        user.password_hash = hashed_test_password()
        session.add(user)
        session.flush()
        return user

    return make


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    flask_app = create_app(settings, database=database)
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def sign_in(app) -> Callable[[User], object]:  # type: ignore[no-untyped-def]
    """A test client signed in as `user` through the real login form (CSRF off for brevity only
    here; CSRF refusal has tests of its own)."""

    def client_for(user: User):  # type: ignore[no-untyped-def]
        client = app.test_client()
        app.config["WTF_CSRF_ENABLED"] = False
        response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
        app.config["WTF_CSRF_ENABLED"] = True
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return client_for


@pytest.fixture
def make_plan(session: Session, home_town: Organisation) -> Callable[..., object]:
    """A confirmed plan with top-level items (each `(marker, title, n_children)`), without tasks, of
    `organisation` (default: the home town)."""
    from tracker.plans.models import Plan, PlanItem, PlanStatus

    def make(
        year: int = 2026,
        items: tuple[tuple[str, str, int], ...] = (("一是", "普法教育", 2),),
        organisation: Organisation | None = None,
    ) -> Plan:
        plan = Plan(
            organisation=organisation or home_town,
            year=year,
            title=f"{year}年度法治政府建设主要安排",
            status=PlanStatus.CONFIRMED,
            source_filename="plan.txt",
            source_bytes=b"",
            source_sha256=secrets.token_hex(32),
            source_text="",
        )
        session.add(plan)
        position = 0
        for marker, title, n_children in items:
            top = PlanItem(plan=plan, position=position, marker=marker, title=title, text=title)
            session.add(top)
            position += 1
            for index in range(n_children):
                session.add(
                    PlanItem(
                        plan=plan, parent=top, position=position, title=f"{title}（{index + 1}）", text=title
                    )
                )
                position += 1
        session.flush()
        return plan

    return make


@pytest.fixture
def new_plan() -> Callable[..., object]:
    """`new_plan(session, confirmed=False, title=…)`: an unsaved plan of 2026 with a source of its own,
    of the session's only town, for tests that commit their data themselves (a served site, a
    second connection)."""
    from tracker.plans.models import Plan, PlanStatus

    def build(
        session: Session, *, confirmed: bool = False, title: str = "2026年度法治政府建设主要安排"
    ) -> Plan:
        source = f"{title} {secrets.token_hex(4)}"
        return Plan(
            organisation=sole_organisation(session),
            year=2026,
            title=title,
            status=PlanStatus.CONFIRMED if confirmed else PlanStatus.DRAFT,
            source_filename="plan.txt",
            source_bytes=source.encode(),
            source_sha256=hashlib.sha256(source.encode()).hexdigest(),
            source_text=source,
        )

    return build


@pytest.fixture
def make_task(session: Session) -> Callable[..., object]:
    """A task on a new leaf item of `plan` (under its first top item), with the given fields."""
    from tracker.plans.models import PlanItem
    from tracker.tasks.models import Task

    def make(plan, title: str = "开展法治讲座", **fields: object) -> Task:  # type: ignore[no-untyped-def]
        top = plan.top_items[0]
        position = max(item.position for item in plan.items) + 1
        item = PlanItem(plan=plan, parent=top, position=position, title=title, text=title)
        session.add(item)
        session.flush()
        task = Task(plan_id=plan.id, plan_item=item, title=title, **fields)
        session.add(task)
        session.flush()
        return task

    return make


@pytest.fixture
def make_indicator(session: Session) -> Callable[..., object]:
    from decimal import Decimal

    from tracker.tasks.models import Indicator

    def make(task, name: str = "法治讲座", unit: str = "场", target: str = "12", baseline: str | None = "10"):  # type: ignore[no-untyped-def]
        indicator = Indicator(
            plan_item_id=task.plan_item_id,
            name=name,
            unit=unit,
            target=Decimal(target),
            baseline_value=Decimal(baseline) if baseline else None,
            baseline_qualifier="余" if baseline else None,
            baseline_year=2025 if baseline else None,
        )
        session.add(indicator)
        session.flush()
        return indicator

    return make


def _staffed_town(session, organisation, prefix, make_department, make_user, make_plan, make_task):  # type: ignore[no-untyped-def]
    """`organisation` as a small town hall (see `town`), its people's user names after `prefix`."""
    from datetime import date
    from types import SimpleNamespace

    def person(name: str, role: Role, department: Department | None = None) -> User:
        return make_user(prefix + name, role, department, organisation=organisation)

    leader = person("wang", Role.LEADER)
    other_leader = person("sun", Role.LEADER)
    lead = make_department("司法所", leader=leader, organisation=organisation)
    support = make_department("党政办", leader=other_leader, organisation=organisation)
    unrelated = make_department("综合行政执法办", leader=other_leader, organisation=organisation)
    plan = make_plan(organisation=organisation)
    task = make_task(plan, "开展法治讲座", lead_department=lead, deadline=date(2026, 6, 30))
    task.support_departments.append(support)
    people = SimpleNamespace(
        coordinator=person("li", Role.COORDINATOR),
        leader=leader,
        other_leader=other_leader,
        owner=person("zhang", Role.OWNER, lead),
        helper=person("chen", Role.OWNER, support),
        outsider=person("liu", Role.OWNER, unrelated),
        viewer=person("zhao", Role.VIEWER),
    )
    task.owner = people.owner
    session.flush()
    return SimpleNamespace(
        organisation=organisation,
        plan=plan,
        task=task,
        lead=lead,
        support=support,
        unrelated=unrelated,
        **vars(people),
    )


@pytest.fixture
def town(session, home_town, make_department, make_user, make_plan, make_task):  # type: ignore[no-untyped-def]
    """A small town hall (the home town) with one person per role and one assigned task.

    司法所 leads the task (owner `zhang`, 分管领导 `wang`), 党政办 co-operates (`chen`), 执法办 has
    nothing to do with it (`liu`); `li` coordinates and `zhao` inspects.
    """
    return _staffed_town(session, home_town, "", make_department, make_user, make_plan, make_task)


@pytest.fixture
def county(session, make_organisation, make_department, make_user, make_plan, make_task):  # type: ignore[no-untyped-def]
    """清源县 with two towns under it, 东镇 (`county.east`) and 西镇 (`county.west`), each staffed as
    `town` is (same units and roles, a plan and one task; user names `east_li`, `west_zhang`…), and
    the county's own people: `county.coordinator` (county_li), `county.leader` (county_wang),
    `county.viewer` (county_zhao). The home town (本镇) stays outside the county."""
    from types import SimpleNamespace

    organisation = make_organisation("清源县", OrgKind.COUNTY)
    makers = (make_department, make_user, make_plan, make_task)
    east = _staffed_town(session, make_organisation("东镇", parent=organisation), "east_", *makers)
    west = _staffed_town(session, make_organisation("西镇", parent=organisation), "west_", *makers)

    def person(name: str, role: Role) -> User:
        return make_user(name, role, organisation=organisation)

    return SimpleNamespace(
        organisation=organisation,
        east=east,
        west=west,
        towns=[east, west],
        coordinator=person("county_li", Role.COORDINATOR),
        leader=person("county_wang", Role.LEADER),
        viewer=person("county_zhao", Role.VIEWER),
    )


@pytest.fixture
def demo_county(session: Session, settings: Settings):  # type: ignore[no-untyped-def]
    """The demo county as `tracker demo county` sets it up (`tracker.demo.county`): 鹤溪县 with 松岭镇
    (on time), 柳塘镇 (a few days late) and 石门镇 (weeks late: red), each with 司法所, 党政办 and
    综合行政执法办, a coordinator (`songling_fzb`…), a 分管领导 (`songling_fenguan`), a 主要负责人
    (`songling_zhenzhang`), an owner per unit (`songling_zr1`…) and five tasks;
    the county's coordinator `hexi_fzb`, leader `hexi_lingdao` and inspector `hexi_ducha`. Every
    account's password is `tracker.demo.people.DEMO_PASSWORD`. Returns the county `Organisation`."""
    from tracker.clock import today
    from tracker.demo.county import DEMO_COUNTY, ensure_demo_county
    from tracker.tasks.evidence import evidence_store

    ensure_demo_county(session, evidence_store(settings), today(settings))
    return session.scalars(select(Organisation).where(Organisation.name == DEMO_COUNTY)).one()


@pytest.fixture
def csrf_of() -> Callable[..., str]:
    """The CSRF token a signed-in client's pages carry (read from the account page's forms)."""

    def token(client, path: str = "/account") -> str:  # type: ignore[no-untyped-def]
        page = client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
        assert match, page
        return match.group(1)

    return token


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own for one test whose data is committed (a worker process or a
    CLI command reads it), on each backend; dropped afterwards."""
    yield from _migrated_database(request.param, tmp_path)


@pytest.fixture
def serve_app() -> Iterator[Callable[..., str]]:
    """`serve_app(app)` serves a Flask app on a loopback port until the test ends; returns its URL."""
    with ExitStack() as servers:
        yield lambda app: servers.enter_context(serve(app))


@pytest.fixture
def live_site(fresh_database_url: str, tmp_path: Path) -> Iterator[LiveSite]:
    """The whole app on a migrated database of its own (each backend), served on a loopback port;
    today is 2026-11-26 for the whole site."""
    from tracker.web import create_app

    database = Database(fresh_database_url)
    settings = Settings(
        var_dir=tmp_path / "site",
        database_url=fresh_database_url,
        today="2026-11-26",
        secret_key=TEST_SECRET_KEY,
    )
    settings.var_dir.mkdir()
    with serve(create_app(settings, database=database)) as url:
        yield LiveSite(url, settings, database)
    database.dispose()


@pytest.fixture
def live_demo_county(live_site: LiveSite) -> LiveSite:
    """`live_site` holding the demo county, as `demo_county` describes it (its people's password is
    `tracker.demo.people.DEMO_PASSWORD`), committed for the browser's requests and stamped on the
    site's day."""
    from tracker.clock import following, today
    from tracker.demo.county import ensure_demo_county
    from tracker.tasks.evidence import evidence_store

    with following(live_site.settings), live_site.database.unit_of_work() as session:
        ensure_demo_county(session, evidence_store(live_site.settings), today(live_site.settings))
    return live_site


@pytest.fixture
def chromium_page() -> Iterator[Page]:
    """A tab in Debian's Chromium (never a downloaded browser), in Chinese, 1280 px wide."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def open_tab(chromium_page: Page, request: pytest.FixtureRequest) -> Callable[[str], Tab]:
    """`open_tab(base_url)`: the browser tab on a site, keeping its screenshots under
    test-output/<feature>/<test>/ (emptied first, so what is there is this run's)."""
    shots = screenshot_folder(request.path, request.node.name)
    shutil.rmtree(shots, ignore_errors=True)

    def open_(base_url: str) -> Tab:
        return Tab(chromium_page, base_url, shots)

    return open_


@pytest.fixture
def tab(open_tab: Callable[[str], Tab], live_site: LiveSite) -> Tab:
    """The browser tab on `live_site`."""
    return open_tab(live_site.url)


@pytest.fixture
def count_queries():  # type: ignore[no-untyped-def]
    """`with count_queries(engine) as statements:` lists the SQL statements sent inside the block."""

    @contextmanager
    def counting(engine: Engine) -> Iterator[list[str]]:
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", count)

    return counting
