"""What a URL or a form carries, read strictly and in one place, so that odd input is a 4xx, never a 500.

- Ids in paths (`<int:…>` in every route) are ASCII digits within what the database stores (ids are
  `INTEGER`, at most 2^31 − 1 on PostgreSQL); anything else matches no route: 404.
- Numbers in query strings and forms are ASCII digits (`str.isdigit` and `int` also take `²`, `٣`
  or `１２`) within a range: otherwise 400 with a Chinese message.
- Dates are `YYYY-MM-DD` and months `YYYY-MM`, in the years 2000–2099 the product plans for (a date
  near 9999 overflows the first day added to it).
- No text may carry control characters other than tab and line breaks: PostgreSQL refuses NUL, and
  the others are invisible garbage in a report. Every form field, query argument, path part and JSON
  string is checked before any view runs, on both databases alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1
"""The largest id the database stores (PostgreSQL `INTEGER`)."""
MIN_YEAR, MAX_YEAR = 2000, 2099
_INTEGER = re.compile(r"-?[0-9]{1,12}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL, except tab, line feed and carriage return."""
CONTROL_REFUSAL = "提交的内容含有控制字符（如 NUL 等不可见字符），无法保存；请删除后重新提交。"
DATE_RANGE = f"{MIN_YEAR} 年至 {MAX_YEAR} 年"


def digits_up_to(limit: int) -> str:
    """A regular expression for the numbers 0…`limit` in ASCII digits: the range is in the pattern
    itself, so an id beyond it matches no route at all (404 for every method; a converter that
    refused it only after matching would make werkzeug answer 405 to a POST beside a GET rule)."""
    text = str(limit)
    parts = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for position, digit in enumerate(text):
        if digit != "0":
            parts.append(f"{text[:position]}[0-{int(digit) - 1}][0-9]{{{len(text) - position - 1}}}")
    parts.append(text)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` for every route: ASCII digits only, at most `MAX_ID` (else no match: 404)."""

    regex = digits_up_to(MAX_ID)

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_int(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """`text` as an integer in [low, high], written in ASCII digits; None for anything else."""
    text = (text or "").strip()
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def query_int(name: str, default: int | None = None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """A number from the query string; absent or empty gives `default`, anything else is a 400."""
    raw = request.args.get(name, "")
    if not raw.strip():
        return default
    value = parse_int(raw, low=low, high=high)
    if value is None:
        abort(400, description=f"参数 {name}「{raw[:20]}」必须是 {low} 到 {high} 之间的整数。")
    return value


def parse_date(text: str | None) -> date | None:
    """`YYYY-MM-DD` in the years the product plans for; None for anything else."""
    found = _DATE.fullmatch((text or "").strip())
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_month(text: str | None) -> date | None:
    """`YYYY-MM` (the month's first day) in the years the product plans for; None otherwise."""
    found = _MONTH.fullmatch((text or "").strip())
    if not found:
        return None
    year, month = (int(part) for part in found.groups())
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _request_strings() -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person could have typed into this request."""
    yield "path", request.path
    for source, values in (("query", request.args), ("form", request.form)):
        for key, value in values.items(multi=True):
            yield f"{source} {key[:40]!r}", key
            yield f"{source} {key[:40]!r}", value
    if request.is_json:
        for text in _strings(request.get_json(silent=True)):
            yield "json", text


def refuse_control_characters() -> None:
    """Before every view: a 400 in Chinese when any input carries a control character."""
    for where, text in _request_strings():
        if has_control_characters(text):
            log.info("control character refused in %s of %s %s", where, request.method, request.path)
            abort(400, description=CONTROL_REFUSAL)


def install_input_rules(app: Flask) -> None:
    """Before the blueprints are registered (their `<int:…>` rules take the converter then)."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters)
