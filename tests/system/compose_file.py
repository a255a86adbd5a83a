"""compose.yaml read the way `docker compose` reads it, for the tests that check it and run it.

No Docker engine runs on these machines, so the tests take each service's command, environment and
healthcheck from the file itself, with compose's variable interpolation (`${VAR}`, `${VAR:-default}`
nested, `${VAR:?error}`, `${VAR:+alt}`, `$$`) done here, YAML anchors and merge keys done by PyYAML.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.config import PROJECT_ROOT

COMPOSE_FILE = PROJECT_ROOT / "compose.yaml"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class MissingVariable(Exception):
    """A `${VAR:?message}` whose variable is unset or empty: compose refuses to start."""


@dataclass
class Interpolation:
    environ: dict[str, str]
    used: set[str] = field(default_factory=set)

    def __call__(self, text: str) -> str:
        out: list[str] = []
        position = 0
        while position < len(text):
            char = text[position]
            if char != "$":
                out.append(char)
                position += 1
            elif text.startswith("$$", position):
                out.append("$")
                position += 2
            elif text.startswith("${", position):
                end = _closing_brace(text, position + 2)
                out.append(self._braced(text[position + 2 : end]))
                position = end + 1
            else:
                match = _NAME.match(text, position + 1)
                if match is None:
                    out.append("$")
                    position += 1
                    continue
                self.used.add(match.group())
                out.append(self.environ.get(match.group(), ""))
                position = match.end()
        return "".join(out)

    def _braced(self, body: str) -> str:
        name = _NAME.match(body)
        assert name is not None, f"bad interpolation ${{{body}}}"
        self.used.add(name.group())
        rest = body[name.end() :]
        value = self.environ.get(name.group())
        if not rest:
            return value or ""
        operator = next(op for op in _OPERATORS if rest.startswith(op))
        argument = rest[len(operator) :]
        unset = value is None or (operator.startswith(":") and value == "")
        if operator.endswith("-"):
            return self(argument) if unset else value  # type: ignore[return-value]
        if operator.endswith("?"):
            if unset:
                raise MissingVariable(f"{name.group()}: {self(argument)}")
            return value  # type: ignore[return-value]
        return "" if unset else self(argument)


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    for index in range(start, len(text)):
        if text.startswith("${", index):
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unclosed ${{ in {text!r}")


def _resolve(node: Any, interpolate: Interpolation) -> Any:
    if isinstance(node, str):
        return interpolate(node)
    if isinstance(node, list):
        return [_resolve(item, interpolate) for item in node]
    if isinstance(node, dict):
        return {key: _resolve(value, interpolate) for key, value in node.items()}
    return node


def raw() -> dict[str, Any]:
    """The file as YAML, anchors and merge keys applied, variables not yet interpolated."""
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def load(environ: dict[str, str]) -> tuple[dict[str, Any], set[str]]:
    """The file interpolated with `environ` (what .env and the shell would give), and every
    variable name it referred to."""
    interpolate = Interpolation(dict(environ))
    return _resolve(raw(), interpolate), interpolate.used


def env_example() -> dict[str, str]:
    """`.env.example`'s variables and values (blank lines and comments skipped)."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


_SHELL_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


@dataclass(frozen=True)
class Service:
    name: str
    command: list[str]
    environment: dict[str, str]
    test: list[str] | None
    """The healthcheck's `test`, as written (`CMD` or `CMD-SHELL` first)."""

    @classmethod
    def from_compose(cls, name: str, spec: dict[str, Any]) -> Service:
        environment = {
            key: "" if value is None else str(value) for key, value in spec.get("environment", {}).items()
        }
        test = (spec.get("healthcheck") or {}).get("test")
        return cls(name, list(spec.get("command") or []), environment, list(test) if test else None)

    def healthcheck(self, shell_variables: dict[str, str]) -> list[str]:
        """The healthcheck as an argv: `CMD` as given; `CMD-SHELL` with the container's shell
        variables (such as `$HOSTNAME`) expanded and split as a shell would."""
        assert self.test, f"{self.name} has no healthcheck"
        if self.test[0] == "CMD":
            return self.test[1:]
        assert self.test[0] == "CMD-SHELL", self.test
        expanded = _SHELL_VARIABLE.sub(lambda m: shell_variables[m.group(1) or m.group(2)], self.test[1])
        return shlex.split(expanded)


def services(environ: dict[str, str]) -> dict[str, Service]:
    resolved, _ = load(environ)
    return {name: Service.from_compose(name, spec) for name, spec in resolved["services"].items()}
