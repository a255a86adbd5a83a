"""compose.yaml names only commands, modules, app factories, URLs and variables that exist in the
project, and `.env.example` and `docs/configuration.md` list exactly the settings Luoshi reads.

No Docker engine runs here: these checks resolve what each service would run (console scripts,
click commands and their options, `celery -A workers`, gunicorn's options, its config module and app
factory, healthcheck URLs) against the installed project, and tests/system/test_whole_stack.py runs
those same commands as processes.
"""

from __future__ import annotations

import importlib
import inspect
import re
from importlib.metadata import entry_points
from typing import Any

import click
import compose_file
import pytest
from celery import Celery
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_command

from tracker.cli import main as tracker_command
from tracker.config import PROJECT_ROOT, Settings

OWN_SERVICES = ("migrate", "web", "worker", "beat")
LONG_RUNNING = ("postgres", "redis", "mailpit", "web", "worker", "beat")
FILLED = {"POSTGRES_PASSWORD": "pg-secret", "TRACKER_SECRET_KEY": "a-long-secret"}


class _RecordingEnviron(dict[str, str]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.asked.append(key)
        return super().get(key, default)


def settings_read() -> set[str]:
    """Exactly the variables `Settings.from_env` looks at (recorded, not parsed from source)."""
    environ = _RecordingEnviron()
    Settings.from_env(environ)
    return set(environ.asked)


@pytest.fixture(scope="module")
def services() -> dict[str, compose_file.Service]:
    return compose_file.services({**compose_file.env_example(), **FILLED})


def _console_scripts() -> set[str]:
    return {script.name for script in entry_points(group="console_scripts")}


def _resolve_click(
    command: click.Command,
    args: list[str],
    parent: click.Context | None = None,
    name: str | None = None,
    obj: Any = None,
) -> click.Command:
    """Walk `args` through click groups as the command line would, parsing every option on the
    way; a missing sub-command or an unknown option fails here. `obj` is what the root group's
    own callback would have put on its context."""
    context = click.Context(command, info_name=name or command.name, parent=parent, obj=obj)
    rest = click.Command.parse_args(command, context, list(args))  # the group's options only
    if isinstance(command, click.Group) and rest:
        sub_name, sub, sub_args = command.resolve_command(context, rest)
        assert sub is not None, f"no sub-command {sub_name!r} in {args}"
        return _resolve_click(sub, sub_args, context, sub_name)
    return command


def check_tracker(argv: list[str]) -> None:
    _resolve_click(tracker_command, argv[1:])


def check_celery(argv: list[str]) -> None:
    assert argv[1:3] == ["-A", "workers"], argv
    app = importlib.import_module("workers").app
    assert isinstance(app, Celery)
    context = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
    command = _resolve_click(celery_command, argv[1:], obj=context)
    assert command.name in {"worker", "beat", "inspect"}, command.name
    if command.name == "inspect":
        assert "ping" in argv


def check_gunicorn(argv: list[str]) -> None:
    from gunicorn.config import Config

    parsed = Config().parser().parse_args(argv[1:])
    assert parsed.config.startswith("python:"), parsed.config
    config_module = importlib.import_module(parsed.config.removeprefix("python:"))
    assert config_module.logconfig_dict["handlers"]["console"]["filters"] == ["request_id"]
    (application,) = parsed.args
    module_name, _, factory = application.partition(":")
    assert factory.endswith("()"), "an app factory is called"
    create_app = getattr(importlib.import_module(module_name), factory.removesuffix("()"))
    assert callable(create_app) and "settings" in inspect.signature(create_app).parameters


def check_python(argv: list[str]) -> None:
    """`python -c CODE`: the code compiles and every URL path it requests is a route of the app."""
    assert argv[1] == "-c"
    compile(argv[2], "<healthcheck>", "exec")
    paths = re.findall(r"http://127\.0\.0\.1:8000(/[\w/-]*)", argv[2])
    assert paths
    from tracker.web import create_app

    rules = {rule.rule for rule in create_app(Settings()).url_map.iter_rules()}
    assert set(paths) <= rules


CHECKS = {
    "tracker": check_tracker,
    "celery": check_celery,
    "gunicorn": check_gunicorn,
    "python": check_python,
}


def check_command(argv: list[str]) -> None:
    assert argv, "a command is named"
    assert argv[0] in _console_scripts() | {"python"}, f"{argv[0]} is no installed console script"
    CHECKS[argv[0]](argv)


@pytest.mark.parametrize("name", OWN_SERVICES)
def test_each_own_service_runs_a_command_of_the_project(services, name: str) -> None:
    check_command(services[name].command)


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_each_own_healthcheck_runs_a_command_of_the_project(services, name: str) -> None:
    check_command(services[name].healthcheck({"HOSTNAME": "container-1"}))


def test_the_worker_healthcheck_pings_this_container_s_worker(services) -> None:
    argv = services["worker"].healthcheck({"HOSTNAME": "container-1"})
    assert argv[argv.index("--destination") + 1] == "celery@container-1"


def test_the_own_services_read_only_settings_luoshi_has(services) -> None:
    read = settings_read()
    for name in OWN_SERVICES:
        variables = set(services[name].environment)
        assert {v for v in variables if v.startswith("TRACKER_")} <= read, name
        # WEB_CONCURRENCY is gunicorn's own (the default of --workers).
        assert {v for v in variables if not v.startswith("TRACKER_")} <= {"WEB_CONCURRENCY"}, name
    from gunicorn import config as gunicorn_config

    assert "WEB_CONCURRENCY" in inspect.getsource(gunicorn_config.Workers)


def test_the_compose_variables_are_luoshi_settings_or_listed_in_env_example() -> None:
    _, used = compose_file.load({**compose_file.env_example(), **FILLED})
    example = compose_file.env_example()
    assert {v for v in used if v.startswith("TRACKER_")} <= settings_read()
    assert {v for v in used if not v.startswith("TRACKER_")} == {
        k for k in example if not k.startswith("TRACKER_")
    }


def test_env_example_lists_exactly_the_settings_luoshi_reads() -> None:
    assert {k for k in compose_file.env_example() if k.startswith("TRACKER_")} == settings_read()


def test_the_configuration_document_explains_exactly_those_settings_and_the_compose_ones() -> None:
    text = (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", text, flags=re.MULTILINE))
    compose_only = {k for k in compose_file.env_example() if not k.startswith("TRACKER_")}
    assert rows == settings_read() | compose_only


def test_the_secrets_must_be_given_before_compose_starts_anything() -> None:
    with pytest.raises(compose_file.MissingVariable, match="POSTGRES_PASSWORD"):
        compose_file.load({**compose_file.env_example(), "TRACKER_SECRET_KEY": "set"})
    with pytest.raises(compose_file.MissingVariable, match="TRACKER_SECRET_KEY"):
        compose_file.load({**compose_file.env_example(), "POSTGRES_PASSWORD": "set"})


def test_compose_points_the_services_at_each_other_unless_told_otherwise(services) -> None:
    web = services["web"].environment
    assert web["TRACKER_DATABASE_URL"] == "postgresql://luoshi:pg-secret@postgres:5432/luoshi"
    assert web["TRACKER_BROKER_URL"] == "redis://redis:6379/0"
    assert (web["TRACKER_SMTP_HOST"], web["TRACKER_SMTP_PORT"]) == ("mailpit", "1025")
    own_relay = compose_file.services(
        {**FILLED, "TRACKER_SMTP_HOST": "smtp.town.gov", "TRACKER_SMTP_PORT": "25"}
    )
    assert own_relay["worker"].environment["TRACKER_SMTP_HOST"] == "smtp.town.gov"
    assert Settings.from_env(web).database_url == "postgresql+psycopg://luoshi:pg-secret@postgres:5432/luoshi"


def test_dependencies_health_restarts_and_a_single_beat() -> None:
    spec = compose_file.load({**compose_file.env_example(), **FILLED})[0]["services"]
    for name, service in spec.items():
        for needed, rule in service.get("depends_on", {}).items():
            assert needed in spec, (name, needed)
            if rule["condition"] == "service_healthy":
                assert spec[needed].get("healthcheck"), (
                    f"{name} waits for {needed}'s health, which has no check"
                )
    for name in LONG_RUNNING:
        assert spec[name]["restart"] == "unless-stopped" and spec[name].get("healthcheck"), name
    assert spec["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert spec[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert spec[name]["volumes"] == ["luoshi-var:/var/lib/luoshi"], (
            "web and worker share evidence and reports"
        )
    assert spec["beat"]["deploy"]["replicas"] == 1
    assert spec["postgres"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    declared = set(compose_file.raw()["volumes"])
    mounted = {v.split(":")[0] for s in spec.values() for v in s.get("volumes", [])}
    assert mounted <= declared


def test_the_image_is_built_from_the_project_s_dockerfile() -> None:
    spec = compose_file.raw()["services"]
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    for name in OWN_SERVICES:
        assert spec[name]["build"] == "."
    for copied in re.findall(r"^COPY (\S+) ", dockerfile, flags=re.MULTILINE):
        for part in copied.split():
            assert (PROJECT_ROOT / part).exists(), part
    assert "pip install -e ." in dockerfile
    check_command(
        re.search(r"^CMD (\[.*\])$", dockerfile, flags=re.MULTILINE)
        .group(1)
        .strip("[]")
        .replace('"', "")
        .split(", ")
    )
