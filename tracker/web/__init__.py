"""The Flask application: `create_app` wires settings, database, sign-in, CSRF, translations and one
blueprint per feature. Views are thin: they parse the request, call a feature's services and render."""

from __future__ import annotations

from importlib import import_module

from flask_babel import Babel, get_locale
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from tracker.api.auth import install_token_login
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.web.boundary import TrackerFlask
from tracker.web.errors import register_error_handlers
from tracker.web.formatting import register_formatting
from tracker.web.forms import register_forms
from tracker.web.headers import install_security_headers
from tracker.web.i18n import select_locale
from tracker.web.inputs import install_input_rules
from tracker.web.sessions import install_sessions, load_user
from tracker.web.translations import compile_catalogues

FEATURE_BLUEPRINTS = (
    "tracker.web.request_id",
    "tracker.accounts.routes",
    "tracker.accounts.admin",
    "tracker.web.language",
    "tracker.health.routes",
    "tracker.holidays.routes",
    "tracker.board.routes",
    "tracker.inbox.routes",
    "tracker.tasks.routes",
    "tracker.dashboard.routes",
    "tracker.county.routes",
    "tracker.ledger.routes",
    "tracker.api.routes",
    "tracker.reminders.routes",
    "tracker.plans.routes",
    "tracker.reports.routes",
    "tracker.reports.wording_routes",
    "tracker.reports.county_routes",
    "tracker.rectification.routes",
    "tracker.duties.routes",
    "tracker.demo.routes",
    "tracker.organisations.routes",
    "tracker.duban.routes",
)
"""Each module defines `blueprint`; the order is the order of registration."""


def create_app(settings: Settings | None = None, database: Database | None = None) -> TrackerFlask:
    settings = settings or Settings.from_env()
    settings.refuse_unsafe()
    app = TrackerFlask(
        "tracker",
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "tracker" / "static"),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE="zh_CN",
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(compile_catalogues(settings.var_dir / "translations")),
        # Several evidence files may come in one progress form; each is checked against the limit.
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024 * 5,
    )
    if database is None:
        if settings.database_url.startswith("sqlite:///"):
            settings.var_dir.mkdir(parents=True, exist_ok=True)
        database = Database(settings.database_url)
    app.extensions["luoshi"] = {"settings": settings, "database": database}

    install_security_headers(app)
    csrf = CSRFProtect(app)
    Babel(app, locale_selector=select_locale)
    login_manager = LoginManager(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "请先登录。"

    login_manager.user_loader(load_user)
    install_sessions(app, settings)

    install_token_login(app, login_manager)

    app.jinja_env.globals["get_locale"] = get_locale
    register_formatting(app)
    register_forms(app)
    register_error_handlers(app)
    install_input_rules(app)
    for module_name in FEATURE_BLUEPRINTS:
        blueprint = import_module(module_name).blueprint
        app.register_blueprint(blueprint)
        if blueprint.name == "api":
            csrf.exempt(blueprint)  # it checks CSRF itself for session-authenticated calls
    return app
