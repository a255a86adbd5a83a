"""A time cap on reading one document, so a file built to be slow (60 MB of XML, a text of a million
tiny items) holds a web worker seconds, not minutes, and is refused with a message.

The cap is checked where the work grows with the document: between the reader's stages, for every
block of a .docx, every line and every outline level. `check_time()` outside `time_limit()` costs one
context-variable read and never refuses, so the parser's parts stay usable on their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from tracker.plans.errors import PlanInputError

PARSE_SECONDS = 20.0
"""A plan document reads in well under a second (bench/parse.py); a 10 MB text in about ten."""
TOO_SLOW_MESSAGE = (
    "解析该文件超过 {seconds:g} 秒仍未完成（文件过大或结构异常），已停止，未导入任何内容；"
    "请只保留计划部分，或拆分成几个文件后再导入。"
)

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("plan_parse_deadline", default=None)


@contextmanager
def time_limit(seconds: float = PARSE_SECONDS) -> Iterator[None]:
    """Within this block, `check_time()` refuses the document once `seconds` have passed."""
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    limit = _deadline.get()
    if limit is not None and time.monotonic() > limit[0]:
        raise PlanInputError(
            TOO_SLOW_MESSAGE.format(seconds=limit[1]), detail=f"parsing took over {limit[1]} s"
        )
