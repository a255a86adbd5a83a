"""`/admin/holidays`: where each year's working days come from, and entering a year's schedule; the
banner that says a schedule is missing; and keeping each web process's calendar current.

The schedule is the installation's: in a county only the county's coordinator enters or removes it
(`permissions.can_enter_holidays`); a town's coordinator there reads the page without its forms, is
refused (403) if they post anyway, and the banner tells them to ask the county.

Every request (but `/ping`, `/healthz` and static files) starts by reading the board's version; when
it moved since this process last loaded the entered schedules, they are loaded again. The holiday
tables move that version, so a schedule entered in one process is used by every other one from its
next request, and the board's and dashboard's caches (keyed on the same version) relight at once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from tracker import calendar, clock
from tracker.accounts.models import Role, User
from tracker.accounts.permissions import HOLIDAYS_BY_COUNTY, can_enter_holidays
from tracker.board.cache import request_board_version
from tracker.calendar import Source
from tracker.holidays.models import DayKind, HolidayYear
from tracker.holidays.schedule import (
    NOTICE_LENGTH,
    TEXT_LENGTH,
    enter_year,
    enterable_years,
    missing_schedule_warning,
    remove_year,
    use_entered_schedules,
    year_statuses,
)
from tracker.web.boundary import app_database, app_settings, db_session
from tracker.web.forms import refills, validated
from tracker.web.guards import roles_required
from tracker.web.helpers import me, today

blueprint = Blueprint("holidays", __name__, url_prefix="/admin/holidays")
_WITHOUT_CALENDAR = frozenset({"static", "health.ping", "health.healthz"})


@blueprint.before_app_request
def current_calendar() -> None:
    """Reload the entered schedules when the data moved since they were loaded in this process."""
    if request.endpoint in _WITHOUT_CALENDAR:
        return
    state = (app_database().url, request_board_version())
    if calendar.loaded_at() != state:
        use_entered_schedules(db_session(), state)


def enters_schedules(person: User) -> bool:
    """Whether `person` may enter or remove a schedule (the person's organisation is loaded with
    them at sign-in, so asking costs no query)."""
    return can_enter_holidays(person, under_county=person.organisation.parent_id is not None)


def _entering_person() -> User:
    """The signed-in person if they may enter or remove a schedule; 403 with the reason otherwise."""
    person = me()
    if not enters_schedules(person):
        abort(403, description=HOLIDAYS_BY_COUNTY)
    return person


@blueprint.app_context_processor
def holiday_banner() -> dict[str, Any]:
    """`holiday_warning` on every page of a signed-in person when a schedule is missing, and
    `enters_holidays`: whether the banner links them to the form (else a coordinator is told to ask
    the county)."""
    if request.endpoint in _WITHOUT_CALENDAR or not current_user or not current_user.is_authenticated:
        return {}
    warning = missing_schedule_warning(today())
    if warning is None:
        return {}
    return {"holiday_warning": warning, "enters_holidays": enters_schedules(me())}


class HolidayForm(FlaskForm):
    """The entry form's fields as Flask-WTF checks them; the page writes them itself, through
    `form_state` (a refused entry comes back as typed, see `tracker.web.forms`)."""

    year = IntegerField("年度", validators=[InputRequired("请选择年度。")])
    notice = StringField("通知名称或文号", validators=[Length(max=NOTICE_LENGTH)])
    text = TextAreaField("通知中各节日的安排", validators=[Length(max=TEXT_LENGTH)])


def _holidays_of(entry: HolidayYear) -> list[dict[str, Any]]:
    """An entered year's days grouped back into holidays, for the table on the page."""
    grouped: dict[str, dict[str, list[date]]] = defaultdict(lambda: {"off": [], "work": []})
    for day in entry.days:
        grouped[day.holiday]["off" if day.kind == DayKind.OFF else "work"].append(day.day)
    return sorted(
        ({"name": name, **days} for name, days in grouped.items()),
        key=lambda holiday: min(holiday["off"] or holiday["work"]),
    )


@blueprint.get("")
@roles_required(Role.COORDINATOR)
def index() -> str:
    day = today()
    statuses = year_statuses(db_session(), enterable_years(day))
    open_years = [status.year for status in statuses if status.source != Source.PACKAGE]
    return render_template(
        "holidays/index.html",
        statuses=statuses,
        holidays={status.year: _holidays_of(status.entry) for status in statuses if status.entry},
        open_years=open_years,
        suggested_year=next((year for year in open_years if not calendar.covers(year)), None),
        package_version=calendar.package_version(),
        enters_holidays=enters_schedules(me()),
    )


@blueprint.post("")
@roles_required(Role.COORDINATOR)
@refills("holidays.index")
def enter() -> Response:
    person = _entering_person()
    form = validated(HolidayForm())
    year = form.year.data
    now = clock.now(app_settings())
    notice = enter_year(db_session(), year, form.text.data, form.notice.data, by=person, now=now)
    schedule = notice.schedule()
    unread = f"另有 {len(notice.unread)} 行不是节日安排，未读取。" if notice.unread else ""
    flash(
        f"已保存{year}年节假日安排：{len(notice.holidays)} 条，放假 {len(schedule.off)} 天，"
        f"调休上班 {len(schedule.work)} 天。{unread}",
        "info",
    )
    return redirect(url_for("holidays.index"))


@blueprint.post("/<int:year>/remove")
@roles_required(Role.COORDINATOR)
def remove(year: int) -> Response:
    _entering_person()
    remove_year(db_session(), year)
    flash(f"已删除{year}年录入的节假日安排，{year}年的工作日改按周一至周五计算。", "info")
    return redirect(url_for("holidays.index"))
