"""Refused forms come back filled in: one mechanism for every form of the web workspace.

A view that handles a form's POST is decorated with `@refills("<page endpoint>")`. When the service it
calls refuses (`tracker.errors.RuleError`, or `FormInvalid` from a Flask-WTF form), the request's
changes are rolled back and the page the form lives on is rendered again, with the refusal's 4xx status,
what the person typed in place, the message beside the field it is about (`RuleError.field`) or at the
top of the form, and a note beside a file input that its files must be chosen again (browsers never
keep them). A client asking for JSON gets the usual `{"error", "status", "field"}` answer instead.

Templates ask `form_state(action)` (or `form_state(action, key)` when several forms share one action)
for a `FormState`, and write their fields through it (see `templates/_forms.html`):
`f.value("text", default)`, `f.checked("ongoing", default)`, `f.error("text")`… For every form but the
one that was refused the state is empty and gives back the defaults, so the same template serves the
first visit and the refusal.
A CSRF refusal is not refilled: a forged request's values must never come back as a form one click
away from being submitted with a valid token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from inspect import signature
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from tracker.errors import RuleError

log = logging.getLogger(__name__)
View = TypeVar("View", bound=Callable[..., Any])

FORM_KEY = "_form"
"""Hidden input telling apart several forms that post to the same action (`form_key` macro)."""
CHOOSE_AGAIN = "请重新选择文件（提交未成功时浏览器不会保留已选的文件：{names}）。"


class FormInvalid(RuleError):
    """Several fields refused at once (a Flask-WTF form's validators): field name → message."""

    def __init__(self, fields: Mapping[str, str], message: str = "提交的内容有误，请按提示修改。") -> None:
        first = next(iter(fields), None)
        super().__init__(fields[first] if len(fields) == 1 and first else message, field=first)
        self.fields = dict(fields)


def validated(form: FlaskForm) -> FlaskForm:
    """The form when it validates; otherwise `FormInvalid` naming each field (by its input name)."""
    if form.validate_on_submit():
        return form
    errors: dict[str, str] = {}
    for name, messages in form.errors.items():
        if not messages:
            continue
        text = str(messages[0]) if isinstance(messages, list) else str(messages)
        field_name = form[name].name if name in form._fields else None
        if name == "csrf_token" or field_name is None:
            abort(400, description="表单已过期或来源无效（CSRF 校验失败），请刷新页面后重新提交。")
        errors[field_name] = text
    raise FormInvalid(errors or {"": "提交的内容有误，请检查后重试。"})


@contextmanager
def fields_of(form: FlaskForm) -> Iterator[None]:
    """Refusals inside name the service's own fields (`title`); a prefixed form's inputs are named
    `i12-title`, so the name is given the form's prefix on the way out."""
    try:
        yield
    except RuleError as error:
        prefix = form._prefix
        if error.field and prefix and not error.field.startswith(prefix):
            error.field = prefix + error.field
        raise


@dataclass
class FormState:
    """What one form shows: the typed values and messages after a refusal, else the defaults."""

    refilled: bool = False
    values: MultiDict[str, str] = field(default_factory=MultiDict)
    errors: Mapping[str, str] = field(default_factory=dict)
    message: str | None = None
    """A refusal about no one field (or about a field the form does not show), shown atop the form."""
    files: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """File input name → the names of the files that were chosen and must be chosen again."""
    shown: set[str] = field(default_factory=set)
    """The fields whose message the page has shown beside them so far (see `unshown`)."""
    displayed: bool = False
    """Whether the page showed the form at all (its `form_error` was asked for)."""

    def value(self, name: str, default: object = "") -> str:
        if self.refilled:
            return self.values.get(name, "")
        return "" if default is None else str(default)

    def checked(self, name: str, default: bool = False, value: object = None) -> bool:
        """A checkbox (or, with `value`, one of a group's boxes or a select's options) as typed."""
        if not self.refilled:
            return bool(default)
        given = self.values.getlist(name)
        return str(value) in given if value is not None else bool(given)

    def error(self, name: str) -> str | None:
        if not self.refilled or name not in self.errors:
            return None
        self.shown.add(name)
        return self.errors[name]

    def unshown(self) -> list[str]:
        """The general message and any field message the form did not show beside a field: asked
        for last (above the submit button), so no refusal ever goes unsaid."""
        if not self.refilled:
            return []
        self.displayed = True
        pending = [message for name, message in self.errors.items() if name not in self.shown]
        return ([self.message] if self.message else []) + pending

    def messages(self) -> list[str]:
        return ([self.message] if self.message else []) + list(self.errors.values())

    def error_id(self, name: str) -> str:
        return "error-" + "".join(ch if ch.isalnum() else "-" for ch in name)

    def aria(self, name: str) -> dict[str, str]:
        """Attributes marking an input as refused, pointing at its message (for `xmlattr`)."""
        if not self.refilled or name not in self.errors:
            return {}
        return {"aria-invalid": "true", "aria-describedby": self.error_id(name)}

    def file_note(self, name: str) -> str | None:
        chosen = self.files.get(name) if self.refilled else None
        return CHOOSE_AGAIN.format(names="、".join(chosen)) if chosen else None


EMPTY = FormState()


def _state_of(error: RuleError) -> FormState:
    fields = dict(getattr(error, "fields", None) or ({error.field: error.message} if error.field else {}))
    fields.pop("", None)
    files = {
        name: tuple(upload.filename for upload in request.files.getlist(name) if upload.filename)
        for name in request.files
    }
    general = None if fields else error.message
    return FormState(
        refilled=True,
        values=MultiDict(request.form),
        errors=fields,
        message=general,
        files={name: chosen for name, chosen in files.items() if chosen},
    )


def note_on_form(action: str, notes: Mapping[str, str], values: Mapping[str, str]) -> None:
    """Show `notes` beside the fields of the form posting to `action` on the page being drawn, with
    `values` in it, without any refusal: a submission was accepted but needs the person's eye (the
    percent someone else changed meanwhile, `tracker.tasks.progress`)."""
    noted = FormState(refilled=True, values=MultiDict(values), errors=dict(notes))
    g.form_notes = {**g.get("form_notes", {}), action.split("?", 1)[0]: noted}


def form_state(action: str, key: str | None = None) -> FormState:
    """The state of the form posting to `action` (with `key` in its `_form` input, if given)."""
    noted: FormState | None = g.get("form_notes", {}).get(action.split("?", 1)[0])
    if noted is not None:
        return noted
    refused: FormState | None = g.get("refused_form")
    if refused is None or request.path != action.split("?", 1)[0]:
        return EMPTY
    if key is not None and request.form.get(FORM_KEY) != str(key):
        return EMPTY
    return refused


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def refill_page(page: str, error: RuleError) -> Response:
    """The page `page` (an endpoint) rendered again around the refused form, with the error's status."""
    from tracker.web.boundary import db_session

    log.info("form refused on %s (%s): %s", request.path, type(error).__name__, error.message)
    db_session().rollback()  # the page shows what is stored, not what the refused change left behind
    state = g.refused_form = _state_of(error)
    view = current_app.view_functions[page]
    accepted = signature(view).parameters
    arguments = {name: value for name, value in (request.view_args or {}).items() if name in accepted}
    page_body = view(**arguments)
    if not state.displayed:
        # The form is not on the page any more (the task was closed meanwhile, the person may not use
        # it): the page is drawn again with the messages at its top, so none goes unsaid.
        g.refusal_messages = state.messages()
        page_body = view(**arguments)
    response = current_app.make_response(page_body)
    response.status_code = error.status
    return response


def refills(page: str) -> Callable[[View], View]:
    """Decorate a form's POST view: a refusal re-renders `page` with the form filled in."""

    def decorate(view: View) -> View:
        @wraps(view)
        def answering(*args: Any, **kwargs: Any) -> Any:
            try:
                return view(*args, **kwargs)
            except RuleError as error:
                if wants_json():
                    raise
                return refill_page(page, error)

        return answering  # type: ignore[return-value]

    return decorate


def register_forms(app: Flask) -> None:
    app.jinja_env.globals.update(form_state=form_state, FORM_KEY=FORM_KEY)
