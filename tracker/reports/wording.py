"""The draft's wording: Jinja templates per section and per category, defaults shipped in
`tracker/reports/wording/`, replaceable by a coordinator on the settings page.

Templates run in Jinja's sandbox (a coordinator's text cannot reach Python) with strict undefined
names (a typo fails in the preview, not silently in the report). Every value they receive is cited
text (`tracker.reports.citing`); a default file named `NAME@CATEGORY.j2` applies only to plan items of
that category, and `NAME.j2` to every other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tracker.reports.citing import CLOSE, OPEN, clause

DEFAULTS_DIR = Path(__file__).resolve().parent / "wording"


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    label: str
    variables: str
    """What the template receives, shown beside the editor."""
    per_category: bool = False


SPECS: tuple[TemplateSpec, ...] = (
    TemplateSpec("title", "报告标题", "issuer 单位名称；year 年度"),
    TemplateSpec("opening", "开头段落", "issuer；year；item_count 计划事项数；task_count 任务数"),
    TemplateSpec("achievements.heading", "一、主要举措和成效（标题）", "year"),
    TemplateSpec(
        "achievements.item",
        "主要举措和成效（每个计划事项）",
        "item.title；has_record 是否有记录；work[].task / .entries[] / .evidence；"
        "figures[].name / .total / .unit / .baseline / .change / .change_word / .change_unit；"
        "tally.total / .done / .in_progress / .pending 及 tally.*_count 数字",
        per_category=True,
    ),
    TemplateSpec("problems.heading", "二、存在的问题（标题）", "year"),
    TemplateSpec(
        "problems.item",
        "存在的问题（每个计划事项）",
        "item.title；as_of 截止日期；unfinished 未办结数；problems[].task / .kind (overdue, unfinished, "
        "not_started, extended) / .deadline / .overdue_days / .percent / .latest / .extension"
        "(.deadline .previous .reason) / .percent_value 数字；not_started[] 未开展的任务；shortcomings[]",
        per_category=True,
    ),
    TemplateSpec("problems.shortcomings", "存在的问题（未归入事项的上年度问题）", "shortcomings[]"),
    TemplateSpec("problems.none", "存在的问题（没有问题时）", "task_total；shortcoming_total"),
    TemplateSpec("arrangements.heading", "三、下一年度主要安排（标题）", "next_year"),
    TemplateSpec("arrangements.intro", "下一年度主要安排（引言）", "issuer；next_year"),
    TemplateSpec(
        "arrangements.item",
        "下一年度主要安排（每个事项）",
        "item.title；item_carried 事项本身结转；item_recurring 事项本身常态化；next_year；areas[] "
        "未完成的简短事项；recurring_areas[] 常态化的简短事项；actions[].task / .recurring；shortcomings[]",
        per_category=True,
    ),
    TemplateSpec(
        "arrangements.shortcomings", "下一年度主要安排（未归入事项的问题整改）", "shortcomings[]；next_year"
    ),
    TemplateSpec("arrangements.none", "下一年度主要安排（没有结转事项时）", "task_total"),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


class WordingError(ValueError):
    """A template that does not compile or does not render; the message is for the coordinator."""


def _default_bodies() -> dict[tuple[str, str], str]:
    bodies = {}
    for path in sorted(DEFAULTS_DIR.glob("*.j2")):
        name, _, category = path.stem.partition("@")
        bodies[(name, category)] = path.read_text(encoding="utf-8")
    missing = {spec.name for spec in SPECS} - {name for name, category in bodies if not category}
    if missing:
        raise RuntimeError(f"default wording missing for {sorted(missing)}")
    return bodies


DEFAULT_BODIES: Mapping[tuple[str, str], str] = _default_bodies()

_ENVIRONMENT = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
)
_ENVIRONMENT.filters["clause"] = clause


def compile_template(name: str, body: str) -> Template:
    label = SPEC_BY_NAME[name].label if name in SPEC_BY_NAME else name
    if OPEN in body or CLOSE in body:
        raise WordingError(f"模板“{label}”含有系统保留的字符（U+E000/U+E001），请删除后再保存。")
    try:
        return _ENVIRONMENT.from_string(body)
    except TemplateSyntaxError as error:
        raise WordingError(f"模板“{label}”第{error.lineno}行有语法错误：{error.message}") from error


class Wording:
    """The templates in force: the coordinator's overrides over the shipped defaults."""

    def __init__(self, overrides: Mapping[tuple[str, str], str] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._compiled: dict[tuple[str, str], Template] = {}

    def key_for(self, name: str, category: str | None = None) -> tuple[str, str]:
        """The (name, category) whose body applies: the category's own before the general one, and a
        coordinator's before the shipped default at each step."""
        if name not in SPEC_BY_NAME:
            raise KeyError(name)
        candidates = [(name, category)] if category and SPEC_BY_NAME[name].per_category else []
        for key in [*candidates, (name, "")]:
            if key in self.overrides or key in DEFAULT_BODIES:
                return key
        raise KeyError(name)

    def body(self, name: str, category: str | None = None) -> str:
        key = self.key_for(name, category)
        return self.overrides.get(key, DEFAULT_BODIES.get(key, ""))

    def is_overridden(self, name: str, category: str = "") -> bool:
        return (name, category) in self.overrides

    def with_override(self, name: str, category: str, body: str) -> Wording:
        """A copy with one template replaced, for the settings page's preview."""
        return Wording({**self.overrides, (name, category): body})

    def render(self, name: str, category: str | None = None, **context: Any) -> str:
        key = self.key_for(name, category)
        template = self._compiled.get(key)
        if template is None:
            template = self._compiled[key] = compile_template(name, self.body(name, category))
        try:
            return template.render(**context)
        except TemplateError as error:
            raise WordingError(
                f"模板“{SPEC_BY_NAME[name].label}”无法生成：{error.message or error}"
            ) from error
        except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as error:
            # A coordinator's expression that fails on these values ({{ a + 1 }} on text, a bad index).
            raise WordingError(f"模板“{SPEC_BY_NAME[name].label}”无法生成：{error}") from error
